import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reconciliation } from '../../contract/ipc';
import { localDateOf } from '../../main/journal/dates';
import { SYSTEM } from '../../main/auth/operators';
import { MoneyWorld } from '../support/money-world';

/**
 * `etc-counter journal reconcile` (docs/architecture.md §5) as a support desk runs it, in a process of its own
 * against the host simulator over HTTP and a journal the counter has closed: the four lists in JSON, the counts
 * in text, exit 0 when all match and 1 when not, 2 for bad input.
 */
const BIN = join(process.cwd(), 'bin', 'etc-counter.mjs');
let w: MoneyWorld;
afterEach(async () => w?.close());

const PASSWORD = 'reconcile-2026';

/** Runs the CLI without blocking this process: the host simulator answers from here. */
function cli(args: string[], password = PASSWORD): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'reconcile-cli-'));
  const config = join(home, 'settings.json');
  writeFileSync(config, JSON.stringify({ terminalId: '000001000050' }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'journal', 'reconcile', '--config', config, '--operator', 'R01', ...args], {
      env: { ...process.env, ETC_COUNTER_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    // The password as stdin's first line, as a script pipes it (main/cli/sign-in.ts).
    child.stdin.end(`${password}\n`);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('etc-counter journal reconcile', () => {
  it('all matched: exit 0; one mismatch (a TAC the host refused): exit 1 with the row and what to do; bad input: exit 2', async () => {
    w = await MoneyWorld.create();
    const date = localDateOf(w.clock.now());
    let s = await w.counter();
    const journal = s.journal.path;
    // The real journal's first operator: the one who signs in to reconcile.
    await s.auth.operators.add({ id: 'R01', name: '对账员', role: 'supervisor', password: PASSWORD }, SYSTEM);
    const good = await s.engine.start({ amountFen: 1_000, channel: 'wechat', operatorId: 'A01' });
    w.sim.pay(good.orderId ?? '');
    await s.engine.checkPayment(good.id);
    expect((await s.engine.load(good.id)).state).toBe('VERIFIED');
    await w.stop(s); // the journal is the app's while it runs

    const ok = await cli(['--date', date, '--host', w.sim.url, '--journal', journal, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const all = JSON.parse(ok.stdout) as Reconciliation;
    expect([all.matched.length, all.hostOnly.length, all.journalOnly.length, all.mismatched.length]).toEqual([1, 0, 0, 0]);
    expect(all.matched[0]).toMatchObject({ orderId: good.orderId, rechargeId: good.id, amountFen: 1_000 });

    s = await w.counter();
    const bad = await s.engine.start({ amountFen: 2_000, channel: 'alipay', operatorId: 'A01' });
    w.sim.pay(bad.orderId ?? '');
    await s.engine.checkPayment(bad.id);
    w.sim.faults.fail('/confirm$', 1, 409);
    expect((await s.engine.load(bad.id)).state).toBe('NEEDS_ADMIN');
    await w.stop(s);

    const json = await cli(['--date', date, '--host', w.sim.url, '--journal', journal, '--json']);
    expect(json.code, json.stderr).toBe(1);
    const r = JSON.parse(json.stdout) as Reconciliation;
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['matched', 'hostOnly', 'journalOnly', 'mismatched']));
    expect([r.matched.length, r.hostOnly.length, r.journalOnly.length, r.mismatched.length]).toEqual([1, 0, 0, 1]);
    expect(r.mismatched[0]).toMatchObject({ orderId: bad.orderId, state: 'NEEDS_ADMIN', hostStatus: 'PAID', amountFen: 2_000 });

    const text = await cli(['--date', date, '--host', w.sim.url, '--journal', journal]);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toContain(`${date} 对账`);
    expect(text.stdout).toContain('不一致 1');
    expect(text.stdout).toContain(bad.orderId ?? 'none');
    expect(text.stdout).toContain('由主管凭卡核查');

    const refused = await cli(['--date', date, '--host', w.sim.url, '--journal', journal, '--json'], 'wrong-password');
    expect(refused.code, refused.stderr).toBe(4);
    expect(refused.stdout).toBe('');

    const noDate = await cli(['--host', w.sim.url, '--journal', journal]);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toContain('--date');
    const missing = await cli(['--date', date, '--host', w.sim.url, '--journal', join(w.dir, 'nope.sqlite')]);
    expect(missing.code).toBe(2);
  }, 120_000);
});
