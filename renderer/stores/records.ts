import { defineStore } from 'pinia';
import type { RecordRow } from '../../contract/ipc';
import { call } from '../api';
import { L } from '../i18n';

/** The journal's limit (main/journal/dates.ts RECORDS_WINDOW_MAX_DAYS); main refuses a longer window too. */
export const RECORDS_MAX_DAYS = 30;

export const localToday = (): string => new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD, local

function dayNo(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** The form's own check, before main's: the same words as main's refusal (RECORDS_WINDOW_*). */
export function windowError(from: string, to: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return L('RECORDS_DATE_INVALID', { date: `${from} ${to}` });
  const days = dayNo(to) - dayNo(from);
  if (days < 0) return L('UI_RECORDS_WINDOW_REVERSED');
  if (days > RECORDS_MAX_DAYS) return L('UI_RECORDS_WINDOW_TOO_LONG', { days });
  return '';
}

/** A date `n` days before `date` (local calendar). */
export function daysBefore(date: string, n: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(y, m - 1, d - n).toLocaleDateString('sv-SE');
}

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
      const plate = this.q.plate.trim();
      if (!plate) { this.error = L('UI_RECORDS_PLATE_REQUIRED'); return; }
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
