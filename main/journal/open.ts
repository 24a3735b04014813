import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';

/** 'ETCJ' in the SQLite header: tells our journal apart from any other SQLite file handed to us by mistake. */
export const JOURNAL_APPLICATION_ID = 0x4554434a;

export interface OpenedDatabase {
  db: Database.Database;
  /** A new (empty) file: nothing to check, everything to create. */
  empty: boolean;
  /** The journal mode the file was left in ('wal' for every journal this program wrote). */
  journalMode: string;
}

/**
 * Opens the journal file and proves it is a readable SQLite database of ours, without writing a byte:
 * a busy file, a non-database or someone else's database fail here, before anything could change them.
 * A bad file is reported, never renamed or repaired. The caller holds the journal lock (lock.ts).
 */
export function openDatabase(path: string, busyTimeoutMs: number): OpenedDatabase {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (e) {
    throw mapSqliteError(e, path);
  }
  try {
    // The first statement reads the header and the schema: NOTADB / CORRUPT / BUSY surface here.
    const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (objects > 0 && appId !== JOURNAL_APPLICATION_ID) throw new AppError('JOURNAL_CORRUPT', { path });
    const journalMode = db.pragma('journal_mode', { simple: true }) as string;
    return { db, empty: objects === 0, journalMode };
  } catch (e) {
    db.close();
    throw mapSqliteError(e, path);
  }
}

/**
 * The first writes, once the file has passed its checks: WAL with synchronous=FULL, so that every
 * committed event is on disk when `append` returns (docs/architecture.md §2).
 */
export function prepareForWrites(db: Database.Database, path: string, empty: boolean): void {
  if (empty) db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  if (mode !== 'wal') throw new AppError('JOURNAL_OPEN_FAILED', { path, detail: `journal_mode=${mode}` });
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/** SQLite's answer → the operator's: busy = another program; not-a-db / malformed = corrupt. */
export function mapSqliteError(e: unknown, path: string): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('JOURNAL_LOCKED', { path }, { cause: e });
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError('JOURNAL_CORRUPT', { path }, { cause: e });
  }
  return new AppError('JOURNAL_OPEN_FAILED', { path, detail: e instanceof Error ? e.message : code }, { cause: e });
}

/** The journal's mode as stored at its creation, or null if not stored yet. */
export function storedMode(db: Database.Database): boolean | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'training'").get() as { value: string } | undefined;
  return row ? row.value === '1' : null;
}

/** The journal's size with its WAL: small journals are checked during open (integrity.ts). */
export function journalBytes(path: string): number {
  const size = (p: string): number => (existsSync(p) ? statSync(p).size : 0);
  return size(path) + size(`${path}-wal`);
}

/** A failed write in the operator's words: constraint = bad input, corrupt = the file, else the disk. */
export function mapWriteError(e: unknown, path: string): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof AppError || typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  if (code.startsWith('SQLITE_CONSTRAINT')) return new AppError('INVALID_INPUT', { detail: (e as Error).message }, { cause: e });
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return mapSqliteError(e, path);
  return new AppError('JOURNAL_WRITE_FAILED', { path, detail: (e as Error).message }, { cause: e });
}

/** JOURNAL_MODE_MISMATCH for a program in mode `program` meeting a journal of mode `journal`. */
export function modeMismatch(program: boolean, journal: boolean): AppError {
  return new AppError('JOURNAL_MODE_MISMATCH', {
    journalZh: journal ? '培训' : '正式',
    journalEn: journal ? 'training' : 'real',
    programZh: program ? '培训' : '正式',
    programEn: program ? 'training' : 'real',
  });
}
