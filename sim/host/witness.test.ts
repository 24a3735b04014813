import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeResponse, HostOrder, HostWitness, JournalWitness } from '../../contract/host-api';
import { HostWitnessSchema, TerminalDaySchema } from '../../contract/host-schemas';
import { fixtureKeys } from '../card/testing';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TestPurse, TEST_TERMINAL } from './testkit';

/**
 * The host's witness of a terminal's journal (docs/architecture.md §3c): confirm and unloaded carry the
 * journal's heads; the simulator keeps the furthest of each chain per terminal and answers it on
 * `GET /v1/terminals/{id}/witness` and with each terminal day.
 */
const keys = fixtureKeys();
const OTHER = '000001000051';
const clock = new Date('2024-05-20T01:00:00.000Z');
let sim: HostSim;
let token: string;
let otherToken: string;
let seq = 0;

const head = (last: number, fill = 'a') => ({ last, hash: fill.repeat(64) });
const witnessOf = (journalId: string, events: number, audit: number, fill = 'a'): JournalWitness => ({
  journalId, events: head(events, fill), audit: head(audit, fill), operators: head(1, fill), closures: head(0, fill), pins: head(0, fill),
});
const J1 = '1'.repeat(32);
const J2 = '2'.repeat(32);

/** A paid order confirmed with `witness`; the confirm's own outcome does not matter here. */
async function confirmWith(witness: JournalWitness): Promise<void> {
  seq += 1;
  const o = (await call(sim.url, 'POST', '/v1/orders', {
    clientOrderId: `w-${seq}`, cardNo: `6201${String(7700 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0, amountFen: 100,
    channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 0,
  }, token)).json as unknown as HostOrder;
  await call(sim.url, 'POST', `/sim/orders/${o.orderId}/pay`, {});
  const purse = new TestPurse(keys, o.cardNo, 0, 0);
  const auth = (await call(sim.url, 'POST', `/v1/orders/${o.orderId}/authorize`, purse.init(100), token)).json as unknown as AuthorizeResponse;
  const tac = purse.credit(auth);
  const r = await call(sim.url, 'POST', `/v1/orders/${o.orderId}/confirm`, { onlineSerial: 0, newBalanceFen: purse.balanceFen, tac, evidence: null, witness }, token);
  expect(r.json.status).toBe('LOADED');
}
const read = async (tk = token, terminalId = TEST_TERMINAL) => call(sim.url, 'GET', `/v1/terminals/${terminalId}/witness`, undefined, tk);

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock, sessionTtlMs: 30 * 86_400_000 });
  token = await signIn(sim.url, TEST_TERMINAL);
  otherToken = await signIn(sim.url, OTHER);
});
afterAll(() => sim.close());

describe('the host keeps each terminal\'s journal heads', () => {
  it('none before the first; then per chain the furthest head shown, never moved back; another journal starts afresh', async () => {
    expect((await read()).json).toEqual({ terminalId: TEST_TERMINAL, witness: null, receivedAt: null });
    await confirmWith(witnessOf(J1, 10, 4));
    await confirmWith(witnessOf(J1, 7, 6, 'b')); // a late retry of an older confirm, and an audit chain that grew
    const kept = HostWitnessSchema.parse((await read()).json) as HostWitness;
    expect(kept.witness).toEqual({ ...witnessOf(J1, 10, 4), audit: head(6, 'b') });
    expect(kept.receivedAt).toBe(clock.toISOString());
    await confirmWith(witnessOf(J2, 3, 1, 'c')); // a new journal file
    expect((await read()).json).toMatchObject({ witness: witnessOf(J2, 3, 1, 'c') });
  });

  it('a terminal reads only its own; a bad witness is refused with the field named; each terminal day carries it', async () => {
    expect((await read(otherToken)).status).toBe(403);
    expect((await read(otherToken, OTHER)).json).toMatchObject({ terminalId: OTHER, witness: null });
    const bad = await call(sim.url, 'POST', '/v1/orders/none/confirm', {
      onlineSerial: 0, newBalanceFen: 1, tac: 'AABBCCDD', evidence: null, witness: { journalId: 'x' },
    }, token);
    expect(bad.status).toBe(400);
    expect(String(bad.json.message)).toContain('witness');
    const day = TerminalDaySchema.parse((await call(sim.url, 'GET', `/v1/terminals/${TEST_TERMINAL}/days/2024-05-20`, undefined, token)).json);
    expect(day.witness?.witness?.journalId).toBe(J2);
  });
});
