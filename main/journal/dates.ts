import { AppError } from '../../contract/errors';
import { BUSINESS_TIME_ZONE } from '../../contract/format';

/**
 * docs/architecture.md §3: a records window is at most 30 days *between* its two dates, as the issuer host
 * counts (`to − from`, sim/host/orders.ts), so the journal and the host accept the same windows and a
 * calendar month such as 01-01..01-31 is one query; 11-07..12-07 passes, 11-06..12-07 (31 days apart) does
 * not, and the refusal says so in those words. Both ends are included in the results.
 */
export const RECORDS_WINDOW_MAX_DAYS = 30;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The business date of an instant, 'YYYY-MM-DD'. Recharges are stored with it so that "the day" of a
 * recharge is the Beijing day, the issuer host's (docs/architecture.md §3), whatever UTC or this computer's
 * zone says (00:30 in Lanzhou is 16:30 UTC the day before). `timeZone` undefined = Beijing
 * (contract/format.ts BUSINESS_TIME_ZONE), never this computer's zone; another zone only where a test asks.
 */
export function localDateOf(at: Date, timeZone: string = BUSINESS_TIME_ZONE): string {
  const key = timeZone;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(key, fmt);
  }
  const part = (type: string): string => fmt.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Days since 1970-01-01 of a calendar date; refuses anything that is not a real 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new AppError('RECORDS_DATE_INVALID', { date });
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2024-02-30 over to March: a round trip catches it.
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new AppError('RECORDS_DATE_INVALID', { date });
  return ms / 86_400_000;
}

/** Checks a records window and returns its span `to − from` in days. */
export function checkWindow(from: string, to: string, maxDays = RECORDS_WINDOW_MAX_DAYS): number {
  const days = dayNumber(to) - dayNumber(from);
  if (days < 0) throw new AppError('RECORDS_WINDOW_REVERSED', { from, to });
  if (days > maxDays) throw new AppError('RECORDS_WINDOW_TOO_LONG', { days, max: maxDays });
  return days;
}

/**
 * The first instant (ISO, as the journal stores `at`) of the day after `date` in `timeZone` (undefined =
 * Beijing, the business day): rows stamped before it belong to `date` or earlier. Found by bisection on
 * localDateOf, so every zone rule (offsets, DST) is the one localDateOf applies.
 */
export function localDayEnd(date: string, timeZone?: string): string {
  const next = new Date((dayNumber(date) + 1) * 86_400_000).toISOString().slice(0, 10);
  // Every zone is within ±14 h of UTC: the change of date lies in this window.
  let lo = Date.parse(`${next}T00:00:00Z`) - 15 * 3600_000; // still `date` or earlier
  let hi = lo + 30 * 3600_000; // already `next` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDateOf(new Date(mid), timeZone) >= next) hi = mid;
    else lo = mid;
  }
  return new Date(hi).toISOString();
}

/** The first instant (ISO) of business day `date` + `plusDays` (Beijing): where an audit or records window starts. */
export function businessDayStart(date: string, plusDays = 0): string {
  const previous = new Date((dayNumber(date) + plusDays - 1) * 86_400_000).toISOString().slice(0, 10);
  return localDayEnd(previous);
}
