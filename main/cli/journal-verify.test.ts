import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../app/renderer-build';
import { AuditLog } from '../auth/audit';
import { OperatorStore, SYSTEM } from '../auth/operators';
import { groupHex } from '../journal/chain';
import type { ChainReport } from '../journal/chain-verify';
import { SqliteJournal } from '../journal/sqlite-journal';
import { manualClock, newRecharge, scratchDir, OPENED, note, ordered } from '../journal/test-support';

/**
 * `etc-counter journal verify` against journals tampered with as an attacker with the file would: the
 * sqlite3 command-line shell, guard triggers dropped first (scripts/setup-system.sh installs sqlite3).
 */
let scratch: ReturnType<typeof scratchDir>;
let path: string;
const ids: string[] = [];
const TZ = 'Asia/Shanghai';

beforeAll(() => {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('the sqlite3 command-line shell is missing: run scripts/setup-system.sh');
});

/**
 * Three recharges (chain positions 1–9) and four audit rows over two local days, then supervisor S01
 * (audit rows 5 and 6: the account and its recovery code), who signs in for every verify (main/cli/sign-in.ts):
 * that sign-in is the journal's next audit row, and verify's report covers it.
 */
beforeEach(async () => {
  scratch = scratchDir();
  path = scratch.file('journal.sqlite');
  const clock = manualClock('2024-05-06T02:00:00Z');
  const journal = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
  const db = new Database(path);
  const log = new AuditLog(db, clock.now);
  const tick = (): void => clock.set(new Date(clock.now().getTime() + 1000).toISOString());
  ids.length = 0;
  log.append({ operatorId: 'S01', role: 'supervisor' }, { action: 'sign-in', target: 'S01' });
  for (let i = 0; i < 3; i++) {
    const { id } = journal.create(newRecharge(), OPENED);
    ids.push(id);
    tick();
    journal.append(id, 'ORDERED', ordered(`H${i}`), { orderId: `H${i}` });
    tick();
    journal.append(id, i === 2 ? 'CANCELLED' : 'PAID', note('SUCCESS'), { tradeNo: `T${i}` });
    tick();
    log.append({ operatorId: 'A01', role: 'operator' }, { action: 'reprint', target: id, detail: { copies: 1 } });
    if (i === 1) clock.set('2024-05-07T02:00:00Z'); // the third recharge is on the next day
  }
  await new OperatorStore(db, log, clock.now).add({ id: 'S01', name: '王主管', role: 'supervisor', password: 'sup-secret-1' }, SYSTEM);
  db.close();
  journal.close();
});
afterEach(() => scratch.remove());

