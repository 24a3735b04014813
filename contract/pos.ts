import type { Fen } from './money';

/**
 * The POS bank-card channel of the issuer's own outlets (自营网点, docs/architecture.md §3b, docs/pos.md):
 * the slip a POS terminal prints for a charge (签购单), as the host, the journal, the receipt and the
 * day's papers carry it. Its own module so that both the host API and the journal's record use it.
 */

/**
 * One POS slip. One slip (merchant, POS terminal, reference no, Beijing date of `at`) funds at most one
 * order, ever. A slip the operator typed (manual entry) has no batch no, auth code or card mask: the
 * host matches it on what it has and answers the order with the acquirer's full slip.
 */
export interface PosVoucher {
  merchantNo: string; // 商户号, 15 digits
  posTerminalNo: string; // 终端号, 8 letters or digits
  /** 批次号, 6 digits; null on a typed slip. */
  batchNo: string | null;
  voucherNo: string; // 凭证号 (trace no), 6 digits
  referenceNo: string; // 参考号, 12 letters or digits
  /** 授权码, 6 letters or digits; null where the slip shows none (many debit cards) or it was typed. */
  authCode: string | null;
  /** The bank card as the slip masks it: first 6, `*`s, last 4 (622848******1234); null on a typed slip. */
  cardNoMasked: string | null;
  /** When the POS charged the card (ISO instant); its Beijing date is part of the slip's identity. */
  at: string;
}

/** How a counter takes POS payments (settings `pos.mode`): not at all, through an integrated MIS-POS, or by typing the slip. */
export const POS_MODES = ['off', 'mis', 'manual'] as const;
export type PosMode = (typeof POS_MODES)[number];

/** What the operator types from a slip (manual entry); the merchant no comes from the settings. */
export interface PosSlipEntry {
  referenceNo: string; // 12 letters or digits
  voucherNo: string; // 6 digits
  posTerminalNo: string; // 8 letters or digits
  /** The amount printed on the slip; it must be the recharge's amount. */
  amountFen: Fen;
}

/** The shapes of a slip's fields, shared by the IPC request schema, the CLI and the host's schema. */
export const POS_FIELD_PATTERNS = {
  merchantNo: /^\d{15}$/,
  posTerminalNo: /^[0-9A-Za-z]{8}$/,
  batchNo: /^\d{6}$/,
  voucherNo: /^\d{6}$/,
  referenceNo: /^[0-9A-Za-z]{12}$/,
  authCode: /^[0-9A-Za-z]{6}$/,
  cardNoMasked: /^\d{6}\*{3,9}\d{4}$/,
} as const;

/** The field of a typed slip that has the wrong shape, or null when all are well formed. */
export function badSlipField(e: Pick<PosSlipEntry, 'referenceNo' | 'voucherNo' | 'posTerminalNo'>): keyof PosSlipEntry | null {
  for (const k of ['referenceNo', 'voucherNo', 'posTerminalNo'] as const) if (!POS_FIELD_PATTERNS[k].test(e[k])) return k;
  return null;
}
