import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { isAppError } from '../../contract/errors';
import { MIGRATIONS } from './migrations';
import { SqliteJournal, type JournalOptions } from './sqlite-journal';
import { newRecharge, scratchDir, OPENED, note } from './test-support';

/** The version a next migration would take (versions may have gaps while branches are merged). */
const NEXT_VERSION = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
let scratch: ReturnType<typeof scratchDir>;
let path: string;
beforeEach(() => {
  scratch = scratchDir();
  path = scratch.file('journal.db');
});
afterEach(() => scratch.remove());

function openCode(opts: JournalOptions = {}, at = path): string {
  try {
    SqliteJournal.open(at, { busyTimeoutMs: 50, ...opts }).close();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return 'opened';
}

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A closed journal with some history, and the sha256 of its bytes. */
function journalWith(recharges: number, opts: JournalOptions = {}): string {
  const j = SqliteJournal.open(path, opts);
  for (let i = 0; i < recharges; i++) {
    const { id } = j.create(newRecharge({ training: opts.training ?? false, plate: `甘A${10000 + i}` }), OPENED);
    j.append(id, 'ORDERED', { step: 'ordered', orderId: `H${i}`, channelStatus: 'y'.repeat(200) }, { orderId: `H${i}` });
  }
  j.close();
  return sha(path);
}

/** Overwrites one page of the events table with garbage, as a failing disk would. */
function damageEventsPage(): void {
  const raw = new Database(path, { readonly: true });
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  const { pageno } = raw
    .prepare("SELECT pageno FROM dbstat WHERE name = 'recharge_events' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3")
    .get() as { pageno: number };
  raw.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize / 2, 0xa5), 0, pageSize / 2, (pageno - 1) * pageSize + 8);
  closeSync(fd);
}

