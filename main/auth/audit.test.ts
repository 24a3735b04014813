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
  it('refuses UPDATE and DELETE of real rows in the database itself, even through raw SQL', () => {
    const log = new AuditLog(db);
    const seq = log.append(SUP, { action: 'reprint', target: 'r-1', detail: { copies: 1 } });
    log.append(SUP, { action: 'sign-out', target: 'S01' });
    const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(() => db.prepare("UPDATE audit SET operatorId = 'X' WHERE seq = ?").run(seq)).toThrow('audit: the log is append-only');
    expect(() => db.prepare('DELETE FROM audit WHERE seq = ?').run(seq)).toThrow('audit: the log is append-only');
    expect(() => db.prepare("INSERT INTO audit (at, operatorId, role, action, detail) VALUES ('x', 'S01', 'supervisor', 'sign-in', '{}')").run())
      .toThrow('audit: a row needs its hash in the chain');
    expect(count('audit')).toBe(2);
    expect(db.prepare('SELECT operatorId, target FROM audit WHERE seq = ?').get(seq)).toEqual({ operatorId: 'S01', target: 'r-1' });

    db.prepare("INSERT INTO operators (id, name, role, passwordHash, createdAt) VALUES ('B01', '张三', 'operator', 'scrypt$x', 'x')").run();
    expect(() => db.prepare("DELETE FROM operators WHERE id = 'B01'").run()).toThrow('auth: operators are disabled, never deleted');
    expect(count('operators')).toBe(1);
  });

  it('lists a window of business (Beijing) dates, newest first, filtered by action, with who, role, target and detail', () => {
    const clock = manualClock('2025-05-31T15:59:00.000Z'); // 23:59 on 31 May in Beijing
    const log = new AuditLog(db, clock.now);
    log.append(SUP, { action: 'day-close', target: '2025-05-31' });
    clock.set('2025-05-31T16:01:00.000Z'); // 00:01 on 1 June in Beijing, still 31 May in UTC and west of it
    log.append({ operatorId: 'A01', role: 'operator' }, { action: 'sign-in', target: 'A01' });
    log.append(SUP, { action: 'reprint', target: 'r-9', detail: { receipt: 'A5' } });
    const zone = process.env.TZ;
    try {
      // The same days whatever zone the counter PC is set to (docs/architecture.md §3).
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York']) {
        process.env.TZ = tz;
        expect(log.list({ from: '2025-06-01', to: '2025-06-01' }).map((e) => e.action), tz).toEqual(['reprint', 'sign-in']);
        expect(log.list({ from: '2025-05-01', to: '2025-05-31' }).map((e) => e.action), tz).toEqual(['day-close']);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(log.list({ from: '2025-05-01', to: '2025-06-30', action: 'reprint' })).toEqual([
      expect.objectContaining({ operatorId: 'S01', role: 'supervisor', target: 'r-9', detail: { receipt: 'A5' } }),
    ]);
    expect(() => log.list({ from: '2025-06-02', to: '2025-06-01' })).toThrow(/输入不正确/);
  });
});
