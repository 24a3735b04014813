import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../contract/errors';
import type { CreateOrderRequest } from '../../contract/host-api';
import { loadKeyFile } from '../../sim/crypto/keys';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath, TestPurse, TEST_TERMINAL } from '../../sim/host/testkit';
import { HostRejectedError } from './errors';
import { HttpHostLink } from './http-host-link';

const keys = loadKeyFile(fileURLToPath(new URL('../../sim/fixtures/keys.json', import.meta.url)));
const credentials = { terminalId: TEST_TERMINAL, operatorId: 'op01' };
let sim: HostSim;
let seq = 0;

const link = (over: Partial<ConstructorParameters<typeof HttpHostLink>[0]> = {}) =>
  new HttpHostLink({ baseUrl: sim.url, credentials, backoffMs: 5, ...over });
function orderReq(over: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  seq += 1;
  return {
    clientOrderId: `link-${seq}`, cardNo: `6201${String(5000 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 5_000, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 10_000, ...over,
  };
}
/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e: unknown = await p.then(() => new Error('expected a rejection'), (err: unknown) => err);
  if (!(e instanceof AppError)) throw e;
  return e;
}
/** Requests the simulator saw for `path` since `from`, with what each got. */
const seen = (from: number, path: RegExp) => sim.requests.slice(from).filter((r) => path.test(r.path)).map((r) => r.status);

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath() });
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

describe('HttpHostLink against the host simulator', () => {
  it('signs in by itself and runs a whole load: check, order, pay, authorize, credit, confirm, records', async () => {
    const host = link();
    const req = orderReq();
    const purse = new TestPurse(keys, req.cardNo, req.balanceFen, 3);
    expect(await host.checkCard(req.cardNo, { balanceFen: req.balanceFen })).toMatchObject({ halfRecords: [], unloadedRecords: [] });
    const order = await host.createOrder(req);
    expect(order).toMatchObject({ status: 'AWAITING_PAYMENT', channelStatus: 'NOTPAY' });
    sim.pay(order.orderId);
    expect((await host.getOrder(order.orderId)).status).toBe('PAID');
    expect((await host.checkCard(req.cardNo)).halfRecords.map((o) => o.orderId)).toEqual([order.orderId]);
    const auth = await host.authorize(order.orderId, purse.init(req.amountFen));
    const tac = purse.credit(auth);
    const loaded = await host.confirm(order.orderId, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(loaded.status).toBe('LOADED');
    const day = new Date(Date.parse(order.createdAt) + 8 * 3600_000).toISOString().slice(0, 10); // Beijing day
    const recs = await host.records({ plate: req.plate, plateColor: 0, from: day, to: day });
    expect(recs.find((r) => r.orderId === order.orderId)).toMatchObject({ status: 'LOADED', tradeNo: loaded.tradeNo, amountFen: 5_000 });
  });

  it('closes an unpaid order and records a proven absence', async () => {
    const host = link();
    const closed = await host.closeOrder((await host.createOrder(orderReq())).orderId);
    expect(closed.status).toBe('CLOSED');
    const order = await host.createOrder(orderReq());
    sim.pay(order.orderId);
    const unloaded = await host.markUnloaded(order.orderId, { evidence: { balanceFen: 10_000, onlineSerial: 0, loadRecord: null } });
    expect(unloaded.status).toBe('UNLOADED');
  });

  it('refuses to call before sign-in when it has no credentials', async () => {
    const e = await rejection(new HttpHostLink({ baseUrl: sim.url }).getOrder('x'));
    expect(e.code).toBe('HOST_NOT_SIGNED_IN');
  });

  it('surfaces a 4xx as HOST_REJECTED carrying the host code and Chinese message, without retrying', async () => {
    const host = link();
    const order = await host.createOrder(orderReq());
    sim.pay(order.orderId);
    const from = sim.requests.length;
    const body = new TestPurse(keys, order.cardNo).init(order.amountFen);
    const e = await rejection(host.authorize(order.orderId, { ...body, mac1: body.mac1 === '00000000' ? '11111111' : '00000000' }));
    expect(e).toBeInstanceOf(HostRejectedError);
    expect((e as HostRejectedError).hostCode).toBe('MAC1_INVALID');
    expect(e).toMatchObject({ code: 'HOST_REJECTED', status: 400, params: { hostCode: 'MAC1_INVALID' } });
    expect(e.message).toBe('发卡方主机拒绝了请求：MAC1 校验失败，卡片数据与主机不符（MAC1_INVALID）');
    expect(seen(from, /authorize$/)).toEqual([400]);
  });

  it('retries through HTTP 500s and gets the answer', async () => {
    const host = link();
    await host.signIn(credentials);
    sim.faults.fail('^/v1/orders$', 2);
    const from = sim.requests.length;
    const req = orderReq();
    expect((await host.createOrder(req)).clientOrderId).toBe(req.clientOrderId);
    expect(seen(from, /^\/v1\/orders$/)).toEqual([500, 500, 200]);
  });

  it('gives up after three 500s with HOST_ERROR', async () => {
    const host = link();
    await host.signIn(credentials);
    sim.faults.fail('^/v1/orders$', 3, 503);
    const e = await rejection(host.createOrder(orderReq()));
    expect(e).toMatchObject({ code: 'HOST_ERROR', params: { status: 503, hostCode: 'HOST_FAULT' } });
  });

  it('after an answer lost past commit, the retry gets the committed order, MAC2 and confirmation', async () => {
    const host = link();
    await host.signIn(credentials);
    const req = orderReq();
    sim.faults.loseAnswer('^/v1/orders$');
    const from = sim.requests.length;
    const order = await host.createOrder(req);
    expect(seen(from, /^\/v1\/orders$/)).toEqual(['lost', 200]);
    expect(sim.store.ordersForCard(req.cardNo)).toHaveLength(1);

    sim.pay(order.orderId);
    const purse = new TestPurse(keys, req.cardNo, req.balanceFen, 9);
    sim.faults.loseAnswer('/authorize$');
    const auth = await host.authorize(order.orderId, purse.init(req.amountFen));
    const stored = sim.store.authorizations(order.orderId);
    expect(stored).toHaveLength(1);
    expect(auth.mac2).toBe(stored[0]?.mac2);
    const tac = purse.credit(auth);

    sim.faults.loseAnswer('/confirm$');
    const loaded = await host.confirm(order.orderId, { onlineSerial: 9, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(loaded.status).toBe('LOADED');
    expect(seen(from, /confirm$/)).toEqual(['lost', 200]);
  });

  it('reports HOST_UNREACHABLE when the host is down, after its bounded tries', async () => {
    const host = link();
    await host.signIn(credentials);
    await sim.faults.down();
    const e = await rejection(host.getOrder('HO1'));
    expect(e.code).toBe('HOST_UNREACHABLE');
    expect(e.message).toBe(`无法连接发卡方主机（${sim.url}），请检查网络后重试`);
    await sim.faults.up();
    expect(isAppError(await rejection(host.getOrder('HO1')), 'HOST_REJECTED')).toBe(true);
  });

  it('reports HOST_TIMEOUT when the host answers too slowly', async () => {
    const host = link({ timeoutMs: 100, maxAttempts: 2 });
    await host.signIn(credentials);
    sim.faults.delay(400);
    const req = orderReq();
    const e = await rejection(host.createOrder(req));
    expect(e).toMatchObject({ code: 'HOST_TIMEOUT', message: '发卡方主机 0.1 秒内没有应答，请稍后重试' });
    // The slow host still carried the order out once: the idempotency key kept the retry from doubling it.
    for (let i = 0; i < 100 && sim.store.orderByClientId(req.clientOrderId) === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sim.store.ordersForCard(req.cardNo)).toHaveLength(1);
  });

  it('signs in again once when the host has forgotten the session (401)', async () => {
    const host = new HttpHostLink({ baseUrl: sim.url, backoffMs: 5 });
    await host.signIn(credentials);
    const order = await host.createOrder(orderReq());
    sim.revokeSessions();
    const from = sim.requests.length;
    expect((await host.getOrder(order.orderId)).orderId).toBe(order.orderId);
    expect(sim.requests.slice(from).map((r) => `${r.path} ${r.status}`)).toEqual([
      `/v1/orders/${order.orderId} 401`, '/v1/sessions 200', `/v1/orders/${order.orderId} 200`,
    ]);
  });
});

describe('HttpHostLink answer validation', () => {
  it('refuses an answer that does not have the agreed shape with HOST_BAD_RESPONSE', async () => {
    const odd = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":5}'));
    await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
      const e = await rejection(new HttpHostLink({ baseUrl: url }).signIn(credentials));
      expect(e.code).toBe('HOST_BAD_RESPONSE');
      expect(e.params.detail).toContain('token');
    } finally {
      odd.closeAllConnections();
      await new Promise((r) => odd.close(r));
    }
  });
});
