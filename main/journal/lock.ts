import { realpathSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';

/**
 * One program per journal: a lock on `<journal>.lock`, taken before the journal itself is touched and
 * held until close.
 *
 * The lock is SQLite's own fcntl lock on an (empty) SQLite file held in `locking_mode=EXCLUSIVE`: the
 * kernel drops it when the process dies, so a crash never leaves a stale lock behind (a pid file would),
 * and a second instance, in this process or another, gets SQLITE_BUSY → JOURNAL_LOCKED.
 * It sits beside the journal rather than on it so the journal's integrity check can run on a second,
 * read-only connection in a worker thread (SqliteJournal: start-up stays under a second).
 * The lock file is never deleted: deleting it could let two instances lock two different inodes.
 */
export interface JournalLock {
  release(): void;
}

export function lockPathFor(journalPath: string): string {
  // Through symlinks, so two spellings of one journal share one lock.
  let dir = dirname(journalPath);
  try {
    dir = realpathSync(dir);
  } catch {
    /* a missing folder fails at open with its own message */
  }
  let name = basename(journalPath);
  try {
    name = basename(realpathSync(journalPath));
  } catch {
    /* not created yet */
  }
  return join(dir, `${name}.lock`);
}

export function acquireLock(journalPath: string, busyTimeoutMs: number): JournalLock {
  const path = lockPathFor(journalPath);
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT'); // the exclusive lock, kept after COMMIT in this locking mode
  } catch (e) {
    db?.close();
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
      throw new AppError('JOURNAL_LOCKED', { path: journalPath }, { cause: e });
    }
    throw new AppError('JOURNAL_OPEN_FAILED', { path, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
  const held = db;
  return {
    release: () => {
      if (held.open) held.close();
    },
  };
}
