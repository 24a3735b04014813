import type { PosVoucher } from '../../contract/pos';
import { esc, kvRow, localStamp } from './html';

/**
 * The POS slip's fields on paper (docs/pos.md): merchant, POS terminal, batch, voucher, reference, auth
 * code, the bank card as the slip masks it (first 6, last 4 — never more), the time of the charge.
 * Shared by the receipt and anything else that prints a POS payment.
 */
export function posSlipRows(v: PosVoucher, timeZone?: string): string {
  const or = (s: string | null) => esc(s ?? '—');
  return [
    kvRow('PRINT_POS_MERCHANT', esc(v.merchantNo), 'mono'),
    kvRow('PRINT_POS_TERMINAL', esc(v.posTerminalNo), 'mono'),
    kvRow('PRINT_POS_BATCH', or(v.batchNo), 'mono'),
    kvRow('PRINT_POS_VOUCHER', esc(v.voucherNo), 'mono'),
    kvRow('PRINT_POS_REFERENCE', esc(v.referenceNo), 'mono'),
    kvRow('PRINT_POS_AUTH', or(v.authCode), 'mono'),
    kvRow('PRINT_POS_CARD', or(maskedBankCard(v.cardNoMasked)), 'mono'),
    kvRow('PRINT_POS_TIME', esc(localStamp(v.at, timeZone))),
  ].join('');
}

/** The bank card as printed: first 6 and last 4 digits, whatever the POS sent between them. */
export function maskedBankCard(masked: string | null): string | null {
  if (!masked) return null;
  const digits = masked.replace(/[^0-9*]/g, '');
  return digits.length >= 10 ? `${digits.slice(0, 6)}******${digits.slice(-4)}` : null;
}
