import type { CardInfo } from '../../contract/card';
import { AppError, isAppError } from '../../contract/errors';
import type { CreateOrderRequest, HostOrder } from '../../contract/host-api';
import { formatYuan, MAX_LOAD_FEN, type Fen } from '../../contract/money';
import { FINAL_STATES, type PayChannel, type RechargeRecord } from '../../contract/recharge';
import type { CardIdentity, CardPort } from '../card/port';
import type { NewRecharge } from '../journal/port';
import type { Clock } from '../clock';
import type { HostLink } from '../host/port';
import type { CardReadResult } from './api';
import type { Elsewhere } from './elsewhere';
import { journalHostWord, nextStep } from './host-status';
import type { RechargeJournal } from './journal-steps';

/** What the order side uses of the card (a read; who it is and its balance), the host, the journal and time. */
export interface PaymentPorts {
  card: Pick<CardPort, 'read' | 'readIdentity' | 'getBalance'>;
  host: Pick<HostLink, 'checkCard' | 'createOrder' | 'getOrder' | 'closeOrder'>;
  journal: RechargeJournal;
  clock: Pick<Clock, 'now'>;
  /** The host says LOADED though no MAC2 of ours was sent: decided from the card in the reader (elsewhere.ts). */
  elsewhere: Pick<Elsewhere, 'loadedElsewhere'>;
}

export interface PaymentSettings {
  terminalId: string;
  training: boolean;
  /** The card's maximum balance under the settings (by issuer network and card type). */
  cardMaxBalanceFor(card: Pick<CardIdentity, 'network' | 'cardType'>): Fen;
  /** Why this card may not be loaded today (account card, expired …) as an i18n code, or null. */
  refusal: (card: CardIdentity) => string | null;
  newId: () => string;
  /** Throws DAY_CLOSED when today's 日结 is done (main/journal/day-closures.ts); nothing new is dated a closed day. */
  dayOpen?: () => void;
}

/**
 * A new recharge as the counter opens it: amount, channel and operator, and where the channel brings them
 * already, its id (one derived from a payment code), the typed POS slip, the payment code masked.
 */
export type OpenRecharge = Pick<NewRecharge, 'amountFen' | 'channel' | 'operatorId' | 'posVoucher' | 'authCodeMasked'> & { id?: string };

/**
 * A recharge up to PAID (docs/architecture.md §2): the card read and what blocks it, the amount checks, the
 * host order, the payment check and closing an unpaid order. Nothing here writes the card.
 */
export class Payment {
  constructor(private readonly ports: PaymentPorts, private readonly settings: PaymentSettings) {}

  /** Reads the card for the wizard: what it says, plus what blocks a new recharge on it. */
  async readCard(): Promise<CardReadResult> {
    return this.assess(await this.ports.card.read());
  }

  /** READ → ORDERED: checks the amount and the card, journals READ, creates the host order. */
  async start(input: { amountFen: Fen; channel: PayChannel; operatorId: string }): Promise<RechargeRecord> {
    const rec = await this.open(input);
    // If this fails the order may still exist (an answer lost after the host committed it): the
    // recharge stays READ, pending, and resume closes the order once the host answers again.
    return this.createOrder(rec, rec.balanceBeforeFen);
  }

