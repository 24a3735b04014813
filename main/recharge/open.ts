import type { CardInfo } from '../../contract/card';
import { AppError, isAppError } from '../../contract/errors';
import type { HostOrder } from '../../contract/host-api';
import { formatYuan, MAX_LOAD_FEN, type Fen } from '../../contract/money';
import { FINAL_STATES, type RechargeRecord } from '../../contract/recharge';
import type { StepData } from '../../contract/recharge-events';
import { t } from '../../contract/i18n';
import { badSlipField, type PosMode, type PosSlipEntry, type PosVoucher } from '../../contract/pos';
import type { CardIdentity } from '../card/port';
import type { NewRecharge } from '../journal/port';
import type { CardReadResult } from './api';
import type { StepPorts } from './steps/context';

/**
 * A new recharge as the counter opens it: amount, channel and operator, and where the channel brings them already,
 * its id (one derived from a payment code), the typed POS slip, the payment code masked.
 */
export type OpenRecharge = Pick<NewRecharge, 'id' | 'amountFen' | 'channel' | 'operatorId' | 'posVoucher' | 'authCodeMasked'> & {
  entry: StepData<'opened'>['entry'];
  pos?: string | null;
};

/**
 * Opening recharges (docs/architecture.md §2): the card read for the wizard with what blocks it, and the checks
 * before anything is ordered or charged — the amount, the card (who it is, its balance), what blocks it (rule 3), the
 * room left on it (its maximum balance and the host's loadable amount: a customer is never charged for a load the card
 * cannot take) — then READ, journaled in a transaction that refuses a closed business day.
 */
export class Opener {
  constructor(private readonly ports: StepPorts, private readonly settings: { training: boolean }) {}

  /** Reads the card for the wizard: what it says, plus what blocks a new recharge on it and the room left on it. */
  async readCard(): Promise<CardReadResult> {
    const card: CardInfo = await this.ports.card.read();
    return { card, ...await this.assess(card) };
  }

  /** The checks of a new recharge, then READ. Throws the operator's reason and journals nothing when one fails. */
  async open(input: OpenRecharge): Promise<RechargeRecord> {
    const { ports } = this;
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new AppError('AMOUNT_ZERO');
    if (input.amountFen > MAX_LOAD_FEN) throw new AppError('AMOUNT_TOO_LARGE', { max: formatYuan(MAX_LOAD_FEN) });
    const closed = ports.settings.dayClosed(ports.clock.now());
    if (closed) throw new AppError('DAY_CLOSED', { date: closed });
    const identity = await ports.card.readIdentity();
    const card = { ...identity, balanceFen: await ports.card.getBalance() };
    const assessed = await this.assess(card);
    if (assessed.refusal) throw new AppError(assessed.refusal);
    const [blocking] = assessed.blocking;
    if (blocking) throw new AppError('RECHARGE_CARD_BLOCKED', { amount: formatYuan(blocking.amountFen), id: blocking.id });
    const [half] = assessed.hostHalfRecords;
    if (half) throw new AppError('RECHARGE_HOST_HALF_RECORD', { amount: formatYuan(half.amountFen), orderId: half.orderId });
    if (input.amountFen > assessed.roomFen) {
      throw new AppError('RECHARGE_OVER_MAX_BALANCE', { max: formatYuan(assessed.maxBalanceFen), left: formatYuan(assessed.roomFen) });
    }
    return ports.journal.create({
      id: input.id, training: this.settings.training, terminalId: ports.settings.terminalId, operatorId: input.operatorId,
      cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor, amountFen: input.amountFen, channel: input.channel,
      balanceBeforeFen: card.balanceFen, cardVersion: card.cardVersion, posVoucher: input.posVoucher ?? null, authCodeMasked: input.authCodeMasked ?? null,
    }, {
      step: 'opened', cardVersion: card.cardVersion, validUntil: card.validUntil, entry: input.entry, pos: input.pos ?? null,
      authCode: input.authCodeMasked ?? null,
    }, { refuseClosedDay: true });
  }

