import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteJournal } from '../journal/sqlite-journal';
import { manualClock, scratchDir } from '../journal/test-support';
import { AuditLog } from './audit';

let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal;
let db: Database.Database;

beforeEach(() => {
  scratch = scratchDir();
  journal = SqliteJournal.open(scratch.file('journal.sqlite'));
  db = new Database(journal.path);
});
afterEach(() => {
  db.close();
  journal.close();
  scratch.remove();
});

const SUP = { operatorId: 'S01', role: 'supervisor' };

describe('audit log', () => {
  it('refuses UPDATE and DELETE in the database itself, even through raw SQL', () => {
    new AuditLog(db).append(SUP, { action: 'reprint', target: 'r-1', detail: { copies: 1 } });
    expect(() => db.prepare("UPDATE audit SET operatorId = 'X'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM operators WHERE id = 'x'").run()).not.toThrow(); // no row: nothing to refuse
    expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(1);
  });

  it('lists a window of local dates, newest first, filtered by action, with who, role, target and detail', () => {
    const clock = manualClock(new Date(2025, 4, 31, 23, 59).toISOString());
    const log = new AuditLog(db, clock.now);
    log.append(SUP, { action: 'day-close', target: '2025-05-31' });
    clock.set(new Date(2025, 5, 1, 0, 1).toISOString());
    log.append({ operatorId: 'A01', role: 'operator' }, { action: 'sign-in', target: 'A01' });
    log.append(SUP, { action: 'reprint', target: 'r-9', detail: { receipt: 'A5' } });
    expect(log.list({ from: '2025-06-01', to: '2025-06-01' }).map((e) => e.action)).toEqual(['reprint', 'sign-in']);
    expect(log.list({ from: '2025-05-01', to: '2025-05-31' }).map((e) => e.action)).toEqual(['day-close']);
    expect(log.list({ from: '2025-05-01', to: '2025-06-30', action: 'reprint' })).toEqual([
      expect.objectContaining({ operatorId: 'S01', role: 'supervisor', target: 'r-9', detail: { receipt: 'A5' } }),
    ]);
    expect(() => log.list({ from: '2025-06-02', to: '2025-06-01' })).toThrow(/输入不正确/);
  });
});
