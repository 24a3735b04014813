import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostWitness } from '../../contract/host-api';
import type { Reconciliation } from '../../contract/ipc';
import { SYSTEM } from '../../main/auth/operators';
import { HttpHostLink } from '../../main/host/http-host-link';
import { localDateOf } from '../../main/journal/dates';
import { allMatch, reconcileDay } from '../../main/report';
import { renderDayReport } from '../../main/report/day-report-html';
import { dayReport } from '../../main/report/day-report';
import { MoneyWorld } from '../support/money-world';

/**
 * A witness outside the journal file (docs/architecture.md §3c): each recharge that ends at the host
 * (confirm, unloaded) carries the journal's chain heads; the host simulator keeps the furthest per terminal.
 * A journal cut short afterwards — by an insider who dropped the guards, deleted the tail and put the guards
 * back, so that `journal verify` alone finds every link intact — is named against that witness by
 * `journal verify` with a host and by 对账 (the day view, the 日结单, `journal reconcile`).
 */
const BIN = join(process.cwd(), 'bin', 'etc-counter.mjs');
const TERMINAL = '000001000050';
const PASSWORD = 'witness-2026';
let w: MoneyWorld;
afterEach(async () => w?.close());

/** The CLI in a process of its own (the simulator answers from this one), with the host in its settings unless `host` is false. */
function cli(args: string[], host = true): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'witness-cli-'));
  const config = join(home, 'settings.json');
  writeFileSync(config, JSON.stringify({ terminalId: TERMINAL, ...(host ? { hostUrl: w.sim.url } : {}) }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'journal', ...args, '--config', config, '--operator', 'R01'], {
      env: { ...process.env, ETC_COUNTER_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(`${PASSWORD}\n`);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function hostWitness(): Promise<HostWitness> {
  const link = new HttpHostLink({ baseUrl: w.sim.url, credentials: { terminalId: TERMINAL, operatorId: 'R01' } });
  try {
    return await link.witness(TERMINAL);
  } finally {
    link.close();
  }
}

describe('the host keeps the journal heads each confirm carried, and a journal cut short is named against them', () => {
  it('confirm carries the heads; the tail cut off is named by journal verify --host and by 对账', async () => {
    w = await MoneyWorld.create();
    const date = localDateOf(w.clock.now());
    const s = await w.counter();
    const path = s.journal.path;
    await s.auth.operators.add({ id: 'R01', name: '对账员', role: 'supervisor', password: PASSWORD }, SYSTEM);
    const loaded: string[] = [];
    for (const amountFen of [1_000, 2_000]) {
      const r = await s.engine.start({ amountFen, channel: 'wechat', operatorId: 'R01' });
      w.sim.pay(r.orderId ?? '');
      await s.engine.checkPayment(r.id);
      expect((await s.engine.load(r.id)).state).toBe('VERIFIED');
      loaded.push(r.id);
    }
    // What the host saw with the second confirm: the chain as it stood when that confirm left the counter.
    const seen = await hostWitness();
    const heads = s.journal.witness();
    expect(seen.witness?.journalId).toBe(heads?.journalId);
    expect(seen.witness?.events.last).toBeGreaterThan(0);
    expect(seen.witness?.events.last).toBeLessThan(heads?.events.last ?? 0); // CONFIRMED and VERIFIED came after
    expect(seen.witness?.audit.last).toBe(heads?.audit.last); // R01's add and the first supervisor's recovery code
    const untouched = await reconcileDay(s.journal, s.host, date, { terminalId: TERMINAL, clock: w.clock, find: (id) => s.journal.get(id) });
    expect(untouched.witness).toMatchObject({ status: 'ok', findings: [] });
    await w.stop(s);

    expect((await cli(['verify', '--journal', path])).code).toBe(0);

    // The second recharge cut off, guards put back: every link left fits.
    const db = new Database(path);
    const guards = ['recharge_events_no_delete', 'recharges_no_delete'];
    const saved = (db.prepare(`SELECT sql FROM sqlite_schema WHERE name IN ('${guards.join("', '")}')`).all() as { sql: string }[]).map((r) => `${r.sql};`).join('\n');
    const { rid } = db.prepare('SELECT rid FROM recharges WHERE id = ?').get(loaded[1]) as { rid: number };
    const { first } = db.prepare('SELECT min(chain) AS first FROM recharge_events WHERE rid = ?').get(rid) as { first: number };
    db.exec(`DROP TRIGGER recharge_events_no_delete; DROP TRIGGER recharges_no_delete;
      DELETE FROM recharge_events WHERE rid = ${rid}; DELETE FROM recharges WHERE rid = ${rid}; ${saved}`);
    db.close();

    const plain = await cli(['verify', '--journal', path, '--json'], false);
    expect(plain.code, plain.stderr).toBe(0); // by itself verify finds nothing
    const v = await cli(['verify', '--journal', path]);
    expect(v.code, v.stderr).toBe(3);
    const to = seen.witness?.events.last ?? 0;
    expect(v.stdout).toContain(`日志见证: 交易事件第 ${first}–${to} 条不在本机日志中`);
    const json = JSON.parse((await cli(['verify', '--journal', path, '--json'])).stdout) as { intact: boolean; witness: { status: string; findings: unknown[] } };
    expect(json.intact).toBe(true);
    expect(json.witness).toMatchObject({ status: 'broken', findings: [{ chain: 'events', kind: 'missing', from: first, to }] });

    // 对账: the command line, and the services the day view and the 日结单 use.
    const rec = await cli(['reconcile', '--date', date, '--journal', path, '--json']);
    expect(rec.code, rec.stderr).toBe(1);
    expect((JSON.parse(rec.stdout) as Reconciliation).witness).toMatchObject({ status: 'broken' });
    const again = await w.counter();
    const day = await reconcileDay(again.journal, again.host, date, { terminalId: TERMINAL, clock: w.clock, find: (id) => again.journal.get(id) });
    expect(allMatch(day)).toBe(false);
    const paper = renderDayReport(dayReport(again.journal, date, { terminalId: TERMINAL, branch: '测试网点', training: false, clock: w.clock }), { reconciliation: day });
    expect(paper).toMatch(new RegExp(`data-witness style="color:#b00000">日志见证：交易事件第 ${first}–${to} 条不在本机日志中`));
  }, 180_000);
});
