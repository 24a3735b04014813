import type {
  AuthorizeRequest, AuthorizeResponse, CardCheckResponse, ConfirmRequest, CreateOrderRequest, HostOrder, HostOrderStatus, HostRecord,
  MicropayRequest, PosVoucher, SignInResponse, TerminalDay, UnloadedRequest,
} from '../../../contract/host-api';
import type { OrderWait } from '../../host/port';
import { HostRejectedError } from '../../host/errors';
import type { HostLink } from '../../host/port';

type Method = 'checkCard' | 'createOrder' | 'getOrder' | 'closeOrder' | 'authorize' | 'confirm' | 'markUnloaded' | 'micropay' | 'terminalDay';

/**
 * A HostLink for the recharge specs: orders in a map, the host's side of the state machine
 * (docs/architecture.md §3), every call written to the shared `timeline` as `host.<method> …`. `failNext`
 * scripts errors; `loseAnswer` makes a call take effect on the host and then throw as if the answer were lost.
 */
export class FakeHost implements HostLink {
  readonly orders = new Map<string, HostOrder>();
  readonly failNext: Partial<Record<Method, Error[]>> = {};
  readonly loseAnswer: Partial<Record<Method, Error[]>> = {};
  /** Every authorize request and the MAC2 it was given. */
  readonly authorized: { req: AuthorizeRequest; mac2: string }[] = [];
  readonly confirmed: ConfirmRequest[] = [];
  readonly unloaded: UnloadedRequest[] = [];
  /** The acquirer's slips, by reference no: amount, and the order each funds once claimed. */
  readonly slips = new Map<string, { voucher: PosVoucher; amountFen: number; orderId: string | null }>();
  /** How the next payment codes are answered, first in first out (default: paid at once). */
  readonly micropayAnswers: ('paid' | 'waiting' | { refuse: string })[] = [];
  /** Every payment code sent, in order. */
  readonly micropays: MicropayRequest[] = [];
  /** The host's authorizations per order: serial, terminal, and whether proven unused (`/unloaded`). */
  readonly auths = new Map<string, { serial: number; terminalId: string; unused: boolean }[]>();
  private orderCount = 0;
  private mac2s = 0;

  constructor(private readonly timeline: string[], private readonly now: () => Date = () => new Date('2025-03-01T04:00:00Z')) {}

  /** The customer pays (or another channel did): AWAITING_PAYMENT → PAID. */
  pay(orderId: string): void {
    this.patch(orderId, { status: 'PAID', channelStatus: 'SUCCESS', tradeNo: `T${orderId}`, paidAt: this.now().toISOString() });
  }

  /** An order created elsewhere (another terminal, online), already paid. */
  foreignPaidOrder(o: { clientOrderId: string; cardNo: string; amountFen: number; terminalId?: string }): HostOrder {
    const order = this.newOrder({ plate: '甘A12345', plateColor: 0, channel: 'alipay', terminalId: '000001000099', balanceFen: 0, ...o });
    this.pay(order.orderId);
    return this.order(order.orderId);
  }

  /**
   * The issuer's refund job as the simulator runs it (sim/host/refunds.ts): a paid, unloaded order of
   * business day 2025-03-01 becomes REFUNDING (expected back 2025-03-03), then REFUNDED with its refund number.
   */
  refund(orderId: string, to: 'REFUNDING' | 'REFUNDED'): HostOrder {
    const refund = {
      businessDay: '2025-03-01', expectedDate: '2025-03-03', heldForCard: false,
      refundNo: to === 'REFUNDED' ? `RF${orderId}` : null, refundedAt: to === 'REFUNDED' ? '2025-03-03T01:00:00.000Z' : null,
    };
    return this.patch(orderId, { status: to, channelStatus: 'REFUND', refund });
  }

  /** Another terminal's authorization of the order at `serial`, not proven unused: the host refuses others (SERIAL_CHANGED). */
  foreignAuthorize(orderId: string, serial: number, terminalId = '000001000099'): void {
    this.authsOf(orderId).push({ serial, terminalId, unused: false });
  }

  /** The order's status changed on the host's side (loaded elsewhere, an administrator's correction, a contradiction). */
  setStatus(orderId: string, status: HostOrderStatus): HostOrder {
    if (status === 'UNLOADED') for (const a of this.authsOf(orderId)) a.unused = true; // as an accepted `/unloaded` leaves them
    return this.patch(orderId, { status, loadedAt: status === 'LOADED' ? this.now().toISOString() : null });
  }

  order(orderId: string): HostOrder {
    const o = this.orders.get(orderId);
    if (!o) throw new HostRejectedError(404, 'ORDER_NOT_FOUND', '订单不存在');
    return { ...o };
  }

  signIn(): Promise<SignInResponse> {
    return Promise.resolve({ token: 'fake', hostTime: this.now().toISOString() });
  }

