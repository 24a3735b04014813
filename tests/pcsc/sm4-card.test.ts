import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { ensurePcscd, type Rig, startRig, VPCD_READER } from './card-rig';
import { reseat } from './reseat';
import { addCliSupervisor, CLI_SUPERVISOR, runCli } from '../support/cli-signed';

/**
 * A dual-algorithm card (card version 50, sim/fixtures/cards/sm4.json) through pcscd/vpcd and the CLI,
 * as support staff would run it: read, load with the SM4 key (41) and the host's SM4 suite (a hypothesis,
 * docs/card-protocol.md §3), a load torn before the card committed and one whose answer was lost after
 * it committed — each resumed to exactly one load.
 */
const dir = mkdtempSync(join(tmpdir(), 'sm4-card-'));
const journal = join(dir, 'journal.sqlite');
let rig: Rig | null = null;
let sim: HostSim | null = null;

/** As the journal's supervisor signs in (tests/support/cli-signed.ts). */
const cli = (args: string[]) => runCli(dir, args);
const as = ['--operator', CLI_SUPERVISOR.id];
const recharge = (amount: string) =>
  cli(['recharge', ...as, '--amount', amount, '--host', sim?.url ?? '', '--pay-simulated', '--reader', VPCD_READER, '--journal', journal, '--json']);
const resume = () => cli(['resume', ...as, '--host', sim?.url ?? '', '--reader', VPCD_READER, '--journal', journal, '--json']);
const card = () => {
  if (!rig) throw new Error('no rig');
  return rig.card.snapshot();
};

beforeAll(async () => {
  ensurePcscd();
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(dir, 'host.sqlite') });
  await addCliSupervisor(dir, journal);
  rig = await startRig(fixtureProfile('sm4'), fixtureKeys());
});
afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

describe('an SM4 (version 5x) card through pcscd', () => {
  it('card read shows version 50', async () => {
    const r = await cli(['card', 'read', '--reader', VPCD_READER, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ cardVersion: 0x50, cardNo: '62010000000000000006' });
  });

  it('loads with key 41; the host authorizes with its SM4 suite; the journal keeps card version, key version and algorithm', async () => {
    const before = card();
    const r = await recharge('12.34');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ state: 'VERIFIED', cardVersion: 0x50, algId: 0x04, balanceAfterFen: before.balanceFen + 1234 });
    expect(card()).toMatchObject({ balanceFen: before.balanceFen + 1234, onlineSerial: before.onlineSerial + 1 });
    expect(sim?.events(String(out.orderId)).find((e) => e.kind === 'authorized')?.data).toMatchObject({ algId: 4, suite: 'sm4' });
  });

  it('a load torn before the card committed: resume proves it absent and loads it once, with a fresh INIT and MAC2', async () => {
    const before = card();
    rig?.card.setFault('tear-before-commit');
    const r = await recharge('5');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('RECHARGE_WRITE_UNKNOWN');
    if (rig) await reseat(rig.card, rig.reader, VPCD_READER);
    expect(card().balanceFen).toBe(before.balanceFen);
    const resumed = await resume();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { state: string }[])[0]?.state).toBe('VERIFIED');
    expect(card()).toMatchObject({ balanceFen: before.balanceFen + 500, onlineSerial: before.onlineSerial + 1 });
  });

  it('a load whose answer was lost after it committed: resume finds it on the card (its SM4 TAC) and never loads it again', async () => {
    const before = card();
    rig?.card.setFault('lose-answer-after-commit');
    const r = await recharge('7');
    expect(r.code).not.toBe(0);
    if (rig) await reseat(rig.card, rig.reader, VPCD_READER);
    const resumed = await resume();
    expect(resumed.code, resumed.stderr).toBe(0);
    const [rec] = JSON.parse(resumed.stdout) as { state: string; tac: string | null }[];
    expect(rec?.state).toBe('VERIFIED');
    expect(rec?.tac).toMatch(/^[0-9A-F]{8}$/);
    expect(card()).toMatchObject({ balanceFen: before.balanceFen + 700, onlineSerial: before.onlineSerial + 1 });
  });
});
