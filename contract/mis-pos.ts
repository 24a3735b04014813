import type { Fen } from './money';
import { POS_FIELD_PATTERNS, type PosVoucher } from './pos';

/**
 * The line an integrated MIS-POS takes and answers (docs/pos.md): the counter's side of the POS terminal,
 * as the app (main/pos/mis-pos.ts) and the simulated POS (sim/pos) both speak it. Fixed-width ASCII
 * fields, the shape banks' MIS-POS interfaces share (a DLL call `trans(request, answer)` or a serial line):
 *
 *   request  type (2) · amount in fen (12, zero-padded) · our order reference (36, space-padded)      = 50
 *   answer   answer code (2) · merchant no (15) · POS terminal no (8) · batch (6) · voucher (6) ·
 *            reference (12) · auth code (6) · card no masked (19) · date YYYYMMDD (8) · time hhmmss (6) ·
 *            amount (12) · our order reference (36) · message (rest of the line, free text)           ≥ 136
 *
 * Types: `00` sale (消费), `Q1` result query by our order reference (交易结果查询). A bank's own layout is
 * mapped onto this one by its adapter; this is the boundary, not any one bank's format. POS clocks keep
 * Beijing time, so date and time are read as UTC+8.
 */
export const MIS_SALE = '00';
export const MIS_QUERY = 'Q1';
export const MIS_APPROVED = '00';
/** The query's "no transaction for this reference" (ISO 8583's 25, unable to locate the record). */
export const MIS_NOT_FOUND = '25';

/**
 * Answer codes that decline for certain (nothing charged); any other code but 00 is an unknown outcome.
 * Each has its operator's message as `POS_ANSWER_<code>` in contract/i18n/channels.ts.
 */
export const MIS_DECLINE_CODES: readonly string[] = ['05', '14', '51', '54', '55', '61', '75', 'C1', 'C2'];

export interface MisRequest { type: typeof MIS_SALE | typeof MIS_QUERY; amountFen: Fen; orderRef: string }

export interface MisAnswer {
  answerCode: string;
  merchantNo: string;
  posTerminalNo: string;
  batchNo: string;
  voucherNo: string;
  referenceNo: string;
  authCode: string;
  cardNoMasked: string;
  date: string; // YYYYMMDD
  time: string; // hhmmss
  amountFen: Fen;
  orderRef: string;
  message: string;
}

const ANSWER_FIELDS: readonly [keyof Omit<MisAnswer, 'amountFen' | 'message'> | 'amount', number][] = [
  ['answerCode', 2], ['merchantNo', 15], ['posTerminalNo', 8], ['batchNo', 6], ['voucherNo', 6], ['referenceNo', 12],
  ['authCode', 6], ['cardNoMasked', 19], ['date', 8], ['time', 6], ['amount', 12], ['orderRef', 36],
];
export const MIS_ANSWER_MIN = ANSWER_FIELDS.reduce((n, [, w]) => n + w, 0);

const pad = (v: string, w: number): string => (v.length > w ? v.slice(0, w) : v.padEnd(w, ' '));
const amount = (fen: Fen): string => String(fen).padStart(12, '0');

export function encodeRequest(r: MisRequest): string {
  return `${r.type}${amount(r.amountFen)}${pad(r.orderRef, 36)}`;
}

/** The request a POS received, or null when the line is not one. */
export function decodeRequest(line: string): MisRequest | null {
  const type = line.slice(0, 2);
  if ((type !== MIS_SALE && type !== MIS_QUERY) || line.length !== 50 || !/^\d{12}$/.test(line.slice(2, 14))) return null;
  return { type, amountFen: Number(line.slice(2, 14)), orderRef: line.slice(14).trim() };
}

export function encodeAnswer(a: MisAnswer): string {
  const v = (k: (typeof ANSWER_FIELDS)[number][0]): string => (k === 'amount' ? amount(a.amountFen) : a[k]);
  return ANSWER_FIELDS.map(([k, w]) => pad(v(k), w)).join('') + a.message;
}

/** The answer's fields, trimmed, or null when the line is too short or its amount is no number. */
export function decodeAnswer(line: string): MisAnswer | null {
  if (line.length < MIS_ANSWER_MIN) return null;
  const f: Record<string, string> = {};
  let at = 0;
  for (const [k, w] of ANSWER_FIELDS) {
    f[k] = line.slice(at, at + w).trim();
    at += w;
  }
  if (!/^\d{12}$/.test(line.slice(at - 48, at - 36))) return null;
  return {
    answerCode: f.answerCode ?? '', merchantNo: f.merchantNo ?? '', posTerminalNo: f.posTerminalNo ?? '', batchNo: f.batchNo ?? '',
    voucherNo: f.voucherNo ?? '', referenceNo: f.referenceNo ?? '', authCode: f.authCode ?? '', cardNoMasked: f.cardNoMasked ?? '',
    date: f.date ?? '', time: f.time ?? '', amountFen: Number(f.amount), orderRef: f.orderRef ?? '', message: line.slice(at).trim(),
  };
}

/**
 * The slip an approved answer describes, or null when a field has the wrong shape (then the answer cannot
 * be trusted: the counter asks the POS again by reference instead of guessing).
 */
export function voucherOf(a: MisAnswer): PosVoucher | null {
  const P = POS_FIELD_PATTERNS;
  const ok = P.merchantNo.test(a.merchantNo) && P.posTerminalNo.test(a.posTerminalNo) && P.batchNo.test(a.batchNo)
    && P.voucherNo.test(a.voucherNo) && P.referenceNo.test(a.referenceNo) && (a.authCode === '' || P.authCode.test(a.authCode))
    && P.cardNoMasked.test(a.cardNoMasked) && /^\d{8}$/.test(a.date) && /^\d{6}$/.test(a.time);
  if (!ok) return null;
  const d = a.date;
  const t = a.time;
  const at = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}+08:00`;
  if (Number.isNaN(Date.parse(at))) return null;
  return {
    merchantNo: a.merchantNo, posTerminalNo: a.posTerminalNo.toUpperCase(), batchNo: a.batchNo, voucherNo: a.voucherNo,
    referenceNo: a.referenceNo.toUpperCase(), authCode: a.authCode === '' ? null : a.authCode.toUpperCase(), cardNoMasked: a.cardNoMasked, at,
  };
}
