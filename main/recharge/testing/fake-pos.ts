import { AppError } from '../../../contract/errors';
import type { Fen } from '../../../contract/money';
import type { PosVoucher } from '../../../contract/pos';
import type { PosOutcome, PosTerminal } from '../../pos/port';
import type { FakeHost } from './fake-host';

/**
 * What the next charge does: `approve` (charged, answered), `decline`, `lost` (charged, then no answer
 * can be had: POS_OUTCOME_UNKNOWN), `unreachable` (never reached the POS: POS_OUTCOME_UNKNOWN, nothing charged).
 */
export type FakeCharge = 'approve' | 'decline' | 'lost' | 'unreachable';

/**
 * A PosTerminal for the recharge specs: each call written to the timeline as `pos.charge <ref>` /
 * `pos.query <ref>`; an approved charge books its slip with the FakeHost's acquirer, so the order it pays
 * is checked the host's way. `charges` counts, per reference, the charges that really took money.
 */
export class FakePos implements PosTerminal {
  readonly label = 'MIS-POS FAKE0001';
  readonly charges = new Map<string, number>();
  next: FakeCharge[] = [];
  /** While true, queries fail too (POS_OUTCOME_UNKNOWN). */
  queryDown = false;
  private readonly outcomes = new Map<string, PosOutcome>();
  private vouchers = 0;

  constructor(private readonly timeline: string[], private readonly host: FakeHost) {}

  charge(req: { orderRef: string; amountFen: Fen }): Promise<PosOutcome> {
    this.timeline.push(`pos.charge ${req.orderRef}`);
    const what = this.next.shift() ?? 'approve';
    if (what === 'unreachable') return Promise.reject(new AppError('POS_OUTCOME_UNKNOWN'));
    if (what === 'decline') {
      const declined: PosOutcome = { kind: 'declined', answerCode: '51', message: '卡内余额不足' };
      this.outcomes.set(req.orderRef, declined);
      return Promise.resolve(declined);
    }
    this.charges.set(req.orderRef, (this.charges.get(req.orderRef) ?? 0) + 1);
    this.vouchers += 1;
    const voucher: PosVoucher = {
      merchantNo: '898620154110001', posTerminalNo: 'FAKE0001', batchNo: '000001', voucherNo: String(this.vouchers).padStart(6, '0'),
      referenceNo: `R${String(this.vouchers).padStart(11, '0')}`, authCode: 'A1B2C3', cardNoMasked: '622848******0018',
      at: '2025-03-01T12:00:00+08:00',
    };
    this.host.addSlip(voucher, req.amountFen);
    const approved: PosOutcome = { kind: 'approved', answerCode: '00', voucher, amountFen: req.amountFen };
    this.outcomes.set(req.orderRef, approved);
    return what === 'lost' ? Promise.reject(new AppError('POS_OUTCOME_UNKNOWN')) : Promise.resolve(approved);
  }

  query(orderRef: string): Promise<PosOutcome | null> {
    this.timeline.push(`pos.query ${orderRef}`);
    if (this.queryDown) return Promise.reject(new AppError('POS_OUTCOME_UNKNOWN'));
    return Promise.resolve(this.outcomes.get(orderRef) ?? null);
  }
}
