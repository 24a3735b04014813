import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { secureDataFolder } from './file-modes';
import { lockPathFor } from './lock';
import { SqliteJournal } from './sqlite-journal';
import { newRecharge, scratchDir, OPENED } from './test-support';

/**
 * One writer per journal FILE (lock.ts): the lock follows the file's device and inode, and a journal with
 * a second hard link — two names, so two WALs for one database — is refused. And the files only the
 * counter can read (file-modes.ts). POSIX only, as this project's machines are.
 */
let scratch: ReturnType<typeof scratchDir>;
let path: string;
const opened: SqliteJournal[] = [];

beforeEach(() => {
  scratch = scratchDir();
  path = scratch.file('journal.sqlite');
});
afterEach(() => {
  for (const j of opened.splice(0)) j.close();
  scratch.remove();
});

function open(at = path): SqliteJournal {
  const j = SqliteJournal.open(at, { busyTimeoutMs: 50 });
  opened.push(j);
  return j;
}
function refusal(at: string): string {
  try {
    open(at);
  } catch (e) {
    if (isAppError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'opened';
}
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('the journal lock follows the file, not the path', () => {
  it('refuses a journal with a second hard link, by either name, with words for a person', () => {
    open().close();
    opened.length = 0;
    const other = scratch.file('copy.sqlite');
    linkSync(path, other);
    expect(refusal(path)).toMatch(/^JOURNAL_HARD_LINKED: 交易日志文件 .*journal\.sqlite 另有其他文件名（共 2 个硬链接）.*联系管理员/);
    expect(refusal(other)).toMatch(/^JOURNAL_HARD_LINKED/);
    expect(existsSync(`${other}-wal`)).toBe(false); // no second WAL was ever started
  });

  it('refuses a hard link made while the journal is open: the second name never gets a writer', () => {
    const j = open();
    j.create(newRecharge(), OPENED);
    linkSync(path, scratch.file('second.sqlite'));
    expect(refusal(scratch.file('second.sqlite'))).toMatch(/^JOURNAL_HARD_LINKED/);
    expect(j.create(newRecharge(), OPENED).state).toBe('READ'); // the first writer goes on
  });

  it('meets the same lock through a symlink and after a rename: one writer per inode', () => {
    const j = open();
    const lock = lockPathFor(path);
    expect(lock).toMatch(/\.etc-counter-\d+-\d+\.lock$/);
    const link = scratch.file('alias.sqlite');
    symlinkSync(path, link);
    expect(lockPathFor(link)).toBe(lock);
    expect(refusal(link)).toMatch(/^JOURNAL_LOCKED/);
    const renamed = scratch.file('renamed.sqlite');
    renameSync(path, renamed); // the open journal moved under the writer's feet
    expect(lockPathFor(renamed)).toBe(lock);
    expect(refusal(renamed)).toMatch(/^JOURNAL_LOCKED/);
    j.close();
    opened.length = 0;
    expect(refusal(renamed)).toBe('opened'); // free once the first writer is gone
  });
});

describe('files only the counter can read', () => {
  it('creates the journal, its -wal and -shm and its lock 0600', () => {
    const j = open();
    j.create(newRecharge(), OPENED);
    for (const p of [path, `${path}-wal`, `${path}-shm`, lockPathFor(path)]) expect(mode(p), p).toBe(0o600);
  });

  it('makes a journal an earlier version left 0644 private at its next open', () => {
    open().close();
    opened.length = 0;
    chmodSync(path, 0o644);
    open();
    expect(mode(path)).toBe(0o600);
  });

  it('makes a data folder an earlier version left 0755 private, everything in it once, symlinks untouched', () => {
    const home = scratch.file('home');
    mkdirSync(join(home, 'archive', '2024-05-06'), { recursive: true, mode: 0o755 });
    chmodSync(home, 0o755);
    writeFileSync(join(home, 'settings.json'), '{}', { mode: 0o644 });
    writeFileSync(join(home, 'archive', '2024-05-06', 'r-receipt.pdf'), '%PDF', { mode: 0o644 });
    const outside = scratch.file('outside.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, join(home, 'link'));
    expect(secureDataFolder(home)).toBe(5);
    expect([home, join(home, 'archive'), join(home, 'archive', '2024-05-06')].map(mode)).toEqual([0o700, 0o700, 0o700]);
    expect([join(home, 'settings.json'), join(home, 'archive', '2024-05-06', 'r-receipt.pdf')].map(mode)).toEqual([0o600, 0o600]);
    expect(mode(outside)).toBe(0o644); // not followed
    expect(secureDataFolder(home)).toBe(0); // private already: not walked again
    expect(readdirSync(home).sort()).toEqual(['archive', 'link', 'settings.json']);
  });
});
