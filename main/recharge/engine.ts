import { randomUUID } from 'node:crypto';
import type { CardInfo } from '../../contract/card';
import { AppError, isAppError } from '../../contract/errors';
import { isPayChannel, type CardEvidence, type HostOrder } from '../../contract/host-api';
import { formatYuan, MAX_LOAD_FEN, type Fen } from '../../contract/money';
import { FINAL_STATES, type PayChannel, type RechargeRecord, type RechargeState } from '../../contract/recharge';
import type { CardPort } from '../card/port';
import type { HostLink } from '../host/port';
import type { Journal, RechargePatch } from '../journal/port';
import type { CardReadResult, RechargeEngineApi } from './api';
import { CardLoad } from './card-load';
import { systemClock, type Clock } from '../clock';

export interface EngineOptions {
  card: CardPort;
  host: HostLink;
  journal: Journal;
  clock?: Clock;
  terminalId: string;
  training: boolean;
  pin: string;
  pinEncoding: 'bcd' | 'ascii';
  keyIndex?: number; // 0x01 = 3DES load key
  cardMaxBalanceFen: Fen;
  /** Why a card may not be loaded (account card, expired …) as an i18n code, or null. */
  loadRefusal: (card: CardInfo, today: string) => string | null;
  newId?: () => string;
}

/**
 * The recharge engine of design.md §2. Every step is journaled before the action it announces and after
 * its outcome; CREDIT FOR LOAD is sent only right after AUTHORIZED is durable, and never again for the
 * same MAC2: an interrupted write is always decided from the card (etc-card.md §4).
 */
export class RechargeEngine implements RechargeEngineApi {
  private readonly clock: Clock;
  private readonly listeners = new Set<(r: RechargeRecord) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private writing = false;
  private readonly cardLoad: CardLoad;

  constructor(private readonly o: EngineOptions) {
    this.clock = o.clock ?? systemClock;
    this.cardLoad = new CardLoad(o, o.journal, (...a) => this.step(...a), (busy) => { this.writing = busy; });
  }

  onChange(listener: (r: RechargeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  busy(): boolean {
    return this.writing;
  }

  pending(): RechargeRecord[] {
    return this.o.journal.unfinished();
  }

  get(id: string): RechargeRecord | null {
    return this.o.journal.get(id);
  }

  events(id: string) {
    return this.o.journal.events(id);
  }

  readCard(): Promise<CardReadResult> {
    return this.exclusive(async () => {
      const card = await this.o.card.read();
      return this.assess(card);
    });
  }

  start(input: { amountFen: Fen; channel: PayChannel; operatorId: string }): Promise<RechargeRecord> {
    return this.exclusive(async () => {
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new AppError('AMOUNT_ZERO');
      if (input.amountFen > MAX_LOAD_FEN) throw new AppError('AMOUNT_TOO_LARGE', { max: formatYuan(MAX_LOAD_FEN) });
      const card = await this.o.card.read();
      const assessed = await this.assess(card);
      if (assessed.refusal) throw new AppError(assessed.refusal);
      const [blocking] = assessed.blocking;
      if (blocking) throw new AppError('RECHARGE_CARD_BLOCKED', { amount: formatYuan(blocking.amountFen), id: blocking.id });
      const [half] = assessed.hostHalfRecords;
      if (half) throw new AppError('RECHARGE_HOST_HALF_RECORD', { amount: formatYuan(half.amountFen), orderId: half.orderId });
      const left = this.o.cardMaxBalanceFen - card.balanceFen;
      if (input.amountFen > left) {
        throw new AppError('RECHARGE_OVER_MAX_BALANCE', { max: formatYuan(this.o.cardMaxBalanceFen), left: formatYuan(Math.max(0, left)) });
      }
      const rec = this.o.journal.create({
        id: (this.o.newId ?? randomUUID)(), training: this.o.training, terminalId: this.o.terminalId,
        operatorId: input.operatorId, cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor,
        amountFen: input.amountFen, channel: input.channel, balanceBeforeFen: card.balanceFen,
      }, { cardVersion: card.cardVersion, validUntil: card.validUntil });
      this.emit(rec);
      // If this fails the order may still exist (an answer lost after the host committed it): the
      // recharge stays READ, pending, and resume closes the order once the host answers again.
      return this.createOrder(rec, card.balanceFen);
    });
  }

  checkPayment(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.refreshPayment(this.mustGet(id)));
  }

  async waitForPayment(id: string, opts: { signal?: AbortSignal } = {}): Promise<RechargeRecord> {
    let delay = 1000;
    for (;;) {
      const rec = await this.checkPayment(id);
      if (rec.state !== 'ORDERED') return rec;
      await this.clock.sleep(delay, opts.signal);
      delay = Math.min(5000, Math.round(delay * 1.5));
    }
  }

  cancel(id: string): Promise<RechargeRecord> {
    return this.exclusive(async () => {
      const rec = this.mustGet(id);
      if (rec.state === 'CANCELLED') return rec;
      if (rec.state !== 'ORDERED' && rec.state !== 'READ') throw new AppError('RECHARGE_ALREADY_PAID');
      return this.closeUnpaid(rec);
    });
  }

  load(id: string): Promise<RechargeRecord> {
    return this.exclusive(async () => {
      const rec = this.mustGet(id);
      if (rec.state !== 'PAID') throw new AppError('RECHARGE_WRONG_STATE', { state: rec.state });
      await this.cardLoad.readSameCard(rec);
      return this.cardLoad.writeCard(rec);
    });
  }

  resume(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.resumeOne(this.mustGet(id)));
  }

