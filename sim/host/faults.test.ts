import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyFile } from '../crypto/keys';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TestPurse, TEST_TERMINAL } from './testkit';

const keys = loadKeyFile(fileURLToPath(new URL('../fixtures/keys.json', import.meta.url)));
let sim: HostSim;
let token: string;
let seq = 0;

function orderBody(): Record<string, unknown> {
  seq += 1;
  return {
    clientOrderId: `fault-${seq}`, cardNo: `6201${String(4000 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 5_000, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 10_000,
  };
}
const post = (path: string, body: unknown) => call(sim.url, 'POST', path, body, token);
/** Why a fetch failed at the socket level: ECONNREFUSED, UND_ERR_SOCKET, … */
async function socketFailure(p: Promise<unknown>): Promise<string> {
  const e: unknown = await p.then(() => null, (err: unknown) => err);
  const cause = (e as { cause?: { code?: string } } | null)?.cause;
  return cause?.code ?? String(e);
}
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition never became true');
}

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath() });
  token = await signIn(sim.url);
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

describe('fault switches', () => {
  it('answers HTTP 500 HOST_FAULT n times on a matching path without doing the work, then recovers', async () => {
    sim.faults.fail('^/v1/orders$', 2);
    const body = orderBody();
    for (let i = 0; i < 2; i++) {
      expect(await post('/v1/orders', body)).toMatchObject({ status: 500, json: { code: 'HOST_FAULT' } });
    }
    expect(sim.store.orderByClientId(String(body.clientOrderId))).toBeNull();
    expect((await post('/v1/orders', body)).status).toBe(200);
  });

  it('loses the answer after committing: the retry gets the committed result', async () => {
    const body = orderBody();
    const orderId = String((await post('/v1/orders', body)).json.orderId);
    sim.pay(orderId);
    const purse = new TestPurse(keys, String(body.cardNo));
    const auth = purse.init(5_000);
    sim.faults.loseAnswer('/authorize$');
    expect(await socketFailure(post(`/v1/orders/${orderId}/authorize`, auth))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    const committed = sim.store.authorizations(orderId);
    expect(committed).toHaveLength(1);
    const retry = await post(`/v1/orders/${orderId}/authorize`, auth);
    expect(retry.json).toEqual({ mac2: committed[0]?.mac2, hostDate: committed[0]?.hostDate, hostTime: committed[0]?.hostTime });
    expect(sim.store.authorizations(orderId)).toHaveLength(1);
  });

  it('still carries out a delayed request whose caller gave up waiting', async () => {
    sim.faults.delay(400);
    const body = orderBody();
    const aborted = fetch(`${sim.url}/v1/orders`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body), signal: AbortSignal.timeout(50),
    });
    expect(await aborted.then(() => 'answered', (e: Error) => e.name)).toBe('TimeoutError');
    await until(async () => sim.store.orderByClientId(String(body.clientOrderId)) !== null);
  });

  it('refuses connections while down and serves again once up', async () => {
    await sim.faults.down();
    // A kept-alive connection dies under the request (UND_ERR_SOCKET); new connections are refused.
    expect(await socketFailure(post('/v1/orders', orderBody()))).toMatch(/ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET/);
    await until(async () => (await socketFailure(post('/v1/orders', orderBody()))) === 'ECONNREFUSED');
    expect(await socketFailure(call(sim.url, 'GET', '/sim/faults'))).toBe('ECONNREFUSED');
    await sim.faults.up();
    expect((await post('/v1/orders', orderBody())).status).toBe(200);
  });

  it('takes its switches as JSON on POST /sim/faults, and comes back after downForMs', async () => {
    const set = await call(sim.url, 'POST', '/sim/faults', { fail: { path: '/close$', times: 1, status: 503 } });
    expect(set.json).toMatchObject({ down: false, rules: [{ kind: 'fail', pattern: '/close$', remaining: 1, status: 503 }] });
    const orderId = String((await post('/v1/orders', orderBody())).json.orderId);
    expect((await post(`/v1/orders/${orderId}/close`, {})).status).toBe(503);
    expect((await post(`/v1/orders/${orderId}/close`, {})).json.status).toBe('CLOSED');

    expect((await call(sim.url, 'POST', '/sim/faults', { down: true, downForMs: 300 })).json.down).toBe(true);
    await until(async () => (await socketFailure(call(sim.url, 'GET', '/sim/faults'))) === 'ECONNREFUSED');
    await until(async () => (await call(sim.url, 'GET', '/sim/faults').then((r) => r.status, () => 0)) === 200);
    expect((await call(sim.url, 'POST', '/sim/faults', { fail: { path: '(' } })).json.code).toBe('REQUEST_INVALID');
  });
});
