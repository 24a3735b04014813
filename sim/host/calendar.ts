import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../contract/errors';
import { DateSchema } from '../../contract/host-schemas';

/**
 * The issuer's business calendar (Beijing days, YYYY-MM-DD), which decides when an unloaded paid order is
 * refunded (docs/architecture.md §3a): "隔天通过对账后原路退还" — the next working day after the
 * day's reconciliation; on statutory holidays "收假后两天内" — within two working days after the holiday.
 * Working days are Monday–Friday, minus `holidays`, plus `workdays` (the weekend days worked in exchange, 调休).
 * The State Council publishes each year's list; sim/fixtures/calendar-2024.json is one year of it.
 */
const calendarDate = DateSchema.refine((d) => addDays(d, 0) === d, 'not a calendar date');
export const HostCalendarSchema = z.object({
  holidays: z.array(z.object({ from: calendarDate, to: calendarDate, name: z.string().min(1) })
    .refine((h) => h.from <= h.to, 'from after to')).default([]),
  workdays: z.array(calendarDate).default([]),
}).superRefine((c, ctx) => {
  for (const w of c.workdays) {
    if (c.holidays.some((h) => h.from <= w && w <= h.to)) ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${w} is inside a holiday` });
  }
});
export type HostCalendar = z.input<typeof HostCalendarSchema>;
type Holiday = z.output<typeof HostCalendarSchema>['holidays'][number];

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(t) ? '' : new Date(t + n * 86_400_000).toISOString().slice(0, 10);
}

const MAX_SEARCH_DAYS = 366;

export class BusinessCalendar {
  private readonly holidays: Holiday[];
  private readonly workdays: Set<string>;

  constructor(calendar: HostCalendar = {}) {
    const c = HostCalendarSchema.parse(calendar);
    this.holidays = c.holidays;
    this.workdays = new Set(c.workdays);
  }

  holidayOn(day: string): Holiday | null {
    return this.holidays.find((h) => h.from <= day && day <= h.to) ?? null;
  }

  isWorkingDay(day: string): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidayOn(day)) return false;
    const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The first working day after `day`. */
  nextWorkingDay(day: string): string {
    let d = day;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) return d;
    }
    throw new Error(`no working day within ${MAX_SEARCH_DAYS} days after ${day}`);
  }

  /**
   * The day an order paid on `businessDay` and not loaded is refunded by: the next working day; when a
   * statutory holiday lies between (or the day is in one), the second working day after that holiday.
   */
  refundDate(businessDay: string): string {
    const next = this.nextWorkingDay(businessDay);
    const lastBefore = addDays(next, -1);
    const holiday = this.holidays.filter((h) => h.from <= lastBefore && h.to >= businessDay).sort((a, b) => b.to.localeCompare(a.to))[0];
    return holiday ? this.nextWorkingDay(this.nextWorkingDay(holiday.to)) : next;
  }
}

/** Reads a calendar file (`{ holidays: [{from, to, name}], workdays: [...] }`); a bad one is SIM_CALENDAR_INVALID. */
export function loadCalendarFile(path: string): HostCalendar {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError('SIM_CALENDAR_INVALID', { file: path, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
  const r = HostCalendarSchema.safeParse(json);
  if (!r.success) {
    throw new AppError('SIM_CALENDAR_INVALID', { file: path, detail: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  }
  return r.data;
}