  adoptHostOrder(orderId: string, operatorId: string): Promise<RechargeRecord> {
    return this.exclusive(async () => {
      const order = await this.o.host.getOrder(orderId);
      const known = this.o.journal.get(order.clientOrderId);
      if (known) return this.resumeOne(known);
      if (order.status !== 'PAID' && order.status !== 'UNLOADED') {
        throw new AppError('RECHARGE_HOST_ORDER_NOT_LOADABLE', { orderId, status: order.status });
      }
      const card = await this.o.card.read();
      if (card.cardNo !== order.cardNo) {
        throw new AppError('RECHARGE_CARD_MISMATCH', { expected: order.cardNo, actual: card.cardNo });
      }
      const refusal = this.o.loadRefusal(card, localDate(this.clock.now()));
      if (refusal) throw new AppError(refusal);
      if (!isPayChannel(order.channel)) throw new AppError('HOST_CHANNEL_UNSUPPORTED', { orderId, channel: order.channel });
      const rec = this.o.journal.create({
        id: order.clientOrderId, training: this.o.training, terminalId: this.o.terminalId, operatorId,
        cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor, amountFen: order.amountFen,
        channel: order.channel, balanceBeforeFen: card.balanceFen,
      }, { adoptedFrom: { orderId, terminalId: order.terminalId, hostStatus: order.status } });
      this.emit(rec);
      this.step(rec.id, 'ORDERED', { orderId, adopted: true }, { orderId });
      const paid = this.step(rec.id, 'PAID', { channelStatus: order.channelStatus, hostStatus: order.status }, { tradeNo: order.tradeNo });
      // The card session from read() is still open: write it now, with this terminal's own INIT and MAC2.
      return this.cardLoad.writeCard(paid);
    });
  }

  // ── steps ────────────────────────────────────────────────────────────────────────────────────

  private async assess(card: CardInfo): Promise<CardReadResult> {
    const refusal = this.o.loadRefusal(card, localDate(this.clock.now()));
    const blocking = this.o.journal.blockingFor(card.cardNo);
    const hostHalfRecords: CardReadResult['hostHalfRecords'] = [];
    let hostChecked = false;
    try {
      const check = await this.o.host.checkCard(card.cardNo);
      hostChecked = true;
      for (const h of check.halfRecords) this.sortHalfRecord(h, blocking, hostHalfRecords);
    } catch (e) {
      if (!isAppError(e) || !e.code.startsWith('HOST_')) throw e;
    }
    return { card, refusal, blocking, hostHalfRecords, hostChecked };
  }

  /**
   * A paid order the host holds unresolved blocks the card either way: as our own recharge to resume when
   * this journal can finish it (e.g. still ORDERED here because the payment was never polled), or as a
   * host half record (another terminal's, or one this journal already closed) for 圈存 from the records page.
   */
  private sortHalfRecord(h: HostOrder, blocking: RechargeRecord[], hostOnly: CardReadResult['hostHalfRecords']): void {
    if (blocking.some((r) => r.orderId === h.orderId)) return;
    const local = this.o.journal.get(h.clientOrderId);
    if (local && !FINAL_STATES.includes(local.state)) blocking.push(local);
    else hostOnly.push({ orderId: h.orderId, amountFen: h.amountFen, createdAt: h.createdAt });
  }

  private async createOrder(rec: RechargeRecord, balanceFen: Fen): Promise<RechargeRecord> {
    const order = await this.o.host.createOrder({
      clientOrderId: rec.id, cardNo: rec.cardNo, plate: rec.plate, plateColor: rec.plateColor, amountFen: rec.amountFen,
      channel: rec.channel, terminalId: rec.terminalId, balanceFen,
    });
    return this.step(rec.id, 'ORDERED', { orderId: order.orderId, channelStatus: order.channelStatus }, {
      orderId: order.orderId, qrPayload: order.qrPayload, orderExpiresAt: order.expiresAt,
    });
  }

