import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import { DayClosures } from './day-closures';
import { hasTable } from './migrate';
import { SqlitePinHolds } from './pin-holds';

export interface CounterBook {
  days: DayClosures;
  pins: SqlitePinHolds;
  close(): void;
}

/**
 * Day closures and PIN outcomes (journal migration 6) on a connection of their own to the journal's file,
 * as main/auth does for operators: the caller has opened the journal first (lock held, integrity checked,
 * migrations applied), and synchronous=FULL makes each row durable when its insert returns.
 */
export function openCounterBook(journalPath: string, now: () => Date = () => new Date()): CounterBook {
  const db = new Database(journalPath, { timeout: 5000 });
  try {
    db.pragma('synchronous = FULL');
    if (!hasTable(db, 'day_closures') || !hasTable(db, 'card_pin_events')) {
      throw new AppError('JOURNAL_OPEN_FAILED', { path: journalPath, detail: 'no day_closures/card_pin_events tables (journal not migrated)' });
    }
    return { days: new DayClosures(db, now), pins: new SqlitePinHolds(db, now), close: () => { if (db.open) db.close(); } };
  } catch (e) {
    db.close();
    throw e;
  }
}
