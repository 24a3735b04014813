import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostOrder } from '../../contract/host-api';
import { fixtureKeys } from '../card/testing';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TEST_TERMINAL } from './testkit';

/**
 * `GET /v1/orders/{id}?waitMs=N&unless=STATUS` (docs/architecture.md §3b). No timings are asserted:
 * a poll that never ended would fail the test by its timeout (waits here are longer than that).
 */
const keys = fixtureKeys();
let sim: HostSim;
let token: string;
let seq = 0;
const LONG = 30_000; // longer than the test timeout: a poll must end by the event, not by its own timer

async function newOrder(s = sim, tk = token): Promise<HostOrder> {
  seq += 1;
  const r = await call(s.url, 'POST', '/v1/orders', {
    clientOrderId: `poll-${seq}`, cardNo: `6201${String(8000 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 1_000, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 0,
  }, tk);
  return r.json as unknown as HostOrder;
}
const poll = (id: string, q: string, s = sim, tk = token) => call(s.url, 'GET', `/v1/orders/${id}?${q}`, undefined, tk);
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath() });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

describe('long poll of an order', () => {
  it('answers at once when the status is not the one named', async () => {
    const o = await newOrder();
    sim.pay(o.orderId);
    const r = await poll(o.orderId, `waitMs=${LONG}&unless=AWAITING_PAYMENT`);
    expect(r.json).toMatchObject({ orderId: o.orderId, status: 'PAID' });
    expect(sim.waiting).toBe(0);
  });

  it('waits while the status is the one named and answers as soon as it changes', async () => {
    const o = await newOrder();
    const pending = poll(o.orderId, `waitMs=${LONG}&unless=AWAITING_PAYMENT`);
    await until(() => sim.waiting === 1);
    sim.pay(o.orderId);
    expect((await pending).json).toMatchObject({ status: 'PAID', channelStatus: 'SUCCESS' });
    expect(sim.waiting).toBe(0);
  });

  it('answers the unchanged order after waitMs', async () => {
    const o = await newOrder();
    const r = await poll(o.orderId, 'waitMs=50&unless=AWAITING_PAYMENT');
    expect(r).toMatchObject({ status: 200, json: { status: 'AWAITING_PAYMENT' } });
    expect(sim.waiting).toBe(0);
  });

  it('refuses a bad waitMs or unless with 400 and its own code, and waitMs without unless', async () => {
    const o = await newOrder();
    for (const q of ['waitMs=30001&unless=PAID', 'waitMs=-1&unless=PAID', 'waitMs=abc&unless=PAID', 'waitMs=1.5&unless=PAID']) {
      const r = await poll(o.orderId, q);
      expect(r, q).toMatchObject({ status: 400, json: { code: 'WAIT_MS_INVALID' } });
    }
    expect((await poll(o.orderId, 'waitMs=30001&unless=PAID')).json.message).toBe('等待时间 waitMs=30001 不正确，应为 0 到 30000 的整数（毫秒）');
    expect(await poll(o.orderId, 'waitMs=100&unless=SOON')).toMatchObject({ status: 400, json: { code: 'WAIT_UNLESS_INVALID' } });
    expect(await poll(o.orderId, 'waitMs=100')).toMatchObject({ status: 400, json: { code: 'WAIT_UNLESS_INVALID' } });
    expect((await poll(o.orderId, 'unless=PAID')).json.status).toBe('AWAITING_PAYMENT'); // no wait: a plain read
    expect(await poll('HO-none', `waitMs=${LONG}&unless=PAID`)).toMatchObject({ status: 404, json: { code: 'ORDER_NOT_FOUND' } });
  });

  it('many concurrent polls on many orders all end, and leave no waiter behind', async () => {
    const orders = await Promise.all(Array.from({ length: 20 }, () => newOrder()));
    const polls = orders.flatMap((o) => [1, 2, 3].map(() => poll(o.orderId, `waitMs=${LONG}&unless=AWAITING_PAYMENT`)));
    await until(() => sim.waiting === 60);
    for (const o of orders) sim.pay(o.orderId);
    const answers = await Promise.all(polls);
    expect(answers.every((a) => a.json.status === 'PAID')).toBe(true);
    expect(sim.waiting).toBe(0);
  });

  it('a poll whose client goes away stops waiting', async () => {
    const o = await newOrder();
    const controller = new AbortController();
    const gone = fetch(`${sim.url}/v1/orders/${o.orderId}?waitMs=${LONG}&unless=AWAITING_PAYMENT`, {
      headers: { authorization: `Bearer ${token}` }, signal: controller.signal,
    }).catch((e: unknown) => (e as Error).name);
    await until(() => sim.waiting === 1);
    controller.abort();
    expect(await gone).toBe('AbortError');
    await until(() => sim.waiting === 0);
  });

  it('pending polls end when the host closes', async () => {
    const own = await startHostSim({ keys, dbPath: tempDbPath() });
    const t = await signIn(own.url);
    const o = await newOrder(own, t);
    const pending = poll(o.orderId, `waitMs=${LONG}&unless=AWAITING_PAYMENT`, own, t).then(
      (r) => r.status, (e: unknown) => (e as { cause?: { code?: string } }).cause?.code ?? 'failed');
    await until(() => own.waiting === 1);
    await own.close();
    expect(await pending).toMatch(/^(503|UND_ERR_SOCKET|ECONNRESET|failed)$/);
    expect(own.waiting).toBe(0);
  });
});
