import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../../contract/errors';
import { verifyChains, type ChainReport } from '../journal/chain-verify';
import { pendingMigrations } from '../journal/migrate';
import { MIGRATIONS } from '../journal/migrations';

/**
 * Journal backups (docs/recovery.md "Backups and restore"): SQLite's online backup (better-sqlite3
 * `backup()`, through the journal's own `SqliteJournal.backup`) into `<data folder>/backups/`, at every 日结,
 * before every migration, and on demand (`etc-counter journal backup`). Each copy is written under a
 * temporary name, checked as `journal verify` checks a journal — SQLite's quick_check, then the hash
 * chains (verifyChains, the same function) — and only then given its name; the newest `keep` are kept,
 * in the data folder and in the optional second folder (a bank share), where every copy is checked again.
 */
export type BackupReason = 'day-close' | 'on-demand' | 'pre-migration';
export const BACKUP_DIR = 'backups';
const NAME = /^journal-(\d{8}-\d{6})-(day-close|on-demand|pre-migration)(?:-v\d+)?\.sqlite$/;

export interface CopyCheck {
  /** SQLite's quick_check said ok. */
  integrity: boolean;
  /** The chains as `journal verify` reports them; null for a copy of an older schema (before a migration). */
  chains: Pick<ChainReport, 'intact' | 'checked'> | null;
}
export interface BackupDone { file: string; copies: string[]; bytes: number; check: CopyCheck; reason: BackupReason }

export function backupsDir(dataDir: string): string {
  return join(dataDir, BACKUP_DIR);
}

/** `journal-20260312-183005-day-close.sqlite`: UTC time of the copy, so names sort by age on any machine. */
export function backupName(at: Date, reason: BackupReason, schema?: number): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `journal-${stamp}-${reason}${schema === undefined ? '' : `-v${schema}`}.sqlite`;
}

/**
 * Opens a copy read-only and checks it as `journal verify` does: quick_check, and the hash chains when the
 * copy has this program's schema. Throws BACKUP_VERIFY_FAILED naming the file when it does not pass.
 */
export function verifyCopy(file: string): CopyCheck {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new AppError('BACKUP_VERIFY_FAILED', { file, detail: String(quick) });
    const current = pendingMigrations(db, MIGRATIONS).length === 0;
    const chains = current ? verifyChains(db) : null;
    if (chains && !chains.intact) throw new AppError('BACKUP_VERIFY_FAILED', { file, detail: 'hash chain broken' });
    return { integrity: true, chains: chains && { intact: chains.intact, checked: chains.checked } };
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('BACKUP_VERIFY_FAILED', { file, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  } finally {
    db?.close();
  }
}

/**
 * A copy is one file: out of WAL mode (the journal's), so that opening it — to check it, to restore it —
 * leaves no -wal and -shm beside it, and a copy moved alone is complete.
 */
function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** Keeps the newest `keep` backups of a folder (by name: they carry their time), removes the rest. */
export function prune(dir: string, keep: number): string[] {
  if (!existsSync(dir)) return [];
  const all = readdirSync(dir).filter((n) => NAME.test(n)).sort().reverse();
  const gone = all.slice(keep);
  for (const n of gone) rmSync(join(dir, n), { force: true });
  return gone;
}

/**
 * Writes `source`'s online backup to `dir/name`: temp file, verified, renamed; then the same into
 * `copyDir` (copied, verified, renamed) when given; then both folders pruned to `keep`.
 */
export async function writeBackup(
  source: { backup(path: string): Promise<void> }, o: { dir: string; name: string; keep: number; copyDir?: string | null; reason: BackupReason },
): Promise<BackupDone> {
  mkdirSync(o.dir, { recursive: true });
  const file = join(o.dir, o.name);
  const partial = `${file}.partial`;
  try {
    await source.backup(partial);
    selfContained(partial);
    const check = verifyCopy(partial);
    renameSync(partial, file);
    const copies: string[] = [];
    if (o.copyDir) copies.push(copyTo(file, o.copyDir));
    prune(o.dir, o.keep);
    if (o.copyDir) prune(o.copyDir, o.keep);
    return { file, copies, bytes: statSync(file).size, check, reason: o.reason };
  } catch (e) {
    rmSync(partial, { force: true });
    if (isAppError(e)) throw e;
    throw new AppError('BACKUP_FAILED', { file, detail: (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e)) }, { cause: e });
  }
}

function copyTo(file: string, dir: string): string {
  const target = join(dir, basename(file));
  const partial = `${target}.partial`;
  try {
    mkdirSync(dir, { recursive: true });
    copyFileSync(file, partial);
    verifyCopy(partial);
    renameSync(partial, target);
    return target;
  } catch (e) {
    rmSync(partial, { force: true });
    if (isAppError(e)) throw e;
    throw new AppError('BACKUP_COPY_FAILED', { dir, detail: (e as NodeJS.ErrnoException).code ?? String(e) }, { cause: e });
  }
}

/**
 * Before SqliteJournal.open migrates a journal (docs/recovery.md "Going back to an earlier release"): when
 * the file exists and this program would apply migrations to it, an online backup of it as it is, named
 * with its schema version, so the older release can be given its journal back. Returns the copy, or null
 * when nothing is to be migrated (or the file is not a journal this program can read: open says why).
 */
export async function backupBeforeMigration(journalPath: string, dir: string, keep: number, now: Date = new Date()): Promise<BackupDone | null> {
  if (!existsSync(journalPath) || statSync(journalPath).size === 0) return null;
  let db: Database.Database | null = null;
  let schema = 0;
  try {
    db = new Database(journalPath, { readonly: true, fileMustExist: true });
    const pending = pendingMigrations(db, MIGRATIONS);
    if (pending.length === 0) return null;
    schema = Math.min(...pending.map((m) => m.version)) - 1;
  } catch {
    db?.close();
    return null; // locked, corrupt, too new, not ours: SqliteJournal.open refuses it with the reason
  }
  const conn = db;
  try {
    return await writeBackup({ backup: async (p) => { await conn.backup(p); } }, {
      dir, name: backupName(now, 'pre-migration', schema), keep, reason: 'pre-migration',
    });
  } finally {
    conn.close();
  }
}
