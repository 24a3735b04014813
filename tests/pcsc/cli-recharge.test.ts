import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteJournal } from '../../main/journal/sqlite-journal';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { ensurePcscd, type Rig, startRig, VPCD_READER, waitForCard } from './card-rig';
import { reseat } from './reseat';

/**
 * `etc-counter recharge` and `resume` as support staff run them: vpcd card, host simulator over HTTP, and
 * a sign-in first (main/cli/sign-in.ts: `--operator ID`, the password as the first line of stdin).
 */

const BIN = fileURLToPath(new URL('../../bin/etc-counter.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cli-recharge-'));
const journal = join(dir, 'journal.sqlite');
let rig: Rig | null = null;
let sim: HostSim | null = null;

function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ETC_COUNTER_HOME: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(stdin);
  });
}
const host = () => ['--host', sim?.url ?? '', '--reader', VPCD_READER, '--journal', journal];

/** What a recharge leaves in the journal: its rows and events, and the audit rows, as stored. */
function tables(): { recharges: unknown[]; events: unknown[]; audit: { action: string; operatorId: string; target: string | null; detail: string }[] } {
  const db = new Database(journal, { readonly: true });
  try {
    return {
      recharges: db.prepare('SELECT * FROM recharges ORDER BY id').all(),
      events: db.prepare('SELECT * FROM recharge_events ORDER BY rid, seq').all(),
      audit: db.prepare('SELECT action, operatorId, target, detail FROM audit ORDER BY seq').all() as never,
    };
  } finally {
    db.close();
  }
}

