import type { PayWay } from './ipc/views';
import type { PayChannel } from './recharge';

/**
 * How numbers that staff check by eye are written, on screen and on paper alike (docs/card-protocol.md §1).
 * Formatting only: the value stored, sent to the host and exported stays the plain digits.
 */

/**
 * The 20-digit card number (network number + internal number) in groups of four —
 * `6201 2307 1500 0041 8823` — so that a person can compare it group by group. Any other run of digits is
 * grouped the same way from the left; anything that is not only digits (already grouped, a placeholder)
 * comes back unchanged.
 */
export function groupCardNo(cardNo: string): string {
  if (!/^\d+$/.test(cardNo)) return cardNo;
  return (cardNo.match(/\d{1,4}/g) ?? [cardNo]).join(' ');
}

/**
 * The business day is the Beijing day, the issuer host's (docs/architecture.md §3), whatever zone this
 * computer is set to: "today", a recharge's date, 日结 and every time staff read are Beijing time.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const stampFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function parts(at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of stampFormat.formatToParts(at)) out[p.type] = p.value;
  return out;
}

const toDate = (at: Date | string | number): Date => (at instanceof Date ? at : new Date(at));

/** The business date (Beijing) of an instant, `YYYY-MM-DD`; an unreadable instant comes back as it was given. */
export function businessDate(at: Date | string | number): string {
  const d = toDate(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as staff read it, Beijing time: `YYYY-MM-DD HH:mm:ss` (never an ISO string with `T` and `Z`). */
export function businessStamp(at: Date | string | number): string {
  const d = toDate(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` calendar date (NaN when it is not one). */
export function calendarDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** The calendar date `n` days before `date` (`YYYY-MM-DD`), whatever this computer's zone. */
export function daysBefore(date: string, n: number): string {
  return new Date((calendarDay(date) - n) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A plate as the card and the host store it: capital letters, no spaces or separators (`甘a·12345` →
 * `甘A12345`), so a plate typed in lower case or with a dot finds the same records.
 */
export function normalizePlate(plate: string): string {
  return plate.normalize('NFKC').replace(/[\s·.．・\-_]/g, '').toUpperCase();
}

/** How a recharge was paid as staff name it: a payment code (付款码) apart from a QR order; only the channel when unknown. */
export function payWayOf(r: { channel: PayChannel; authCodeMasked?: string | null }): PayWay {
  if (r.channel === 'pos') return 'pos';
  if (r.authCodeMasked === undefined) return r.channel;
  return r.authCodeMasked === null ? `${r.channel}_qr` : `${r.channel}_code`;
}