  /**
   * The checks of a new recharge, then READ: the amount, the card (who it is and its balance — 0015 and
   * GET BALANCE, docs/card-protocol.md §2), what blocks it (rule 3) and the room left on it. Nothing else.
   */
  async open(input: OpenRecharge, data: Record<string, unknown> = {}): Promise<RechargeRecord> {
    const { journal } = this.ports;
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new AppError('AMOUNT_ZERO');
    if (input.amountFen > MAX_LOAD_FEN) throw new AppError('AMOUNT_TOO_LARGE', { max: formatYuan(MAX_LOAD_FEN) });
    this.settings.dayOpen?.();
    const identity = await this.ports.card.readIdentity();
    const card = { ...identity, balanceFen: await this.ports.card.getBalance() };
    const assessed = await this.blockers(card);
    if (assessed.refusal) throw new AppError(assessed.refusal);
    const [blocking] = assessed.blocking;
    if (blocking) throw new AppError('RECHARGE_CARD_BLOCKED', { amount: formatYuan(blocking.amountFen), id: blocking.id });
    const [half] = assessed.hostHalfRecords;
    if (half) throw new AppError('RECHARGE_HOST_HALF_RECORD', { amount: formatYuan(half.amountFen), orderId: half.orderId });
    if (input.amountFen > assessed.roomFen) {
      throw new AppError('RECHARGE_OVER_MAX_BALANCE', { max: formatYuan(assessed.maxBalanceFen), left: formatYuan(assessed.roomFen) });
    }
    return journal.create({
      id: input.id ?? this.settings.newId(), training: this.settings.training, terminalId: this.settings.terminalId,
      operatorId: input.operatorId, cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor,
      amountFen: input.amountFen, channel: input.channel, balanceBeforeFen: card.balanceFen, cardVersion: card.cardVersion,
      posVoucher: input.posVoucher ?? null, authCodeMasked: input.authCodeMasked ?? null,
    }, { ...data, cardVersion: card.cardVersion, validUntil: card.validUntil });
  }

  /**
   * ORDERED: asks the host once (or takes `known`, the order a long poll just answered) and follows the §3a
   * table (host-status.ts): PAID when paid, CANCELLED when closed or expired unpaid, REFUNDING / REFUNDED /
   * UNLOADED / NEEDS_ADMIN on the host's word, the card's decision when the host says LOADED. Other states as they are.
   */
  async refreshPayment(rec: RechargeRecord, known?: HostOrder): Promise<RechargeRecord> {
    if (rec.state !== 'ORDERED' || !rec.orderId) return rec;
    const order = known ?? await this.ports.host.getOrder(rec.orderId);
    switch (nextStep(rec.state, order.status)) {
      case 'wait': {
        const expired = rec.orderExpiresAt !== null && this.ports.clock.now().getTime() > Date.parse(rec.orderExpiresAt);
        return expired ? this.closeUnpaid(rec) : rec;
      }
      case 'cancel':
        return this.ports.journal.step(rec.id, 'CANCELLED', { channelStatus: order.channelStatus });
      case 'paid':
        return this.paid(rec, order);
      default:
        return this.settle(rec, order);
    }
  }

  /** The operator cancels: READ or ORDERED → CANCELLED; refused once paid. */
  async cancel(rec: RechargeRecord): Promise<RechargeRecord> {
    if (rec.state === 'CANCELLED') return rec;
    if (rec.state !== 'ORDERED' && rec.state !== 'READ') throw new AppError('RECHARGE_ALREADY_PAID');
    return this.closeUnpaid(rec);
  }

  /**
   * Closes the order of a READ or ORDERED recharge → CANCELLED — unless the customer paid meanwhile: then the
   * recharge becomes PAID and this throws RECHARGE_ALREADY_PAID.
   */
  async closeUnpaid(rec: RechargeRecord): Promise<RechargeRecord> {
    const { host, journal } = this.ports;
    let orderId = rec.orderId;
    // READ: the order may or may not exist; creating it again is idempotent on our id.
    if (!orderId) orderId = (await host.createOrder(this.orderRequest(rec, rec.balanceBeforeFen))).orderId;
    try {
      const closed = await host.closeOrder(orderId);
      if (closed.status === 'CLOSED') return journal.step(rec.id, 'CANCELLED', { orderId, channelStatus: closed.channelStatus }, { orderId });
    } catch (e) {
      if (!isAppError(e, 'HOST_REJECTED')) throw e;
    }
    const order = await host.getOrder(orderId);
    if (order.status === 'CLOSED') return journal.step(rec.id, 'CANCELLED', { orderId }, { orderId });
    if (order.status === 'AWAITING_PAYMENT') throw new AppError('RECHARGE_WRONG_STATE', { state: rec.state });
    // The customer paid: the recharge follows the host (§3a), and the cancel is refused with what became of it.
    const ordered = rec.state === 'READ' ? journal.step(rec.id, 'ORDERED', { orderId }, { orderId }) : journal.get(rec.id);
    const now = nextStep('ORDERED', order.status) === 'paid' ? this.paid(ordered, order) : await this.settle(ordered, order);
    if (now.state === 'REFUNDING' || now.state === 'REFUNDED') throw new AppError('RECHARGE_ALREADY_REFUNDED');
    throw new AppError('RECHARGE_ALREADY_PAID');
  }

