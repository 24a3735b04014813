import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import { closureHash, nextSeqLink } from './chain-tables';
import { dayNumber } from './dates';

/** A closed local date: who closed it, when, and what was carried over unresolved (with the note). */
export interface DayClosure {
  date: string;
  at: string;
  operatorId: string;
  /** Why NEEDS_ADMIN recharges were carried over (required then), or null. */
  note: string | null;
  /** NEEDS_ADMIN recharges of that day left for the administrator when it was closed. */
  carriedOver: string[];
}

interface Row { seq: number; date: string; action: 'close' | 'reopen'; at: string; operatorId: string; note: string | null; detail: string }

/**
 * 日结 that closes (docs/architecture.md §2, journal migration 6): each close or reopen of a local date is
 * an append-only row of `day_closures`; the newest row of a date decides. Each row carries its hash in the
 * closures chain (migration 7, chain-tables.ts), taken under the write lock. The caller checks roles, writes
 * the audit rows and refuses new recharges on a closed date (main/recharge: the day guard).
 */
export class DayClosures {
  private readonly latest: Database.Statement<[string], Row>;
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly now: () => Date = () => new Date()) {
    this.latest = db.prepare('SELECT * FROM day_closures WHERE date = ? ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(`INSERT INTO day_closures (seq, date, action, at, operatorId, note, detail, hash)
      VALUES (@seq, @date, @action, @at, @operatorId, @note, @detail, @hash)`);
  }

  /** The closure in force for `date`, or null when it was never closed or reopened since. */
  closure(date: string): DayClosure | null {
    dayNumber(date);
    const row = this.latest.get(date);
    if (!row || row.action !== 'close') return null;
    const detail = JSON.parse(row.detail) as { carriedOver?: unknown };
    const carried = Array.isArray(detail.carriedOver) ? detail.carriedOver.filter((x): x is string => typeof x === 'string') : [];
    return { date: row.date, at: row.at, operatorId: row.operatorId, note: row.note, carriedOver: carried };
  }

  isClosed(date: string): boolean {
    return this.closure(date) !== null;
  }

  /** Closes `date`; DAY_ALREADY_CLOSED when it is. */
  close(date: string, operatorId: string, o: { note?: string | null; carriedOver?: string[]; detail?: Record<string, unknown> } = {}): DayClosure {
    return this.db.transaction(() => {
      const now = this.closure(date);
      if (now) throw new AppError('DAY_ALREADY_CLOSED', { date, at: now.at, by: now.operatorId });
      this.append(date, 'close', operatorId, o.note ?? null, JSON.stringify({ ...o.detail, carriedOver: o.carriedOver ?? [] }));
      return this.closure(date) as DayClosure;
    }).immediate();
  }

  /** Opens a closed date again (a supervisor's, with a reason); DAY_NOT_CLOSED when it is open. */
  reopen(date: string, operatorId: string, note: string): void {
    this.db.transaction(() => {
      if (!this.closure(date)) throw new AppError('DAY_NOT_CLOSED', { date });
      this.append(date, 'reopen', operatorId, note, '{}');
    }).immediate();
  }

  /** Inside the caller's IMMEDIATE transaction: the row takes the next place in the closures chain. */
  private append(date: string, action: 'close' | 'reopen', operatorId: string, note: string | null, detail: string): void {
    const { seq, prev } = nextSeqLink(this.db, 'day_closures');
    const row = { seq, date, action, at: this.now().toISOString(), operatorId, note, detail };
    this.insert.run({ ...row, hash: closureHash(prev, row) });
  }
}
