import { realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import { privateFile } from './file-modes';

/**
 * One program per journal FILE: a lock taken before the journal itself is touched and held until close.
 *
 * The lock is SQLite's own fcntl lock on an (empty) SQLite file held in `locking_mode=EXCLUSIVE`: the
 * kernel drops it when the process dies, so a crash never leaves a stale lock behind (a pid file would),
 * and a second instance, in this process or another, gets SQLITE_BUSY → JOURNAL_LOCKED.
 * It sits beside the journal rather than on it so the journal's integrity check can run on a second,
 * read-only connection in a worker thread (SqliteJournal: start-up stays under a second).
 *
 * The lock follows the file, not the name it was opened by: it is named after the journal's device and
 * inode (`.etc-counter-<dev>-<ino>.lock` in the journal's real folder), so a symlink or a renamed journal
 * meets the same lock. A journal with more than one hard link is refused (JOURNAL_HARD_LINKED): SQLite names
 * its `-wal` and `-shm` after the path, so two names of one file would give two writers two WALs of one
 * database — two journals diverging in one file. The identity is checked again once the lock is held.
 * A new journal is created here, empty and 0600 (file-modes.ts), so that it has an identity to lock.
 * The lock file is never deleted: deleting it could let two instances lock two different inodes.
 */
export interface JournalLock {
  /** Where the lock is (beside the journal). */
  readonly path: string;
  release(): void;
}

interface Identity { dev: bigint; ino: bigint; nlink: bigint }

function identityOf(journalPath: string): Identity {
  let st;
  try {
    st = statSync(journalPath, { bigint: true });
  } catch (e) {
    throw new AppError('JOURNAL_OPEN_FAILED', { path: journalPath, detail: (e as Error).message }, { cause: e });
  }
  if (!st.isFile()) throw new AppError('JOURNAL_OPEN_FAILED', { path: journalPath, detail: 'not a regular file' });
  if (st.nlink > 1n) throw new AppError('JOURNAL_HARD_LINKED', { path: journalPath, links: Number(st.nlink) });
  return { dev: st.dev, ino: st.ino, nlink: st.nlink };
}

/** The lock file of the journal file at `journalPath` as it is now (through symlinks, by device and inode). */
export function lockPathFor(journalPath: string): string {
  const id = identityOf(journalPath);
  return join(dirname(realpathSync(journalPath)), `.etc-counter-${id.dev}-${id.ino}.lock`);
}

export function acquireLock(journalPath: string, busyTimeoutMs: number): JournalLock {
  try {
    privateFile(journalPath);
  } catch (e) {
    throw new AppError('JOURNAL_OPEN_FAILED', { path: journalPath, detail: (e as Error).message }, { cause: e });
  }
  const before = identityOf(journalPath);
  const path = lockPathFor(journalPath);
  let db: Database.Database | null = null;
  try {
    privateFile(path); // 0600 before SQLite opens it
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
  const release = (): void => {
    if (held.open) held.close();
  };
  try {
    // The file may have been swapped or linked while the lock was being taken: then this is not its lock.
    const after = identityOf(journalPath);
    if (after.dev !== before.dev || after.ino !== before.ino) throw new AppError('JOURNAL_LOCKED', { path: journalPath });
  } catch (e) {
    release();
    throw e;
  }
  return { path, release };
}