function sqlite(sql: string): void {
  const r = spawnSync('sqlite3', [path, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
}

function verify(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [`${REPO_ROOT}/bin/etc-counter.mjs`, 'journal', 'verify', '--journal', path, '--operator', 'S01', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, TZ, ETC_COUNTER_HOME: scratch.dir }, encoding: 'utf8', timeout: 60_000, input: 'sup-secret-1\n',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function report(): { code: number | null; report: ChainReport } {
  const r = verify('--json');
  return { code: r.code, report: JSON.parse(r.out) as ChainReport };
}

describe('etc-counter journal verify', () => {
  it('an untouched journal: exit 0, the rows checked and the chain head', () => {
    const r = verify('--date', '2024-05-06');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已检查 9 条充值事件、7 条审计记录、3 笔充值');
    expect(r.out).toContain('日志链完整，未发现改动');
    expect(r.out).toMatch(/链头（截至 现在）：事件 9，审计 7，校验值 ([0-9A-F]{4} ){15}[0-9A-F]{4}/);
    expect(r.out).toMatch(/链头（截至 2024-05-06）：事件 6，审计 3，/);
  }, 60_000);

  it('signs in first: no operator or a wrong password exit 4 before anything is read', () => {
    const run = (args: string[], input: string) => spawnSync(process.execPath, [`${REPO_ROOT}/bin/etc-counter.mjs`, 'journal', 'verify', '--journal', path, ...args], {
      cwd: REPO_ROOT, env: { ...process.env, TZ, ETC_COUNTER_HOME: scratch.dir }, encoding: 'utf8', timeout: 60_000, input,
    });
    const none = run([], 'sup-secret-1\n');
    expect([none.status, none.stdout]).toEqual([4, '']);
    expect(none.stderr).toContain('AUTH_CLI_OPERATOR_REQUIRED');
    const wrong = run(['--operator', 'S01'], 'guess\n');
    expect([wrong.status, wrong.stdout]).toEqual([4, '']);
    expect(wrong.stderr).toContain('AUTH_INVALID');
  }, 60_000);

  it("names the event whose data was edited", () => {
    sqlite(`DROP TRIGGER recharge_events_no_update; UPDATE recharge_events SET data = '{"orderId":"FORGED"}' WHERE chain = 5`);
    const { code, report: rep } = report();
    expect(code).toBe(3);
    expect(rep.breaks).toEqual([{ table: 'recharge_events', key: { recharge: ids[1], seq: 2, chain: 5 }, reason: 'changed', params: {} }]);
    expect(rep.missingTriggers).toEqual(['recharge_events_no_update']);
    expect(verify().out).toContain(`日志链断开：充值 ${ids[1]} 的第 2 条事件（链位置 5）：内容与其哈希不符`);
  }, 60_000);

  it('names the row after a deleted event', () => {
    sqlite('DROP TRIGGER recharge_events_no_delete; DELETE FROM recharge_events WHERE chain = 4');
    const { code, report: rep } = report();
    expect(code).toBe(3);
    expect(rep.checked.events).toBe(8);
    expect(rep.breaks[0]).toEqual({ table: 'recharge_events', key: { recharge: ids[1], seq: 2, chain: 5 }, reason: 'missing', params: { from: 4, to: 4 } });
  }, 60_000);

  it("names the first of two events whose seq were swapped", () => {
    sqlite(`DROP TRIGGER recharge_events_no_update;
      UPDATE recharge_events SET seq = -1 WHERE chain = 2; UPDATE recharge_events SET seq = 2 WHERE chain = 3;
      UPDATE recharge_events SET seq = 3 WHERE chain = 2;`);
    const { code, report: rep } = report();
    expect(code).toBe(3);
    expect(rep.breaks[0]).toEqual({ table: 'recharge_events', key: { recharge: ids[0], seq: 3, chain: 2 }, reason: 'changed', params: {} });
  }, 60_000);

  it('names the audit row that was edited', () => {
    sqlite("DROP TRIGGER audit_no_update; UPDATE audit SET operatorId = 'S01' WHERE seq = 3");
    const { code, report: rep } = report();
    expect(code).toBe(3);
    expect(rep.breaks).toEqual([{ table: 'audit', key: { seq: 3 }, reason: 'changed', params: {} }]);
    expect(verify().out).toContain('日志链断开：审计记录 3：内容与其哈希不符');
  }, 60_000);

  it('names a forged row appended without the right hash, and one without any', () => {
    sqlite(`INSERT INTO audit (seq, at, operatorId, role, action, target, detail, hash)
      VALUES (7, '2024-05-07T09:00:00.000Z', 'S01', 'supervisor', 'unlock', 'A01', '{}', randomblob(32))`);
    sqlite(`DROP TRIGGER recharge_events_chained; INSERT INTO recharge_events (rid, seq, at, state, data)
      VALUES (1, 4, '2024-05-07T09:00:00.000Z', 'PAID', '{}')`);
    const { code, report: rep } = report();
    expect(code).toBe(3);
    expect(rep.breaks).toEqual([
      { table: 'recharge_events', key: { recharge: ids[0], seq: 4, chain: null }, reason: 'unhashed', params: {} },
      { table: 'audit', key: { seq: 7 }, reason: 'changed', params: {} }, // the sign-in after it (8) links to it and fits
      { table: 'recharges', key: { recharge: ids[0] }, reason: 'view', params: { columns: 'updatedAt' } }, // still PAID: only the time moved
    ]);
  }, 60_000);

  it('cannot see rows cut off the end by itself; the positions and digest on the day report can (--at)', () => {
    const paper = report().report.heads; // what the 日结单 printed (that verify's sign-in is audit row 7)
    // The last recharge and its events removed, the triggers put back as they were: every link that is
    // left fits, and the next sign-in simply becomes the next audit row.
    const guards = "'recharges_no_delete', 'recharge_events_no_delete'";
    const saved = spawnSync('sqlite3', [path, `SELECT sql || ';' FROM sqlite_schema WHERE name IN (${guards})`], { encoding: 'utf8' }).stdout;
    expect(saved.match(/CREATE TRIGGER/g)).toHaveLength(2);
    sqlite(`DROP TRIGGER recharges_no_delete; DROP TRIGGER recharge_events_no_delete;
      DELETE FROM recharge_events WHERE chain > 6; DELETE FROM recharges WHERE rid = 3; ${saved}`);
    const { code, report: rep } = report();
    expect(code).toBe(0);
    expect(rep.checked).toMatchObject({ events: 6, audit: 8, recharges: 2 });
    expect(rep.heads.digest).not.toBe(paper.digest);
    // The paper's positions: event 9 is gone, so the printed digest cannot be reproduced, and verify says why.
    const at = verify('--at', `${paper.events.last},${paper.audit.last}`);
    expect(at.code).toBe(3);
    expect(at.out).toContain('纸面核对：日志中已没有交易事件第 9 条（日志现只到交易事件第 6 条、审计第 9 条）：日志末尾被删除');
  }, 60_000);

  it('audit rows cut off the end that an account change was written with: the account\'s chained event names them', () => {
    const guards = "'audit_no_delete'";
    const saved = spawnSync('sqlite3', [path, `SELECT sql || ';' FROM sqlite_schema WHERE name IN (${guards})`], { encoding: 'utf8' }).stdout;
    sqlite(`DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= 4; ${saved}`);
    const { code, report: rep } = report();
    expect(code).toBe(3);
    expect(rep.breaks).toEqual([{ table: 'operator_events', key: { seq: 1, operator: 'S01' }, reason: 'unaudited', params: {} }]);
  }, 60_000);

  it('--at N,M: the digest the 日结单 printed, byte for byte, whatever was written after (verify\'s own sign-ins too)', () => {
    const j = SqliteJournal.open(path, { timeZone: TZ });
    const printed = j.chainHead('2024-05-07'); // what the day report of 2024-05-07 carries
    j.create(newRecharge(), OPENED); // more work after printing
    j.close();
    const db = new Database(path);
    new AuditLog(db).append({ operatorId: 'S01', role: 'supervisor' }, { action: 'sign-out', target: 'S01' });
    db.close();
    const args = ['--at', `${printed.events.last},${printed.audit.last}`];
    const line = `纸面核对：交易事件第 ${printed.events.last} 条、审计第 ${printed.audit.last} 条处的校验码 ${groupHex(printed.digest)}`;
    const first = verify(...args);
    const second = verify(...args); // another sign-in row in between
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.out).toContain(line);
    expect(second.out).toContain(line);
    expect(verify('--at', '12').code).toBe(2);
    expect(verify('--at', '12').err).toContain('--at 应为日结单上印的两个位置');
  }, 60_000);

  it('answers an unknown operator id exactly as a real one, process after process: counted, then locked', () => {
    const tries = (id: string): string[] => Array.from({ length: 6 }, (_, i) => {
      const r = spawnSync(process.execPath, [`${REPO_ROOT}/bin/etc-counter.mjs`, 'journal', 'verify', '--journal', path, '--operator', id], {
        cwd: REPO_ROOT, env: { ...process.env, TZ, ETC_COUNTER_HOME: scratch.dir }, encoding: 'utf8', timeout: 60_000, input: `wrong-${i}\n`,
      });
      return `${r.status} ${r.stdout}${r.stderr}`.replaceAll(id, '<id>');
    });
    const real = tries('S01');
    expect(real.map((l) => l.split('\n')[0])).toEqual([
      expect.stringMatching(/^4 .*AUTH_INVALID.*还可尝试 4 次/), expect.stringMatching(/^4 .*还可尝试 3 次/), expect.stringMatching(/^4 .*还可尝试 2 次/),
      expect.stringMatching(/^4 .*还可尝试 1 次/), expect.stringMatching(/^4 .*AUTH_LOCKED/), expect.stringMatching(/^4 .*AUTH_LOCKED/),
    ]);
    expect(tries('NOBODY')).toEqual(real);
  }, 180_000);
});
