import type { PosSlipLine } from '../../contract/ipc';
import type { PosVoucher } from '../../contract/pos';
import type { RechargeRecord } from '../../contract/recharge';

/**
 * 日结's POS slips (docs/pos.md): every slip that took the customer's money today, in the order of the slips'
 * times, and which of them the counter must void on the POS today (`voidOnPos`: charged, and not on the card
 * and not going to be — UNLOADED, or CANCELLED after the POS charged).
 *
 * A slip the host refused when it was typed (a mistyped voucher, a slip already used for another recharge) is
 * no slip of this counter's: it took nothing, the real slip is on its own row, and listing it beside the slips
 * to void would have a clerk void a good one. Nor is a charge the POS declined. So a CANCELLED recharge is
 * listed only when its charge must be voided; and one slip (its reference no) appears once.
 */
export function posSlips(records: readonly RechargeRecord[]): PosSlipLine[] {
  const lines = records.filter((r) => r.channel === 'pos' && r.posVoucher !== null).map((r) => ({
    rechargeId: r.id, createdAt: r.createdAt, plate: r.plate, amountFen: r.amountFen, state: r.state, voucher: r.posVoucher as PosVoucher,
    voidOnPos: r.state === 'UNLOADED' || (r.state === 'CANCELLED' && r.error === 'POS_VOID_NEEDED'),
  })).filter((l) => l.state !== 'CANCELLED' || l.voidOnPos);
  const seen = new Set<string>();
  return lines
    .sort((a, b) => a.voucher.at.localeCompare(b.voucher.at) || a.createdAt.localeCompare(b.createdAt))
    .filter((l) => {
      const key = `${l.voucher.merchantNo}/${l.voucher.referenceNo}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
