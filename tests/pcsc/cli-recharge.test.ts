import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteJournal } from '../../main/journal/sqlite-journal';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { ensurePcscd, type Rig, startRig, VPCD_READER, waitForCard } from './card-rig';
import { reseat } from './reseat';

/** `etc-counter recharge` and `resume` as support staff run them: vpcd card, host simulator over HTTP. */

const BIN = fileURLToPath(new URL('../../bin/etc-counter.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cli-recharge-'));
const journal = join(dir, 'journal.sqlite');
let rig: Rig | null = null;
let sim: HostSim | null = null;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ETC_COUNTER_HOME: dir }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  ensurePcscd();
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(dir, 'host.sqlite') });
  rig = await startRig(fixtureProfile('normal'), fixtureKeys());
});

afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

describe('etc-counter recharge / resume through pcscd and the host simulator', () => {
  it('recharges with --pay-simulated and prints the final state, balances, serial and TAC', async () => {
    const before = rig?.card.snapshot();
    const r = await cli(['recharge', '--amount', '12.34', '--host', sim?.url ?? '', '--pay-simulated', '--reader', VPCD_READER,
      '--journal', journal, '--channel', 'alipay', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      state: 'VERIFIED', amountFen: 1234, channel: 'alipay', balanceBeforeFen: before?.balanceFen,
      balanceAfterFen: (before?.balanceFen ?? 0) + 1234, onlineSerial: before?.onlineSerial,
    });
    expect(out.tac).toMatch(/^[0-9A-F]{8}$/);
    expect(rig?.card.snapshot().balanceFen).toBe((before?.balanceFen ?? 0) + 1234);
    expect(sim?.order(String(out.orderId)).status).toBe('LOADED');
  });

  it('refuses a bad amount with a clear message and changes nothing', async () => {
    const before = rig?.card.snapshot();
    const r = await cli(['recharge', '--amount', '1.234', '--host', sim?.url ?? '', '--reader', VPCD_READER, '--journal', journal]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('金额最多保留两位小数');
    const after = rig?.card.snapshot();
    expect([after?.balanceFen, after?.onlineSerial, after?.transactions]).toEqual([before?.balanceFen, before?.onlineSerial, before?.transactions]);
  });

  it('resume finishes a load whose card answer was lost after commit, exactly once', async () => {
    const before = rig?.card.snapshot();
    rig?.card.setFault('lose-answer-after-commit');
    const r = await cli(['recharge', '--amount', '5', '--host', sim?.url ?? '', '--pay-simulated', '--reader', VPCD_READER,
      '--journal', journal, '--json']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('RECHARGE_WRITE_UNKNOWN');
    if (rig) await reseat(rig.card, rig.reader, VPCD_READER); // the operator puts the same card back
    const resumed = await cli(['resume', '--host', sim?.url ?? '', '--reader', VPCD_READER, '--journal', journal, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const [rec] = JSON.parse(resumed.stdout) as { state: string; balanceAfterFen: number }[];
    expect(rec?.state).toBe('VERIFIED');
    expect(rig?.card.snapshot().balanceFen).toBe((before?.balanceFen ?? 0) + 500);
    expect(rig?.card.snapshot().onlineSerial).toBe((before?.onlineSerial ?? 0) + 1);
  });

  it('resume ends a paid recharge the host refunded meanwhile as REFUNDED, with the card out of the reader', async () => {
    if (!rig || !sim) throw new Error('no rig');
    const before = rig.card.snapshot();
    sim.faults.fail('/authorize$', 20, 503); // the host cannot authorize: paid, not loaded
    const r = await cli(['recharge', '--amount', '7', '--host', sim.url, '--pay-simulated', '--reader', VPCD_READER, '--journal', journal]);
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
    const resumed = await cli(['resume', '--host', sim.url, '--reader', VPCD_READER, '--journal', journal, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const [rec] = JSON.parse(resumed.stdout) as { id: string; state: string }[];
    expect(rec).toMatchObject({ id: left?.id, state: 'REFUNDED' });
    const after = rig.card.snapshot();
    expect([after.balanceFen, after.onlineSerial, after.transactions]).toEqual([before.balanceFen, before.onlineSerial, before.transactions]);
    await reseat(rig.card, rig.reader, VPCD_READER);
  });

  it('resume with nothing pending says so and succeeds', async () => {
    const r = await cli(['resume', '--host', sim?.url ?? '', '--reader', VPCD_READER, '--journal', journal]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('没有待处理的充值');
  });
});