describe('a journal that must not be used is refused, and left exactly as it was', () => {
  it('not a database at all → JOURNAL_CORRUPT', () => {
    writeFileSync(path, Buffer.from('这不是数据库 — this is not a database, just some bytes '.repeat(200)));
    const before = sha(path);
    expect(openCode()).toBe('JOURNAL_CORRUPT');
    expect(sha(path)).toBe(before);
    expect(readdirSync(scratch.dir).filter((f) => !f.endsWith('.lock'))).toEqual(['journal.db']);
  });

  it('a damaged page → JOURNAL_CORRUPT at open (quick_check)', () => {
    journalWith(200);
    damageEventsPage();
    const before = sha(path);
    expect(openCode()).toBe('JOURNAL_CORRUPT');
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('another program’s SQLite database → JOURNAL_CORRUPT, not migrated', () => {
    const other = new Database(path);
    other.exec('CREATE TABLE orders (id TEXT PRIMARY KEY); INSERT INTO orders VALUES (1)');
    other.close();
    const before = sha(path);
    expect(openCode()).toBe('JOURNAL_CORRUPT');
    expect(sha(path)).toBe(before);
  });

  it('an applied migration edited since → JOURNAL_MIGRATION_EDITED', () => {
    const before = journalWith(3);
    const edited = MIGRATIONS.map((m) => (m.version === 1 ? { ...m, sql: m.sql.replace('amountFen > 0', 'amountFen >= 0') } : m));
    expect(openCode({ migrations: edited })).toBe('JOURNAL_MIGRATION_EDITED');
    expect(sha(path)).toBe(before);
  });

  it('a stored migration hash that no longer matches → JOURNAL_MIGRATION_EDITED', () => {
    journalWith(1);
    const raw = new Database(path);
    raw.prepare("UPDATE migrations SET sha256 = ? WHERE version = 1").run('0'.repeat(64));
    raw.close();
    const before = sha(path);
    expect(openCode()).toBe('JOURNAL_MIGRATION_EDITED');
    expect(sha(path)).toBe(before);
  });

  it('a journal migrated by a newer program → JOURNAL_TOO_NEW', () => {
    const next = [...MIGRATIONS, { version: NEXT_VERSION, name: 'later', sql: 'CREATE TABLE later (x INTEGER) STRICT;' }];
    journalWith(1, { migrations: next });
    expect(openCode()).toBe('JOURNAL_TOO_NEW');
  });

  it('a training journal opened as real, and a real one as training → JOURNAL_MODE_MISMATCH', () => {
    const before = journalWith(2, { training: true });
    expect(openCode({ training: false })).toBe('JOURNAL_MODE_MISMATCH');
    expect(sha(path)).toBe(before);
    expect(openCode({ training: true })).toBe('opened');
    const real = scratch.file('real.db');
    expect(openCode({ training: false }, real)).toBe('opened');
    expect(openCode({ training: true }, real)).toBe('JOURNAL_MODE_MISMATCH');
  });
});

describe('the integrity check of a large journal runs in the background', () => {
  const background: JournalOptions = { syncCheckMaxBytes: 0 };

  it('a sound journal: verified resolves, and a write made before the verdict waits for it', async () => {
    journalWith(50);
    const j = SqliteJournal.open(path, background);
    try {
      const { id } = j.create(newRecharge({ plate: '甘A99999' }), OPENED);
      await expect(j.verified).resolves.toBeUndefined();
      expect(j.append(id, 'ORDERED', note()).state).toBe('ORDERED');
    } finally {
      j.close();
    }
  });

  it('a damaged page: reads still work, verified rejects, every write is refused, the file is untouched', async () => {
    journalWith(200);
    damageEventsPage();
    const before = sha(path);
    const j = SqliteJournal.open(path, background);
    try {
      expect(j.get(newestId(path))?.state).toBe('ORDERED');
      await expect(j.verified).rejects.toMatchObject({ code: 'JOURNAL_CORRUPT' });
      expect(() => j.create(newRecharge(), OPENED)).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT' }));
    } finally {
      j.close();
    }
    expect(sha(path)).toBe(before);
  });
});

function newestId(journalPath: string): string {
  const raw = new Database(journalPath, { readonly: true });
  const row = raw.prepare('SELECT id FROM recharges ORDER BY rid DESC LIMIT 1').get() as { id: string };
  raw.close();
  return row.id;
}

describe('migrations', () => {
  it('applies a new migration in its own transaction and records its hash', () => {
    journalWith(1);
    const next = [...MIGRATIONS, { version: NEXT_VERSION, name: 'day closes', sql: 'CREATE TABLE day_closes (date TEXT PRIMARY KEY) STRICT;' }];
    expect(openCode({ migrations: next })).toBe('opened');
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT version, name, length(sha256) AS len FROM migrations ORDER BY version').all();
    raw.close();
    expect(rows).toEqual([
      ...MIGRATIONS.map((m) => ({ version: m.version, name: m.name, len: 64 })),
      { version: NEXT_VERSION, name: 'day closes', len: 64 },
    ]);
  });

  it('rolls back a failing migration entirely', () => {
    journalWith(1);
    const broken = [...MIGRATIONS, { version: NEXT_VERSION, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' }];
    expect(() => SqliteJournal.open(path, { migrations: broken })).toThrow(/no_such_table/);
    const raw = new Database(path, { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE name IN ('half')").all();
    const versions = raw.prepare('SELECT version FROM migrations').all();
    raw.close();
    expect(tables).toEqual([]);
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });
});

describe('one program per journal', () => {
  it('a second open in the same process → JOURNAL_LOCKED; after close it opens', () => {
    const first = SqliteJournal.open(path);
    expect(openCode()).toBe('JOURNAL_LOCKED');
    first.close();
    expect(openCode()).toBe('opened');
  });

  it('a journal held by another process → JOURNAL_LOCKED; free again once that process is gone', async () => {
    journalWith(1);
    const child = holdInChild(path);
    await child.ready;
    expect(openCode()).toBe('JOURNAL_LOCKED');
    await child.exitWithoutClosing();
    expect(openCode()).toBe('opened');
  });
});

/** Opens the journal in a child process, which then exits without closing it (no release, like a crash). */
function holdInChild(journalPath: string): { ready: Promise<void>; exitWithoutClosing: () => Promise<void> } {
  const url = pathToFileURL(new URL('./sqlite-journal.ts', import.meta.url).pathname).href;
  const code = `import { SqliteJournal } from ${JSON.stringify(url)};
    const journal = SqliteJournal.open(${JSON.stringify(journalPath)});
    process.stdout.write('ready\\n');
    process.stdin.on('data', () => process.exit(journal.training ? 3 : 0)); // keeps the journal reachable`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
    child.once('exit', (c) => reject(new Error(`child exited (${c}) before holding the journal`)));
  });
  return { ready, exitWithoutClosing: async () => (child.stdin.write('go\n'), await exited) };
}
