import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import { acquireLock } from '../journal/lock';
import { verifyCopy, type CopyCheck } from './backup';

/**
 * Putting a backup back (docs/recovery.md "Restore"): with the app closed (the journal's lock is taken
 * first: JOURNAL_LOCKED while anything holds it), the copy is checked as `journal verify` checks a
 * journal; the journal in place — with its -wal and -shm — is moved aside as `<journal>.replaced-<time>`
 * (kept, never deleted: it may hold rows the copy lacks); the copy is written over through SQLite's
 * backup API and checked again. Returns what was moved aside.
 */
export async function restoreBackup(from: string, journalPath: string, now: Date = new Date()): Promise<{ check: CopyCheck; replaced: string[] }> {
  if (!existsSync(from)) throw new AppError('BACKUP_NOT_FOUND', { file: from });
  verifyCopy(from);
  const lock = acquireLock(journalPath, 1000);
  try {
    const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
    const replaced: string[] = [];
    for (const suffix of ['', '-wal', '-shm']) {
      const f = `${journalPath}${suffix}`;
      if (!existsSync(f)) continue;
      const aside = `${journalPath}.replaced-${stamp}${suffix}`;
      renameSync(f, aside);
      replaced.push(aside);
    }
    const source = new Database(from, { readonly: true, fileMustExist: true });
    try {
      await source.backup(journalPath);
    } finally {
      source.close();
    }
    return { check: verifyCopy(journalPath), replaced };
  } finally {
    lock.release();
  }
}
