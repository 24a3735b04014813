import type { RechargeRecord } from '../../contract/recharge';
import { localStamp } from '../paper/html';
import { maskedBankCard } from '../paper/pos-slip';

type Cell = string | number | null;
const hex = (n: number | null): string | null => (n === null ? null : n.toString(16).toUpperCase().padStart(2, '0'));

/**
 * The day export's columns for the payment channels and the card's keys (docs/pos.md, docs/card-protocol.md
 * §3), after the recharge columns of rows.ts: the masked payment code, the POS slip (bank card masked),
 * and card version, key version and algorithm id as the card gave them (hex bytes).
 */
export const CHANNEL_COLUMNS: readonly { key: string; value: (r: RechargeRecord, tz?: string) => Cell }[] = [
  { key: 'COL_PAY_CODE', value: (r) => r.authCodeMasked },
  { key: 'COL_POS_MERCHANT', value: (r) => r.posVoucher?.merchantNo ?? null },
  { key: 'COL_POS_TERMINAL', value: (r) => r.posVoucher?.posTerminalNo ?? null },
  { key: 'COL_POS_BATCH', value: (r) => r.posVoucher?.batchNo ?? null },
  { key: 'COL_POS_VOUCHER', value: (r) => r.posVoucher?.voucherNo ?? null },
  { key: 'COL_POS_REFERENCE', value: (r) => r.posVoucher?.referenceNo ?? null },
  { key: 'COL_POS_AUTH', value: (r) => r.posVoucher?.authCode ?? null },
  { key: 'COL_POS_CARD', value: (r) => maskedBankCard(r.posVoucher?.cardNoMasked ?? null) },
  { key: 'COL_POS_TIME', value: (r, tz) => (r.posVoucher ? localStamp(r.posVoucher.at, tz) : null) },
  { key: 'COL_CARD_VERSION', value: (r) => hex(r.cardVersion) },
  { key: 'COL_KEY_VERSION', value: (r) => hex(r.keyVersion) },
  { key: 'COL_ALG_ID', value: (r) => hex(r.algId) },
];
