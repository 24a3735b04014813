import { defineStore } from 'pinia';
import { calendarDay, daysBefore, normalizePlate } from '../../contract/format';
import type { RecordRow } from '../../contract/ipc';
import { call } from '../api';
import { businessToday, L } from '../i18n';

/** The journal's limit (main/journal/dates.ts RECORDS_WINDOW_MAX_DAYS); main refuses a longer window too. */
export const RECORDS_MAX_DAYS = 30;

/** Today's business date (Beijing, whatever this PC's zone), `YYYY-MM-DD`. */
export const localToday = (): string => businessToday();

/**
 * The form's own check, before main's, in the same words: the two dates at most 30 days *apart*, as the issuer
 * counts (to − from: 11-07..12-07 passes, 11-06..12-07 is 31 days apart and does not).
 */
export function windowError(from: string, to: string): string {
  const days = calendarDay(to) - calendarDay(from);
  if (Number.isNaN(days)) return L('RECORDS_DATE_INVALID', { date: `${from} ${to}` });
  if (days < 0) return L('UI_RECORDS_WINDOW_REVERSED');
  if (days > RECORDS_MAX_DAYS) return L('UI_RECORDS_WINDOW_TOO_LONG', { days });
  return '';
}

export { daysBefore };

/**
 * 充值记录's query and answer. Kept in a store so that 读卡 can send the operator here with the card's
 * plate filled in (a host half record to 圈存) and the page query at once.
 */
export const useRecords = defineStore('records', {
  state: () => ({
    q: { plate: '', plateColor: 0, from: localToday(), to: localToday() },
    rows: [] as RecordRow[],
    hostChecked: true,
    queried: false,
    error: '',
    /** Set by 读卡's 去圈存: the view queries as soon as it opens. */
    autoQuery: false,
  }),
  actions: {
    prefill(plate: string, plateColor: number, since: string) {
      const today = localToday();
      const earliest = daysBefore(today, RECORDS_MAX_DAYS);
      this.q = { plate, plateColor, from: since < earliest ? earliest : since, to: today };
      this.autoQuery = true;
    },
    async query() {
      this.error = '';
      // As the card and the host write it: 甘a 12345 finds 甘A12345 (contract/format.ts normalizePlate).
      const plate = normalizePlate(this.q.plate);
      if (!plate) { this.error = L('UI_RECORDS_PLATE_REQUIRED'); return; }
      this.q.plate = plate;
      const bad = windowError(this.q.from, this.q.to);
      if (bad) { this.error = bad; return; }
      try {
        const res = await call('records', { ...this.q, plate });
        this.rows = res.rows;
        this.hostChecked = res.hostChecked;
        this.queried = true;
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      }
    },
  },
});
