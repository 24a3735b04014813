import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan, type Fen } from '../../contract/money';
import { badSlipField, type PosMode, type PosSlipEntry, type PosVoucher } from '../../contract/pos';
import type { RechargeRecord } from '../../contract/recharge';
import type { Clock } from '../clock';
import { HostRejectedError } from '../host/errors';
import type { HostLink } from '../host/port';
import { localStamp } from '../paper/html';
import type { PosOutcome, PosTerminal } from '../pos/port';
import type { RechargeJournal } from './journal-steps';
import type { Payment } from './payment';

export interface PosPaymentPorts {
  payment: Pick<Payment, 'open' | 'createOrder' | 'refreshPayment'>;
  journal: RechargeJournal;
  host: Pick<HostLink, 'getOrder'>;
  /** The outlet's integrated POS, or null where none is connected (manual entry, or POS off). */
  pos: PosTerminal | null;
  clock: Pick<Clock, 'now'>;
}

export interface PosSettings {
  mode: PosMode;
  /** 商户号 of the outlet's POS (15 digits): what a typed slip is booked under. */
  merchantNo: string | null;
}

/** Host refusals of a POS order that settle it: the slip does not pay this recharge, and nothing else will make it. */
const SLIP_REFUSALS = ['POS_SLIP_NOT_FOUND', 'POS_SLIP_USED', 'POS_SLIP_MISMATCH', 'POS_AMOUNT_MISMATCH'];

/**
 * The bank-card channel of the issuer's own outlets (docs/pos.md, docs/architecture.md §3b), up to PAID:
 *  - integrated MIS-POS: READ (the card checked), the charge journaled as requested *before* it goes to
 *    the POS, the POS's answer (its slip) journaled, then the host order with that slip, PAID at once;
 *  - manual entry: the operator types the slip; READ holds it; the host checks it against the acquirer.
 * A charge whose answer is lost is asked after by our recharge id — never charged again — now or on
 * resume. One slip funds one order, ever: the host refuses a second use and the first recharge is named.
 * A POS payment whose load then fails is not refunded by the host: the counter voids it on the POS (撤销).
 */
export class PosPayment {
  constructor(private readonly ports: PosPaymentPorts, private readonly settings: PosSettings) {}

  /** Manual entry: the slip's fields are checked before anything is read or journaled. */
  async manual(input: { amountFen: Fen; operatorId: string; slip: PosSlipEntry }): Promise<RechargeRecord> {
    if (this.settings.mode !== 'manual') throw new AppError('POS_MODE_NOT', { mode: 'manual' });
    const merchantNo = this.settings.merchantNo;
    if (!merchantNo) throw new AppError('POS_MERCHANT_MISSING');
    const { slip } = input;
    const bad = badSlipField(slip);
    if (bad) throw new AppError('POS_SLIP_FIELD_INVALID', { field: t(`POS_FIELD_${bad}`) });
    if (slip.amountFen !== input.amountFen) {
      throw new AppError('POS_SLIP_AMOUNT_DIFFERS', { slip: formatYuan(slip.amountFen), amount: formatYuan(input.amountFen) });
    }
    const posVoucher: PosVoucher = {
      merchantNo, posTerminalNo: slip.posTerminalNo.toUpperCase(), batchNo: null, voucherNo: slip.voucherNo,
      referenceNo: slip.referenceNo.toUpperCase(), authCode: null, cardNoMasked: null, at: this.ports.clock.now().toISOString(),
    };
    const rec = await this.ports.payment.open({ amountFen: input.amountFen, channel: 'pos', operatorId: input.operatorId, posVoucher }, { posEntry: 'manual' });
    return this.order(rec);
  }

  /** MIS-POS, first part (in the engine's queue): the checks, READ, and the charge journaled as requested. */
  async openCharge(input: { amountFen: Fen; operatorId: string }): Promise<RechargeRecord> {
    const pos = this.terminal('mis');
    const rec = await this.ports.payment.open({ amountFen: input.amountFen, channel: 'pos', operatorId: input.operatorId }, { posEntry: 'mis', pos: pos.label });
    return this.ports.journal.step(rec.id, 'READ', { posCharge: 'requested', orderRef: rec.id, amountFen: rec.amountFen });
  }

  /**
   * MIS-POS, second part (outside the queue: the customer pays on the POS meanwhile): the charge, and
   * what the POS answered. POS_OUTCOME_UNKNOWN leaves the recharge READ for resume to ask the POS.
   */
  async charge(rec: RechargeRecord): Promise<RechargeRecord> {
    const pos = this.terminal('mis');
    let outcome: PosOutcome;
    try {
      outcome = await pos.charge({ orderRef: rec.id, amountFen: rec.amountFen });
    } catch (e) {
      const code = isAppError(e) ? e.code : 'INTERNAL';
      this.ports.journal.step(rec.id, 'READ', { posCharge: 'unknown', error: code }, { error: code });
      throw e;
    }
    const settled = this.settle(rec, outcome);
    if (settled.state === 'CANCELLED' && outcome.kind === 'declined') {
      throw new AppError('POS_DECLINED', { code: outcome.answerCode, message: outcome.message });
    }
    return settled;
  }

