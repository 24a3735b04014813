import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../app/renderer-build';
import { AuditLog } from '../auth/audit';
import { OperatorStore, SYSTEM } from '../auth/operators';
import { SqliteJournal } from '../journal/sqlite-journal';
import { newRecharge, note, OPENED, ordered } from '../journal/test-support';

/**
 * `etc-counter journal backup` and `journal restore` as an administrator runs them (docs/recovery.md): a
 * supervisor's checked online copy; an operator, a wrong password or an existing file refused; the copy put
 * back with the journal kept beside it and its unfinished recharge counted.
 */
function cli(home: string, args: string[], input = ''): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'etc-counter.mjs'), ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ETC_COUNTER_HOME: home }, encoding: 'utf8', timeout: 60_000, input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('etc-counter journal backup / restore', () => {
  it('backs up as a supervisor, checked; restores it over a journal that changed since', async () => {
    const home = mkdtempSync(join(tmpdir(), 'etc-cli-backup-'));
    const path = join(home, 'journal.sqlite');
    const journal = SqliteJournal.open(path);
    const { id } = journal.create(newRecharge(), OPENED);
    journal.append(id, 'ORDERED', ordered('H1'), { orderId: 'H1' });
    journal.append(id, 'PAID', note(), { tradeNo: 'T1' });
    const db = new Database(path);
    const ops = new OperatorStore(db, new AuditLog(db));
    await ops.add({ id: 'S01', name: '王主管', role: 'supervisor', password: 'sup-secret-1' }, SYSTEM);
    await ops.add({ id: 'B07', name: '张三', role: 'operator', password: 'teller-pass-7' }, { operatorId: 'S01', role: 'supervisor' });
    db.close();
    journal.close();

    const out = join(home, 'copies', 'before.sqlite');
    expect(cli(home, ['journal', 'backup', '--operator', 'B07', '--out', out], 'teller-pass-7\n').code).toBe(4); // not a supervisor
    expect(cli(home, ['journal', 'backup', '--operator', 'S01', '--out', out], 'wrong\n').code).toBe(4);
    expect(existsSync(out)).toBe(false);
    const made = cli(home, ['journal', 'backup', '--operator', 'S01', '--out', out], 'sup-secret-1\n');
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(made.out).toMatch(/流水已备份到 .*before\.sqlite（\d+ 字节，已校验：3 条充值事件、\d+ 条审计记录的哈希链完好）/);
    expect(readdirSync(join(home, 'copies'))).toEqual(['before.sqlite']);
    expect(cli(home, ['journal', 'backup', '--operator', 'S01', '--out', out], 'sup-secret-1\n')).toMatchObject({ code: 1, err: expect.stringContaining('BACKUP_EXISTS') });

    const later = SqliteJournal.open(path); // the journal moves on after the copy
    later.append(id, 'INIT', note(), { onlineSerial: 5 });
    later.close();
    const restored = cli(home, ['journal', 'restore', '--from', out]);
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toContain('其中有 1 笔未完成的充值');
    expect(restored.out).toMatch(/原流水文件已保留为 .*journal\.sqlite\.replaced-\d{8}T\d{6}/);
    const back = SqliteJournal.open(path);
    expect(back.get(id)?.state).toBe('PAID');
    back.close();
  }, 120_000);
});