  /**
   * 圈存 of a paid host order this journal does not hold: with its card in the reader, READ (adopted), ORDERED and PAID
   * are journaled from the host's order; the machine then loads it with this terminal's own INIT and MAC2.
   */
  async adopt(order: HostOrder, o: { id: string; operatorId: string; cancelledTwin: string | null }): Promise<RechargeRecord> {
    const { ports } = this;
    const closed = ports.settings.dayClosed(ports.clock.now());
    if (closed) throw new AppError('DAY_CLOSED', { date: closed });
    const identity = await ports.card.readIdentity();
    if (identity.cardNo !== order.cardNo) throw new AppError('RECHARGE_CARD_MISMATCH', { expected: order.cardNo, actual: identity.cardNo });
    const refusal = ports.settings.refusal(identity);
    if (refusal) throw new AppError(refusal);
    const balanceFen = await ports.card.getBalance();
    const { journal } = ports;
    const rec = journal.create({
      id: o.id, training: this.settings.training, terminalId: ports.settings.terminalId, operatorId: o.operatorId,
      cardNo: identity.cardNo, plate: identity.plate, plateColor: identity.plateColor, amountFen: order.amountFen,
      channel: order.channel, balanceBeforeFen: balanceFen, cardVersion: identity.cardVersion, posVoucher: order.posVoucher,
    }, { step: 'adopted', orderId: order.orderId, terminalId: order.terminalId, hostStatus: order.status, cancelledTwin: o.cancelledTwin }, { refuseClosedDay: true });
    journal.step(rec.id, 'ORDERED', { step: 'ordered', orderId: order.orderId, channelStatus: order.channelStatus }, {
      orderId: order.orderId, error: o.cancelledTwin ? 'RECHARGE_ADOPTED_AFTER_CANCEL' : undefined,
    });
    return journal.step(rec.id, 'PAID', { step: 'paid', hostStatus: order.status, channelStatus: order.channelStatus }, { tradeNo: order.tradeNo });
  }

  /** What blocks a new recharge on the card (rule 3), why it may not be loaded, and the room left on it. */
  private async assess(card: CardIdentity & { balanceFen: Fen }): Promise<Omit<CardReadResult, 'card'>> {
    const { ports } = this;
    const refusal = ports.settings.refusal(card);
    const blocking = ports.journal.blockingFor(card.cardNo);
    const hostHalfRecords: CardReadResult['hostHalfRecords'] = [];
    const maxBalanceFen = ports.settings.cardMaxBalanceFor(card);
    let roomFen = Math.max(0, maxBalanceFen - card.balanceFen);
    let hostChecked = false;
    try {
      const check = await ports.host.checkCard(card.cardNo, { balanceFen: card.balanceFen });
      hostChecked = true;
      roomFen = Math.max(0, Math.min(roomFen, check.loadableFen));
      for (const h of check.halfRecords) this.sortHalfRecord(h, blocking, hostHalfRecords);
    } catch (e) {
      if (!isAppError(e) || !e.code.startsWith('HOST_')) throw e;
    }
    return { refusal, blocking, hostHalfRecords, hostChecked, maxBalanceFen, roomFen };
  }

  /**
   * A paid order the host holds unresolved blocks the card either way: as our own recharge to resume when this
   * journal can finish it (e.g. still ORDERED here because the payment was never polled), or as a host half record
   * (another terminal's, or one this journal already closed) for 圈存 from the records page.
   */
  private sortHalfRecord(h: HostOrder, blocking: RechargeRecord[], hostOnly: CardReadResult['hostHalfRecords']): void {
    if (blocking.some((r) => r.orderId === h.orderId)) return;
    const local = this.ports.journal.find(h.clientOrderId);
    if (local && !FINAL_STATES.includes(local.state)) blocking.push(local);
    else hostOnly.push({ orderId: h.orderId, amountFen: h.amountFen, createdAt: h.createdAt });
  }
}

/** A slip the operator typed, checked before anything is read or journaled (docs/pos.md). */
export function typedSlip(pos: { mode: PosMode; merchantNo: string | null }, slip: PosSlipEntry, amountFen: Fen, now: Date): PosVoucher {
  if (pos.mode !== 'manual') throw new AppError('POS_MODE_NOT', { mode: 'manual' });
  if (!pos.merchantNo) throw new AppError('POS_MERCHANT_MISSING');
  const bad = badSlipField(slip);
  if (bad) throw new AppError('POS_SLIP_FIELD_INVALID', { field: t(`POS_FIELD_${bad}`) });
  if (slip.amountFen !== amountFen) throw new AppError('POS_SLIP_AMOUNT_DIFFERS', { slip: formatYuan(slip.amountFen), amount: formatYuan(amountFen) });
  return {
    merchantNo: pos.merchantNo, posTerminalNo: slip.posTerminalNo.toUpperCase(), batchNo: null, voucherNo: slip.voucherNo,
    referenceNo: slip.referenceNo.toUpperCase(), authCode: null, cardNoMasked: null, at: now.toISOString(),
  };
}