  checkCard(cardNo: string): Promise<CardCheckResponse> {
    return this.call('checkCard', cardNo, () => {
      const mine = [...this.orders.values()].filter((o) => o.cardNo === cardNo);
      return { cardNo, loadableFen: 1_000_000, halfRecords: mine.filter((o) => o.status === 'PAID'), unloadedRecords: mine.filter((o) => o.status === 'UNLOADED') };
    });
  }

  createOrder(req: CreateOrderRequest): Promise<HostOrder> {
    return this.call('createOrder', req.clientOrderId, () => {
      const known = [...this.orders.values()].find((o) => o.clientOrderId === req.clientOrderId);
      if (known) return { ...known };
      if (req.channel !== 'pos' || !req.posVoucher) return this.newOrder(req);
      // POS: the slip must be the acquirer's, unused, of this amount; the order is PAID at creation.
      const v = req.posVoucher;
      const slip = this.slips.get(v.referenceNo);
      if (!slip || slip.voucher.voucherNo !== v.voucherNo) throw new HostRejectedError(409, 'POS_SLIP_NOT_FOUND', '收单行没有这张签购单');
      if (slip.orderId) {
        throw new HostRejectedError(409, 'POS_SLIP_USED', '签购单已使用', { referenceNo: v.referenceNo, orderId: slip.orderId });
      }
      if (slip.amountFen !== req.amountFen) throw new HostRejectedError(409, 'POS_AMOUNT_MISMATCH', '金额不符');
      const order = this.newOrder(req);
      slip.orderId = order.orderId;
      return this.patch(order.orderId, {
        status: 'PAID', channelStatus: 'APPROVED', tradeNo: v.referenceNo, paidAt: this.now().toISOString(), qrPayload: '',
        posVoucher: { ...slip.voucher }, // the acquirer's slip, as the host answers it
      });
    });
  }

  /** A long poll is not held here: the order is answered as it is (the engine then paces itself). */
  getOrder(orderId: string, wait: OrderWait = {}): Promise<HostOrder> {
    return this.call('getOrder', wait.waitMs ? `${orderId} wait ${wait.waitMs}` : orderId, () => this.order(orderId));
  }

  closeOrder(orderId: string): Promise<HostOrder> {
    return this.call('closeOrder', orderId, () => {
      const o = this.order(orderId);
      if (o.status === 'AWAITING_PAYMENT') return this.patch(orderId, { status: 'CLOSED', channelStatus: 'CLOSED' });
      if (o.status === 'CLOSED') return o;
      throw new HostRejectedError(409, 'ORDER_PAID', '订单已支付');
    });
  }

  /** As the simulator (sim/host/load.ts): refused for unpaid, closed, refunding, refunded and loaded orders, and for another serial while a MAC2 is live. */
  authorize(orderId: string, req: AuthorizeRequest): Promise<AuthorizeResponse> {
    return this.call('authorize', orderId, () => {
      const o = this.order(orderId);
      const refusal: Partial<Record<HostOrderStatus, string>> = {
        AWAITING_PAYMENT: 'ORDER_NOT_PAID', CLOSED: 'ORDER_CLOSED', REFUNDING: 'ORDER_REFUNDING', REFUNDED: 'ORDER_REFUNDED', LOADED: 'ORDER_LOADED',
      };
      const code = refusal[o.status];
      if (code) throw new HostRejectedError(409, code, `订单状态 ${o.status}`);
      const live = this.authsOf(orderId).find((a) => !a.unused && a.serial !== req.onlineSerial);
      if (live) throw new HostRejectedError(409, 'SERIAL_CHANGED', `联机交易序号已从 ${live.serial} 变为 ${req.onlineSerial}`);
      this.authsOf(orderId).push({ serial: req.onlineSerial, terminalId: req.terminalId, unused: false });
      if (o.status === 'UNLOADED') this.patch(orderId, { status: 'PAID' }); // 圈存修复
      this.mac2s += 1;
      const mac2 = `MAC2-${this.mac2s}`;
      this.authorized.push({ req, mac2 });
      this.timeline.push(`host.mac2 ${mac2}`);
      return { mac2, hostDate: '20250301', hostTime: `12${String(this.mac2s).padStart(2, '0')}00` };
    });
  }

  /** A refunded order answers ORDER_REFUNDED_BUT_LOADED to a TAC (kept for the administrator), ORDER_REFUNDING/-ED to evidence. */
  confirm(orderId: string, req: ConfirmRequest): Promise<HostOrder> {
    return this.call('confirm', orderId, () => {
      this.confirmed.push(req);
      const o = this.order(orderId);
      if (o.status === 'REFUNDING' || o.status === 'REFUNDED') {
        if (req.tac) throw new HostRejectedError(409, 'ORDER_REFUNDED_BUT_LOADED', '已退款但卡片证明已圈存');
        throw new HostRejectedError(409, o.status === 'REFUNDING' ? 'ORDER_REFUNDING' : 'ORDER_REFUNDED', '订单已退款');
      }
      if (o.status === 'LOADED') return o;
      if (o.status === 'AWAITING_PAYMENT' || o.status === 'CLOSED') throw new HostRejectedError(409, o.status === 'CLOSED' ? 'ORDER_CLOSED' : 'ORDER_NOT_PAID', '订单未付款');
      return this.patch(orderId, { status: 'LOADED', loadedAt: this.now().toISOString(), refund: null });
    });
  }

