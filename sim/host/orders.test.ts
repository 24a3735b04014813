import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardCheckResponse, CreateOrderRequest, HostOrder } from '../../contract/host-api';
import { loadKeyFile } from '../crypto/keys';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TEST_CARD_NO, TEST_TERMINAL } from './testkit';

const keys = loadKeyFile(fileURLToPath(new URL('../fixtures/keys.json', import.meta.url)));
let clock = new Date('2024-05-20T02:00:00.000Z');
let sim: HostSim;
let token: string;
let seq = 0;

/** A fresh card number per test, so half records of one test never block another. */
function order(over: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  seq += 1;
  return {
    clientOrderId: `c-${seq}-${Date.now()}`, cardNo: `6201${String(1000 + seq).padStart(16, '0')}`, plate: '甘A12345',
    plateColor: 0, amountFen: 10_000, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 5_000, ...over,
  };
}
const post = (path: string, body?: unknown) => call(sim.url, 'POST', path, body ?? {}, token);
const get = (path: string) => call(sim.url, 'GET', path, undefined, token);

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock, cardMaxBalanceFen: 1_000_000 });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

describe('sign-in', () => {
  it('answers a token and the host time', async () => {
    const r = await call(sim.url, 'POST', '/v1/sessions', { terminalId: TEST_TERMINAL, operatorId: 'op01' });
    expect(r.status).toBe(200);
    expect(r.json.token).toMatch(/^[0-9a-f]{48}$/);
    expect(r.json.hostTime).toBe(clock.toISOString());
  });

  it('refuses every /v1 call without a live token with 401 TOKEN_INVALID', async () => {
    expect((await call(sim.url, 'GET', '/v1/orders/x')).json.code).toBe('TOKEN_INVALID');
    const r = await call(sim.url, 'POST', '/v1/orders', order(), 'not-a-token');
    expect(r).toMatchObject({ status: 401, json: { code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' } });
  });

  it('refuses a malformed sign-in with 400 REQUEST_INVALID naming the field', async () => {
    const r = await call(sim.url, 'POST', '/v1/sessions', { terminalId: 'XYZ', operatorId: 'op01' });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('REQUEST_INVALID');
    expect(r.json.message).toContain('terminalId');
  });
});

describe('orders', () => {
  it('creates an order awaiting payment with a training QR URL and a 15-minute expiry', async () => {
    const r = await post('/v1/orders', order());
    expect(r.status).toBe(200);
    const o = r.json as unknown as HostOrder;
    expect(o).toMatchObject({ status: 'AWAITING_PAYMENT', channelStatus: 'NOTPAY', tradeNo: null, paidAt: null });
    expect(o.orderId).toMatch(/^HO20240520\d{10}$/);
    expect(o.qrPayload).toBe(`${sim.url}/sim/pay/${o.orderId}?channel=wechat`);
    expect(Date.parse(o.expiresAt) - Date.parse(o.createdAt)).toBe(15 * 60_000);
    expect((await get(`/v1/orders/${o.orderId}`)).json).toEqual(o);
  });

  it('answers the same order when the same clientOrderId is sent again', async () => {
    const body = order();
    const first = await post('/v1/orders', body);
    const again = await post('/v1/orders', { ...body, terminalId: body.terminalId.toLowerCase() });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
  });

  it('refuses the same clientOrderId with a different body with 409 ORDER_CONFLICT', async () => {
    const body = order();
    await post('/v1/orders', body);
    const r = await post('/v1/orders', { ...body, amountFen: body.amountFen + 1 });
    expect(r).toMatchObject({ status: 409, json: { code: 'ORDER_CONFLICT' } });
    expect(r.json.message).toContain(body.clientOrderId);
  });

  it('enforces the per-load limit and the card maximum balance at creation', async () => {
    const over = await post('/v1/orders', order({ amountFen: 10_000_001 }));
    expect(over).toMatchObject({ status: 400, json: { code: 'LOAD_LIMIT_EXCEEDED', message: '单笔充值金额不能超过 100000.00 元' } });
    const full = await post('/v1/orders', order({ amountFen: 10_000, balanceFen: 990_001 }));
    expect(full).toMatchObject({ status: 400, json: { code: 'BALANCE_LIMIT_EXCEEDED' } });
    expect((await post('/v1/orders', order({ amountFen: 10_000, balanceFen: 990_000 }))).status).toBe(200);
  });

  it('refuses a card of a network it has no issuer id for', async () => {
    const r = await post('/v1/orders', order({ cardNo: '61010000000000000001' }));
    expect(r).toMatchObject({ status: 400, json: { code: 'CARD_NETWORK_UNKNOWN' } });
  });

  it('answers 404 ORDER_NOT_FOUND for an unknown order', async () => {
    expect(await get('/v1/orders/HO000')).toMatchObject({ status: 404, json: { code: 'ORDER_NOT_FOUND' } });
  });
});

describe('payment channels', () => {
  it('WeChat: NOTPAY → SUCCESS with a 28-digit transaction id; paying again changes nothing', async () => {
    const o = (await post('/v1/orders', order({ channel: 'wechat' }))).json as unknown as HostOrder;
    const paid = await call(sim.url, 'POST', `/sim/orders/${o.orderId}/pay`);
    expect(paid.json).toMatchObject({ status: 'PAID', channelStatus: 'SUCCESS', paidAt: clock.toISOString() });
    expect(paid.json.tradeNo).toMatch(/^4200\d{6}20240520\d{10}$/);
    expect((await call(sim.url, 'POST', `/sim/orders/${o.orderId}/pay`)).json).toEqual(paid.json);
  });

  it('Alipay: WAIT_BUYER_PAY → TRADE_SUCCESS with a date-first trade_no', async () => {
    const o = (await post('/v1/orders', order({ channel: 'alipay' }))).json as unknown as HostOrder;
    expect(o.channelStatus).toBe('WAIT_BUYER_PAY');
    const paid = sim.pay(o.orderId);
    expect(paid).toMatchObject({ status: 'PAID', channelStatus: 'TRADE_SUCCESS' });
    expect(paid.tradeNo).toMatch(/^202405202200\d{16}$/);
  });

  it('closes unpaid orders (CLOSED / TRADE_CLOSED), idempotently, and then refuses payment', async () => {
    for (const [channel, word] of [['wechat', 'CLOSED'], ['alipay', 'TRADE_CLOSED']] as const) {
      const o = (await post('/v1/orders', order({ channel }))).json as unknown as HostOrder;
      const closed = await post(`/v1/orders/${o.orderId}/close`);
      expect(closed.json).toMatchObject({ status: 'CLOSED', channelStatus: word });
      expect((await post(`/v1/orders/${o.orderId}/close`)).json).toEqual(closed.json);
      const pay = await call(sim.url, 'POST', `/sim/orders/${o.orderId}/pay`);
      expect(pay).toMatchObject({ status: 409, json: { code: 'ORDER_CLOSED' } });
    }
  });

  it('refuses to close a paid order with 409 ORDER_PAID', async () => {
    const o = (await post('/v1/orders', order())).json as unknown as HostOrder;
    sim.pay(o.orderId);
    expect(await post(`/v1/orders/${o.orderId}/close`)).toMatchObject({ status: 409, json: { code: 'ORDER_PAID' } });
  });

  it('closes an order nobody paid once its 15 minutes have passed', async () => {
    const o = (await post('/v1/orders', order({ channel: 'alipay' }))).json as unknown as HostOrder;
    clock = new Date(clock.getTime() + 15 * 60_000 - 1);
    expect((await get(`/v1/orders/${o.orderId}`)).json.status).toBe('AWAITING_PAYMENT');
    clock = new Date(clock.getTime() + 1);
    expect((await get(`/v1/orders/${o.orderId}`)).json).toMatchObject({ status: 'CLOSED', channelStatus: 'TRADE_CLOSED' });
    expect((await call(sim.url, 'POST', `/sim/orders/${o.orderId}/pay`)).status).toBe(409);
    expect(sim.events(o.orderId).map((e) => e.kind)).toEqual(['created', 'expired']);
  });

  it('serves the training payment page whose button pays the order', async () => {
    const o = (await post('/v1/orders', order({ plate: '甘A<b>1' }))).json as unknown as HostOrder;
    const page = await (await fetch(o.qrPayload)).text();
    expect(page).toContain('模拟扫码支付');
    expect(page).toContain('金额 ¥100.00');
    expect(page).toContain('甘A&#60;b&#62;1');
    expect(page).toContain(`fetch("/sim/orders/${o.orderId}/pay"`);
    sim.pay(o.orderId);
    expect(await (await fetch(o.qrPayload)).text()).toContain('支付成功');
  });
});

describe('圈存检测 (card check)', () => {
  it('lists paid unresolved orders as half records and refuses a new order on that card', async () => {
    const body = order({ amountFen: 20_000, balanceFen: 100_000 });
    const o = (await post('/v1/orders', body)).json as unknown as HostOrder;
    const before = (await post(`/v1/cards/${body.cardNo}/check`, { balanceFen: 100_000 })).json as unknown as CardCheckResponse;
    expect(before).toMatchObject({ cardNo: body.cardNo, halfRecords: [], unloadedRecords: [] });
    expect(before.loadableFen).toBe(1_000_000 - 100_000);
    sim.pay(o.orderId);
    const after = (await post(`/v1/cards/${body.cardNo}/check`, { balanceFen: 100_000 })).json as unknown as CardCheckResponse;
    expect(after.halfRecords.map((h) => h.orderId)).toEqual([o.orderId]);
    expect(after.loadableFen).toBe(1_000_000 - 100_000 - 20_000);
    const blocked = await post('/v1/orders', { ...order(), cardNo: body.cardNo });
    expect(blocked).toMatchObject({ status: 409, json: { code: 'CARD_HAS_HALF_RECORD' } });
  });

  it('caps the loadable amount by the per-load limit and refuses a malformed card number', async () => {
    const r = await post(`/v1/cards/${TEST_CARD_NO}/check`, {});
    expect(r.json.loadableFen).toBe(1_000_000);
    expect((await post('/v1/cards/123/check', {})).json.code).toBe('REQUEST_INVALID');
  });
});

it('answers 404 ROUTE_NOT_FOUND for an unknown endpoint, in Chinese', async () => {
  const r = await get('/v1/nothing');
  expect(r).toMatchObject({ status: 404, json: { code: 'ROUTE_NOT_FOUND', message: '主机没有这个接口：GET /v1/nothing' } });
});
