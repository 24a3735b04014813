import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { Migration } from './migrations';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The text a migration's recorded sha256 covers: `sql`, and `sqlAfter` when it has a data step. */
export function migrationText(m: Migration): string {
  return m.sqlAfter === undefined ? m.sql : `${m.sql}\n${m.sqlAfter}`;
}

/** A fingerprint of a whole migration list (the benchmark keys its cached database by it). */
export function schemaHash(migrations: readonly Migration[]): string {
  return sha256(migrations.map((m) => `${m.version}:${sha256(migrationText(m))}`).join('\n'));
}

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

/**
 * Reads what is applied and compares it with `migrations`, without writing anything. Refuses an applied
 * migration whose text changed since (or that this program does not know): the database was built by
 * another schema and running on it could misread money.
 */
export function pendingMigrations(db: Database.Database, migrations: readonly Migration[]): Migration[] {
  const applied = hasTable(db, 'migrations')
    ? (db.prepare('SELECT version, name, sha256 FROM migrations ORDER BY version').all() as AppliedRow[])
    : [];
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  for (const row of applied) {
    const m = known.get(row.version);
    if (!m && row.version > newest) throw new AppError('JOURNAL_TOO_NEW', { version: row.version });
    if (!m || sha256(migrationText(m)) !== row.sha256) {
      throw new AppError('JOURNAL_MIGRATION_EDITED', { version: row.version, name: row.name });
    }
  }
  const done = new Set(applied.map((r) => r.version));
  return [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
}

/** Applies each pending migration in its own transaction, recording its hash in the same transaction. */
export function applyMigrations(db: Database.Database, pending: readonly Migration[], appliedAt: string): void {
  for (const m of pending) {
    if (m.rebuild) db.pragma('foreign_keys = OFF'); // a no-op inside a transaction, so before it
    try {
      applyOne(db, m, appliedAt);
    } finally {
      if (m.rebuild) db.pragma('foreign_keys = ON');
    }
  }
}

function applyOne(db: Database.Database, m: Migration, appliedAt: string): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, appliedAt TEXT NOT NULL) STRICT`);
    db.exec(m.sql);
    m.backfill?.(db);
    if (m.sqlAfter !== undefined) db.exec(m.sqlAfter);
    if (m.rebuild) {
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new AppError('INTERNAL', { detail: `migration ${m.version}: ${broken.length} foreign key violations` });
    }
    db.prepare('INSERT INTO migrations (version, name, sha256, appliedAt) VALUES (?, ?, ?, ?)').run(
      m.version,
      m.name,
      sha256(migrationText(m)),
      appliedAt,
    );
  })();
}

export function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