  /** Proves the order's MAC2s unused; a refunding or refunded order answers unchanged; a loaded one is refused. */
  markUnloaded(orderId: string, req: UnloadedRequest): Promise<HostOrder> {
    return this.call('markUnloaded', orderId, () => {
      this.unloaded.push(req);
      const o = this.order(orderId);
      if (o.status === 'REFUNDING' || o.status === 'REFUNDED' || o.status === 'UNLOADED') return o;
      if (o.status === 'LOADED') throw new HostRejectedError(409, 'ORDER_LOADED', '订单已圈存');
      if (o.status === 'AWAITING_PAYMENT' || o.status === 'CLOSED') throw new HostRejectedError(409, o.status === 'CLOSED' ? 'ORDER_CLOSED' : 'ORDER_NOT_PAID', '订单未付款');
      for (const a of this.authsOf(orderId)) a.unused = true;
      return this.patch(orderId, { status: 'UNLOADED' });
    });
  }

  records(): Promise<HostRecord[]> {
    return Promise.resolve([]);
  }

  /**
   * 付款码: by `micropayAnswers` — paid at once (default), waiting for the customer (USERPAYING: `pay` later
   * completes it) or refused with a host code. Like the host, the same code on the same order answers again.
   */
  micropay(orderId: string, req: MicropayRequest): Promise<HostOrder> {
    return this.call('micropay', `${orderId} ${req.authCode}`, () => {
      const seen = this.micropays.some((m) => m.authCode === req.authCode);
      this.micropays.push(req);
      if (seen || this.order(orderId).status !== 'AWAITING_PAYMENT') return this.order(orderId);
      const answer = this.micropayAnswers.shift() ?? 'paid';
      if (answer === 'paid') this.pay(orderId);
      else if (answer === 'waiting') this.patch(orderId, { channelStatus: 'USERPAYING' });
      else throw new HostRejectedError(409, answer.refuse, `付款被拒绝（${answer.refuse}）`);
      return this.order(orderId);
    });
  }

  /** A slip the acquirer knows (POST /sim/acquirer/slips). */
  addSlip(voucher: PosVoucher, amountFen: number): void {
    this.slips.set(voucher.referenceNo, { voucher, amountFen, orderId: null });
  }

  /** The host's view of one terminal's day: its orders created that (UTC) day, no totals. */
  terminalDay(terminalId: string, day: string): Promise<TerminalDay> {
    return this.call('terminalDay', `${terminalId} ${day}`, () => {
      const orders = [...this.orders.values()].filter((o) => o.terminalId === terminalId && o.createdAt.startsWith(day));
      const view: TerminalDay = {
        terminalId, day, generatedAt: this.now().toISOString(), reconciledAt: null, totals: [],
        orders: orders.map((o) => ({ ...o, loadTerminalId: o.status === 'LOADED' ? terminalId : null })),
      };
      return view;
    });
  }

  private authsOf(orderId: string): { serial: number; terminalId: string; unused: boolean }[] {
    let list = this.auths.get(orderId);
    if (!list) this.auths.set(orderId, (list = []));
    return list;
  }

  private newOrder(req: Omit<CreateOrderRequest, 'balanceFen'> & { balanceFen?: number }): HostOrder {
    this.orderCount += 1;
    const orderId = `ORD${this.orderCount}`;
    const createdAt = this.now().toISOString();
    const order: HostOrder = {
      orderId, clientOrderId: req.clientOrderId, status: 'AWAITING_PAYMENT', channelStatus: 'NOTPAY', channel: req.channel,
      cardNo: req.cardNo, plate: req.plate, plateColor: req.plateColor, amountFen: req.amountFen, terminalId: req.terminalId,
      qrPayload: `weixin://pay/${orderId}`, tradeNo: null, createdAt,
      expiresAt: new Date(this.now().getTime() + 15 * 60_000).toISOString(), paidAt: null, loadedAt: null,
      refund: null, posVoucher: null,
    };
    this.orders.set(orderId, order);
    return { ...order };
  }

  private patch(orderId: string, p: Partial<HostOrder>): HostOrder {
    const o = { ...this.order(orderId), ...p };
    this.orders.set(orderId, o);
    return { ...o };
  }

  private call<T>(m: Method, what: string, run: () => T): Promise<T> {
    this.timeline.push(`host.${m} ${what}`);
    try {
      const failed = this.failNext[m]?.shift();
      if (failed) throw failed;
      const answer = run();
      const lost = this.loseAnswer[m]?.shift();
      if (lost) throw lost;
      return Promise.resolve(answer);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