/** How many orders the host simulator holds. */
const hostOrders = (): number => (sim?.db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;

beforeAll(async () => {
  ensurePcscd();
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(dir, 'host.sqlite') });
  rig = await startRig(fixtureProfile('normal'), fixtureKeys());
  const sup = await cli(['operator', 'add', '--id', 'S01', '--name', '王主管', '--role', 'supervisor', '--journal', journal], 'sup-secret-1\n');
  expect(sup.code, sup.stderr).toBe(0);
  const op = await cli(['operator', 'add', '--id', 'B07', '--name', '张三', '--role', 'operator', '--operator', 'S01', '--journal', journal],
    'sup-secret-1\nteller-pass-7\n');
  expect(op.code, op.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

describe('etc-counter recharge / resume through pcscd and the host simulator', () => {
  it('recharges as the operator who signed in, with --pay-simulated, and prints the final state, balances, serial and TAC', async () => {
    const before = rig?.card.snapshot();
    const r = await cli(['recharge', '--operator', 'B07', '--amount', '12.34', '--pay-simulated', ...host(), '--channel', 'alipay', '--json'], 'teller-pass-7\n');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      state: 'VERIFIED', amountFen: 1234, channel: 'alipay', balanceBeforeFen: before?.balanceFen,
      balanceAfterFen: (before?.balanceFen ?? 0) + 1234, onlineSerial: before?.onlineSerial,
    });
    expect(out.tac).toMatch(/^[0-9A-F]{8}$/);
    expect(rig?.card.snapshot().balanceFen).toBe((before?.balanceFen ?? 0) + 1234);
    expect(sim?.order(String(out.orderId)).status).toBe('LOADED');
    const t = tables();
    expect(t.recharges).toHaveLength(1);
    expect(t.recharges[0]).toMatchObject({ operatorId: 'B07' });
    expect(t.audit.at(-1)).toMatchObject({ action: 'sign-in', operatorId: 'B07', target: 'B07', detail: '{"via":"cli","command":"recharge"}' });
  });

  it('refuses a bad amount with a clear message and changes nothing', async () => {
    const before = rig?.card.snapshot();
    const r = await cli(['recharge', '--operator', 'B07', '--amount', '1.234', ...host()], 'teller-pass-7\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('金额最多保留两位小数');
    const after = rig?.card.snapshot();
    expect([after?.balanceFen, after?.onlineSerial, after?.transactions]).toEqual([before?.balanceFen, before?.onlineSerial, before?.transactions]);
  });

  it.each([
    ['no --operator', [], 'teller-pass-7\n', 'AUTH_CLI_OPERATOR_REQUIRED'],
    ['a wrong password', ['--operator', 'B07'], 'guess-1\n', 'AUTH_INVALID'],
    ['no password at all', ['--operator', 'B07'], '', 'AUTH_STDIN_PASSWORD'],
    ['an unknown operator', ['--operator', 'Z99'], 'teller-pass-7\n', 'AUTH_INVALID'],
  ])('refuses %s with exit 4: no order, the card and the recharges untouched', async (_what, flags, stdin, code) => {
    // What the card holds; whether pcscd has it powered just now is pcscd's idle timer, not the recharge's doing.
    const held = () => { const { powered: _powered, ...rest } = rig?.card.snapshot() ?? { powered: false }; return rest; };
    const card = held();
    const before = tables();
    const orders = hostOrders();
    const r = await cli(['recharge', ...flags, '--amount', '5', '--pay-simulated', ...host()], stdin);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(code);
    const after = tables();
    expect(after.recharges).toEqual(before.recharges);
    expect(after.events).toEqual(before.events);
    // What a failed sign-in leaves is its own audit row (it counts towards the lockout, as in the window), nothing else.
    const added = after.audit.slice(before.audit.length).map((a) => a.action);
    expect(added).toEqual(code === 'AUTH_INVALID' ? ['sign-in-failed'] : []);
    expect(hostOrders()).toBe(orders);
    expect(held()).toEqual(card);
  });

  it('refuses a disabled operator (exit 4, AUTH_DISABLED), and takes it back once enabled', async () => {
    expect((await cli(['operator', 'disable', '--id', 'B07', '--operator', 'S01', '--journal', journal], 'sup-secret-1\n')).code).toBe(0);
    const before = tables();
    const r = await cli(['recharge', '--operator', 'B07', '--amount', '5', '--pay-simulated', ...host()], 'teller-pass-7\n');
    expect([r.code, r.stderr]).toEqual([4, expect.stringContaining('AUTH_DISABLED')]);
    expect(tables().recharges).toEqual(before.recharges);
    expect((await cli(['operator', 'enable', '--id', 'B07', '--operator', 'S01', '--journal', journal], 'sup-secret-1\n')).code).toBe(0);
  });

  it("resume finishes a load whose card answer was lost after commit, exactly once, audited when it is another's", async () => {
    const before = rig?.card.snapshot();
    rig?.card.setFault('lose-answer-after-commit');
    const r = await cli(['recharge', '--operator', 'B07', '--amount', '5', '--pay-simulated', ...host(), '--json'], 'teller-pass-7\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('RECHARGE_WRITE_UNKNOWN');
    if (rig) await reseat(rig.card, rig.reader, VPCD_READER); // the operator puts the same card back
    const resumed = await cli(['resume', '--operator', 'S01', ...host(), '--json'], 'sup-secret-1\n');
    expect(resumed.code, resumed.stderr).toBe(0);
    const [rec] = JSON.parse(resumed.stdout) as { id: string; state: string; balanceAfterFen: number }[];
    expect(rec?.state).toBe('VERIFIED');
    expect(rig?.card.snapshot().balanceFen).toBe((before?.balanceFen ?? 0) + 500);
    expect(rig?.card.snapshot().onlineSerial).toBe((before?.onlineSerial ?? 0) + 1);
    const other = tables().audit.filter((a) => a.action === 'resume-other');
    expect(other).toEqual([expect.objectContaining({ operatorId: 'S01', target: rec?.id })]);
    expect(JSON.parse(other[0]?.detail ?? '{}')).toMatchObject({ owner: 'B07', state: 'AUTHORIZED', via: 'resume' });
  });

  it('resume ends a paid recharge the host refunded meanwhile as REFUNDED, with the card out of the reader', async () => {
    if (!rig || !sim) throw new Error('no rig');
    const before = rig.card.snapshot();
    sim.faults.fail('/authorize$', 20, 503); // the host cannot authorize: paid, not loaded
    const r = await cli(['recharge', '--operator', 'B07', '--amount', '7', '--host', sim.url, '--pay-simulated', '--reader', VPCD_READER, '--journal', journal], 'teller-pass-7\n');
    sim.faults.clear();
    expect(r.code).not.toBe(0);
    const j = SqliteJournal.open(journal);
    const [left] = j.unfinished();
    j.close();
    expect(left?.state).toBe('INIT');
    const expected = sim.order(left?.orderId ?? '').refund?.expectedDate ?? '';
    expect(sim.runRefunds(expected).refunded).toEqual([left?.orderId]);
    rig.card.remove(); // resume must not need the card
    await waitForCard(rig.reader, false, VPCD_READER);
    const resumed = await cli(['resume', '--operator', 'B07', '--host', sim.url, '--reader', VPCD_READER, '--journal', journal, '--json'], 'teller-pass-7\n');
    expect(resumed.code, resumed.stderr).toBe(0);
    const [rec] = JSON.parse(resumed.stdout) as { id: string; state: string }[];
    expect(rec).toMatchObject({ id: left?.id, state: 'REFUNDED' });
    const after = rig.card.snapshot();
    expect([after.balanceFen, after.onlineSerial, after.transactions]).toEqual([before.balanceFen, before.onlineSerial, before.transactions]);
    await reseat(rig.card, rig.reader, VPCD_READER);
  });

  it('resume with nothing pending says so and succeeds', async () => {
    const r = await cli(['resume', '--operator', 'B07', ...host()], 'teller-pass-7\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('没有待处理的充值');
  });
});
