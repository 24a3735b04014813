import { messages } from '../../contract/i18n';

/**
 * The screen-text check (docs/ui.md "What staff read"): what a clerk or a supervisor reads on a screen carries
 * words they understand — never an i18n key, an ISO timestamp, a UUID, a bare host or channel status, or an
 * English word outside the English half of bilingual text — and the manual's one word for one thing
 * (登录 not 签到, 柜员 not 操作员). Run over every screen of the E2E walk (tests/e2e/screen-walk-*.test.ts)
 * and over the audit log's sentences (renderer/audit-detail.test.ts).
 */

export interface TextProblem { kind: string; found: string; near: string }

/** Every i18n key: a key on screen is a message the code forgot to look up. */
const KEYS = new Set(Object.keys(messages));
/** The host's order statuses and the payment channels' status words, which staff read only in words. */
const STATUSES = [
  'AWAITING_PAYMENT', 'PAID', 'CLOSED', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED', 'NOTPAY', 'USERPAYING', 'SUCCESS', 'WAIT_BUYER_PAY',
  'TRADE_SUCCESS', 'TRADE_CLOSED', 'REFUND', 'PAYERROR', 'REVOKED', 'READ', 'ORDERED', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED',
  'VERIFIED', 'NEEDS_ADMIN', 'CANCELLED',
];
/**
 * Latin-letter words a Chinese screen may carry: names of things that have no other (ETC, POS, PIN, PDF, CSV,
 * Excel, SM4, the PEM files and TLS of the host link …), paper sizes, and the key names on buttons (Esc).
 */
const ALLOWED_WORDS = new Set(['ETC', 'POS', 'MIS', 'PIN', 'PDF', 'CSV', 'Excel', 'BCD', 'ASCII', 'SM', 'A4', 'A5', 'mm', 'Esc', 'QR', 'IC', 'USB', 'TAC', 'MAC', 'PEM', 'TLS', 'YYYY', 'MM', 'DD', 'KB', 'MB']);

/**
 * Removes what may hold Latin letters by design: the English half of bilingual text ("培训读卡器 (Training reader)"
 * — parentheses right after Chinese), web addresses and file paths a supervisor typed, and ids made of letters and
 * digits together (A01, S01, HO20261207…, terminal ids in hex), and the error reference after 错误编号 (EXPS-PC).
 */
function withoutAllowed(text: string): string {
  return text
    .replace(/([\u3400-\u9fff）]\s*)[(（][A-Za-z][^)）]*[)）]/g, '$1')
    .replace(/错误编号\s*E[0-9A-Z]{3}-[0-9A-Z]{2}/g, '错误编号 ') // the reference a clerk reads out to support (main/log/error-ref.ts)
    .replace(/\b(?:https?|app):\/\/\S+/g, ' ')
    .replace(/(?:[A-Za-z]:)?[\\/][\w.\\/-]+/g, ' ')
    .replace(/\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]+\b/g, ' ');
}

const around = (text: string, at: number): string => text.slice(Math.max(0, at - 20), at + 40).replace(/\s+/g, ' ');

export function screenTextProblems(text: string): TextProblem[] {
  const out: TextProblem[] = [];
  const add = (kind: string, re: RegExp, source = text, keep: (m: string) => boolean = () => true) => {
    for (const m of source.matchAll(re)) if (keep(m[0])) out.push({ kind, found: m[0], near: around(source, m.index ?? 0) });
  };
  add('i18n key', /\b[A-Z][A-Z0-9]*(?:_[A-Za-z0-9]+)+\b/g, text, (k) => KEYS.has(k) || /^(UI|AUTH|HOST|RECHARGE|REPORT|PRINT|POS|DAY|RECONCILE|COL|SETTINGS|CARD)_/.test(k));
  add('ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g);
  add('UUID', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi);
  add('bare status', new RegExp(`(?<![A-Za-z_])(?:${STATUSES.join('|')})(?![A-Za-z_])`, 'g'));
  const plain = withoutAllowed(text);
  add('English word', /\b[A-Za-z]{2,}\b/g, plain, (w) => !ALLOWED_WORDS.has(w) && !STATUSES.includes(w));
  add('word 签到 (the manual says 登录)', /签到|签退/g);
  add('word 操作员 (the manual says 柜员)', /操作员/g);
  return out;
}

/** A readable list for an assertion message. */
export function describeProblems(where: string, problems: TextProblem[]): string {
  return problems.map((p) => `${where}: ${p.kind} "${p.found}" in "…${p.near}…"`).join('\n');
}