  private paid(rec: RechargeRecord, order: HostOrder): RechargeRecord {
    return this.ports.journal.step(rec.id, 'PAID', { channelStatus: order.channelStatus, hostStatus: order.status }, { tradeNo: order.tradeNo });
  }

  /** What the host's word settles (refunded, unloaded elsewhere, a contradiction), or the card for LOADED. */
  private async settle(rec: RechargeRecord, order: HostOrder): Promise<RechargeRecord> {
    const settled = journalHostWord(this.ports.journal, rec, order);
    if (settled) return settled;
    if (nextStep(rec.state, order.status) === 'probe') return this.ports.elsewhere.loadedElsewhere(rec, order);
    return rec;
  }

  /** READ → ORDERED: the host order for the recharge (idempotent on its id); a POS order carries its slip. */
  async createOrder(rec: RechargeRecord, balanceFen: Fen): Promise<RechargeRecord> {
    const order = await this.ports.host.createOrder(this.orderRequest(rec, balanceFen));
    return this.ports.journal.step(rec.id, 'ORDERED', { orderId: order.orderId, channelStatus: order.channelStatus }, {
      orderId: order.orderId, qrPayload: order.qrPayload, orderExpiresAt: order.expiresAt,
    });
  }

  private orderRequest(rec: RechargeRecord, balanceFen: Fen): CreateOrderRequest {
    return {
      clientOrderId: rec.id, cardNo: rec.cardNo, plate: rec.plate, plateColor: rec.plateColor, amountFen: rec.amountFen,
      channel: rec.channel, terminalId: rec.terminalId, balanceFen, ...(rec.posVoucher ? { posVoucher: rec.posVoucher } : {}),
    };
  }

  private async assess(card: CardInfo): Promise<CardReadResult> {
    return { card, ...await this.blockers(card) };
  }

  private async blockers(card: CardIdentity & { balanceFen: Fen }): Promise<Omit<CardReadResult, 'card'>> {
    const refusal = this.settings.refusal(card);
    const blocking = this.ports.journal.blockingFor(card.cardNo);
    const hostHalfRecords: CardReadResult['hostHalfRecords'] = [];
    const maxBalanceFen = this.settings.cardMaxBalanceFor(card);
    let roomFen = Math.max(0, maxBalanceFen - card.balanceFen);
    let hostChecked = false;
    try {
      const check = await this.ports.host.checkCard(card.cardNo, { balanceFen: card.balanceFen });
      hostChecked = true;
      roomFen = Math.max(0, Math.min(roomFen, check.loadableFen));
      for (const h of check.halfRecords) this.sortHalfRecord(h, blocking, hostHalfRecords);
    } catch (e) {
      if (!isAppError(e) || !e.code.startsWith('HOST_')) throw e;
    }
    return { refusal, blocking, hostHalfRecords, hostChecked, maxBalanceFen, roomFen };
  }

  /**
   * A paid order the host holds unresolved blocks the card either way: as our own recharge to resume when
   * this journal can finish it (e.g. still ORDERED here because the payment was never polled), or as a
   * host half record (another terminal's, or one this journal already closed) for 圈存 from the records page.
   */
  private sortHalfRecord(h: HostOrder, blocking: RechargeRecord[], hostOnly: CardReadResult['hostHalfRecords']): void {
    if (blocking.some((r) => r.orderId === h.orderId)) return;
    const local = this.ports.journal.find(h.clientOrderId);
    if (local && !FINAL_STATES.includes(local.state)) blocking.push(local);
    else hostOnly.push({ orderId: h.orderId, amountFen: h.amountFen, createdAt: h.createdAt });
  }
}