  private async refreshPayment(rec: RechargeRecord): Promise<RechargeRecord> {
    if (rec.state !== 'ORDERED' || !rec.orderId) return rec;
    const order = await this.o.host.getOrder(rec.orderId);
    if (order.status === 'AWAITING_PAYMENT') {
      const expired = rec.orderExpiresAt !== null && this.clock.now().getTime() > Date.parse(rec.orderExpiresAt);
      return expired ? this.closeUnpaid(rec) : rec;
    }
    if (order.status === 'CLOSED') return this.step(rec.id, 'CANCELLED', { channelStatus: order.channelStatus });
    return this.step(rec.id, 'PAID', { channelStatus: order.channelStatus, hostStatus: order.status }, { tradeNo: order.tradeNo });
  }

  /** Closes the order unless the customer paid meanwhile, in which case the recharge becomes PAID. */
  private async closeUnpaid(rec: RechargeRecord): Promise<RechargeRecord> {
    let orderId = rec.orderId;
    if (!orderId) {
      // READ: the order may or may not exist; creating it again is idempotent on our id.
      const order = await this.o.host.createOrder({
        clientOrderId: rec.id, cardNo: rec.cardNo, plate: rec.plate, plateColor: rec.plateColor, amountFen: rec.amountFen,
        channel: rec.channel, terminalId: rec.terminalId, balanceFen: rec.balanceBeforeFen,
      });
      orderId = order.orderId;
    }
    try {
      const closed = await this.o.host.closeOrder(orderId);
      if (closed.status === 'CLOSED') return this.step(rec.id, 'CANCELLED', { orderId, channelStatus: closed.channelStatus }, { orderId });
    } catch (e) {
      if (!isAppError(e, 'HOST_REJECTED')) throw e;
    }
    const order = await this.o.host.getOrder(orderId);
    if (order.status === 'CLOSED') return this.step(rec.id, 'CANCELLED', { orderId }, { orderId });
    if (order.status === 'AWAITING_PAYMENT') throw new AppError('RECHARGE_WRONG_STATE', { state: rec.state });
    if (rec.state === 'READ') this.step(rec.id, 'ORDERED', { orderId }, { orderId });
    this.step(rec.id, 'PAID', { channelStatus: order.channelStatus, hostStatus: order.status }, { tradeNo: order.tradeNo });
    throw new AppError('RECHARGE_ALREADY_PAID');
  }

  private async resumeOne(rec: RechargeRecord): Promise<RechargeRecord> {
    switch (rec.state) {
      case 'READ':
        return this.closeUnpaid(rec);
      case 'ORDERED': {
        const now = await this.refreshPayment(rec);
        if (now.state !== 'PAID') return now;
        await this.cardLoad.readSameCard(now);
        return this.cardLoad.writeCard(now);
      }
      case 'PAID':
      case 'INIT': // nothing reached the card at INIT; a fresh INIT gets a fresh MAC2
        await this.cardLoad.readSameCard(rec);
        return this.cardLoad.writeCard(rec);
      case 'AUTHORIZED':
        return this.cardLoad.resumeAuthorized(rec);
      case 'WRITTEN': {
        const written = this.cardLoad.lastEventData(rec.id, 'WRITTEN');
        const init = this.cardLoad.lastEventData(rec.id, 'AUTHORIZED');
        return this.cardLoad.confirmAndVerify(rec, {
          onlineSerial: Number(init.onlineSerial), newBalanceFen: Number(written.newBalanceFen),
          tac: typeof written.tac === 'string' ? written.tac : null,
          evidence: (written.evidence as CardEvidence | undefined) ?? null,
        });
      }
      case 'UNLOADED': { // 圈存: load a recharge proven not on the card
        await this.cardLoad.readSameCard(rec);
        const proven = this.cardLoad.lastEventData(rec.id, 'UNLOADED');
        // The host may not have heard of it if it was down then; telling it again is idempotent.
        await this.o.host.markUnloaded(rec.orderId ?? '', { evidence: proven.evidence as CardEvidence });
        return this.cardLoad.writeCard(rec);
      }
      case 'NEEDS_ADMIN':
        throw new AppError('RECHARGE_NEEDS_ADMIN');
      default:
        return rec; // CONFIRMED, VERIFIED, CANCELLED: nothing left to do
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private step(id: string, state: RechargeState, data: Record<string, unknown> = {}, patch: RechargePatch = {}): RechargeRecord {
    const rec = this.o.journal.append(id, state, data, patch);
    this.emit(rec);
    return rec;
  }

  private emit(rec: RechargeRecord): void {
    for (const l of this.listeners) {
      try { l(rec); } catch { /* a listener's failure must not break a load */ }
    }
  }

  private mustGet(id: string): RechargeRecord {
    const rec = this.o.journal.get(id);
    if (!rec) throw new AppError('RECHARGE_NOT_FOUND', { id });
    return rec;
  }

  /** One card operation at a time: the reader and the journal see a single sequence of steps. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