  /** MIS-POS, last part (in the queue): the host order with the slip, PAID. */
  finish(rec: RechargeRecord): Promise<RechargeRecord> {
    return this.order(rec);
  }

  /** Resume of a POS recharge left at READ: order a slip it holds; otherwise ask the POS what became of the charge. */
  async resumeRead(rec: RechargeRecord): Promise<RechargeRecord> {
    if (rec.posVoucher) return this.order(rec);
    const outcome = await this.terminal(null).query(rec.id);
    const settled = outcome ? this.settle(rec, outcome) : this.ports.journal.step(rec.id, 'CANCELLED', { posCharge: 'none' });
    return settled.state === 'READ' ? this.order(settled) : settled;
  }

  /** The operator cancels a POS recharge at READ: only one the POS has not charged (asked, for a MIS-POS). */
  async cancel(rec: RechargeRecord): Promise<RechargeRecord> {
    if (!rec.posVoucher) {
      const outcome = await this.terminal(null).query(rec.id);
      if (!outcome) return this.ports.journal.step(rec.id, 'CANCELLED', { posCharge: 'none', cancelled: true });
      if (this.settle(rec, outcome).state === 'CANCELLED') return this.ports.journal.get(rec.id);
    }
    throw new AppError('POS_CANCEL_PAID');
  }

  private terminal(mode: PosMode | null): PosTerminal {
    if (mode && this.settings.mode !== mode) throw new AppError('POS_MODE_NOT', { mode });
    if (!this.ports.pos) throw new AppError('POS_NOT_CONNECTED');
    return this.ports.pos;
  }

  /** The POS's answer, journaled: a decline ends the recharge CANCELLED (nothing charged); an approval puts its slip on it (READ). */
  private settle(rec: RechargeRecord, outcome: PosOutcome): RechargeRecord {
    const { journal } = this.ports;
    if (outcome.kind === 'declined') {
      return journal.step(rec.id, 'CANCELLED', { posCharge: 'declined', answerCode: outcome.answerCode, message: outcome.message }, { error: 'POS_DECLINED' });
    }
    return journal.step(rec.id, 'READ', { posCharge: 'approved', answerCode: outcome.answerCode, voucher: outcome.voucher }, { posVoucher: outcome.voucher });
  }

  /**
   * READ with a slip → the host order (idempotent on the recharge id) → ORDERED → PAID. A slip the host
   * refuses ends the recharge CANCELLED with the reason — for a slip the POS charged, the money is then
   * voided on the POS (撤销); a host that cannot be reached leaves it READ, to be resumed.
   */
  private async order(rec: RechargeRecord): Promise<RechargeRecord> {
    const { payment, journal } = this.ports;
    let ordered: RechargeRecord;
    try {
      ordered = await payment.createOrder(rec, rec.balanceBeforeFen);
    } catch (e) {
      if (!(e instanceof HostRejectedError) || e.status === 401) throw e;
      // The POS charged this slip (integrated MIS-POS) rather than the operator typing one.
      const charged = journal.lastEventData(rec.id, 'READ').posCharge === 'approved';
      journal.step(rec.id, 'CANCELLED', { hostRefused: e.hostCode, message: e.hostMessage, voidOnPos: charged }, { error: charged ? 'POS_VOID_NEEDED' : e.hostCode });
      if (e.hostCode === 'POS_SLIP_USED') throw await this.usedBy(e);
      if (charged) throw new AppError('POS_VOID_NEEDED', { reason: e.hostMessage, voucherNo: rec.posVoucher?.voucherNo ?? '' });
      if (SLIP_REFUSALS.includes(e.hostCode)) throw new AppError('POS_SLIP_REFUSED', { reason: e.hostMessage });
      throw e;
    }
    // The host answers with the acquirer's slip (batch, auth code, card mask even where the operator typed
    // none): the record keeps that one, for the receipt and the day's papers.
    const order = await this.ports.host.getOrder(ordered.orderId ?? '');
    if (order.posVoucher) journal.step(rec.id, 'ORDERED', { acquirerSlip: order.posVoucher }, { posVoucher: order.posVoucher });
    return payment.refreshPayment(journal.get(rec.id), order);
  }

  /** POS_SLIP_USED, with the recharge the slip funded first: this journal's, or the host's order of another counter. */
  private async usedBy(e: HostRejectedError): Promise<AppError> {
    const orderId = String(e.hostParams.orderId ?? '');
    const referenceNo = String(e.hostParams.referenceNo ?? '');
    const first = orderId ? await this.ports.host.getOrder(orderId).catch(() => null) : null;
    if (!first) return new AppError('POS_SLIP_USED_HOST', { referenceNo, orderId });
    const local = this.ports.journal.find(first.clientOrderId);
    return new AppError('POS_SLIP_USED_BY', {
      referenceNo, at: localStamp(first.createdAt), plate: first.plate, amount: formatYuan(first.amountFen),
      recharge: local ? local.id : first.orderId, terminal: first.terminalId,
    });
  }
}
