import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostOrder } from '../../contract/host-api';
import { fixtureKeys } from '../card/testing';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TEST_TERMINAL } from './testkit';

/** 付款码 (docs/architecture.md §3b): `POST /v1/orders/{id}/micropay {authCode}`. */
const keys = fixtureKeys();
let clock = new Date('2024-05-20T02:00:00.000Z');
let sim: HostSim;
let token: string;
let seq = 0;

const WECHAT = '134567890123456789';
const ALIPAY = '287654321098765432';
const post = (path: string, body?: unknown) => call(sim.url, 'POST', path, body ?? {}, token);
const get = (path: string) => call(sim.url, 'GET', path, undefined, token);
async function newOrder(channel: 'wechat' | 'alipay' = 'wechat'): Promise<HostOrder> {
  seq += 1;
  const r = await post('/v1/orders', {
    clientOrderId: `mp-${seq}`, cardNo: `6201${String(9000 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 2_500, channel, terminalId: TEST_TERMINAL, balanceFen: 0,
  });
  return r.json as unknown as HostOrder;
}
const micropay = (o: HostOrder, authCode: string) => post(`/v1/orders/${o.orderId}/micropay`, { authCode });

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock, sessionTtlMs: 20 * 365 * 86_400_000 });
  token = await signIn(sim.url);
});
afterEach(() => sim.micropay.clear());
afterAll(() => sim.close());

describe('payment code (付款码)', () => {
  it('pays at once with a well-formed code of the order’s channel', async () => {
    const o = await newOrder('wechat');
    const r = await micropay(o, WECHAT);
    expect(r.json).toMatchObject({ status: 'PAID', channelStatus: 'SUCCESS', paidAt: clock.toISOString() });
    expect(r.json.tradeNo).toMatch(/^4200/);
    const a = await newOrder('alipay');
    expect((await micropay(a, ALIPAY)).json).toMatchObject({ status: 'PAID', channelStatus: 'TRADE_SUCCESS' });
    expect(sim.events(o.orderId).at(-1)).toMatchObject({ kind: 'paid', data: { via: 'micropay' } });
  });

  it('never charges twice: the same code again answers the same paid order', async () => {
    const o = await newOrder();
    const first = await micropay(o, WECHAT);
    const again = await micropay(o, WECHAT);
    expect(again.json).toEqual(first.json);
    expect(sim.events(o.orderId).filter((e) => e.kind === 'paid')).toHaveLength(1);
  });

  it('refuses a different code on a paid order, naming its trade', async () => {
    const o = await newOrder();
    const paid = (await micropay(o, WECHAT)).json;
    const other = await micropay(o, '104567890123456789');
    expect(other).toMatchObject({ status: 409, json: { code: 'ORDER_ALREADY_PAID' } });
    expect(other.json.message).toContain(String(paid.tradeNo));
    sim.pay((await newOrder()).orderId); // QR-paid orders too
  });

  it('refuses a code of the wrong shape, of the other channel, on a closed order', async () => {
    const o = await newOrder('wechat');
    for (const bad of ['12345', '16' + '1'.repeat(16), ` ${WECHAT}`]) {
      expect(await micropay(o, bad), bad).toMatchObject({ status: 400, json: { code: 'AUTH_CODE_INVALID' } });
    }
    const wrong = await micropay(o, ALIPAY);
    expect(wrong).toMatchObject({ status: 409, json: { code: 'AUTH_CODE_CHANNEL_MISMATCH', message: `付款码属于alipay，与订单 ${o.orderId} 的支付渠道（wechat）不符` } });
    await post(`/v1/orders/${o.orderId}/close`);
    expect(await micropay(o, WECHAT)).toMatchObject({ status: 409, json: { code: 'ORDER_CLOSED' } });
    expect((await get(`/v1/orders/${o.orderId}`)).json.status).toBe('CLOSED');
  });

  it('waits for the customer for N polls (USERPAYING / WAIT_BUYER_PAY), then PAID; repeats and QR payment meanwhile change nothing', async () => {
    expect((await call(sim.url, 'POST', '/sim/micropay', { waitPolls: 2 })).json).toMatchObject([{ waitPolls: 2, remaining: 1 }]);
    const o = await newOrder('wechat');
    expect((await micropay(o, WECHAT)).json).toMatchObject({ status: 'AWAITING_PAYMENT', channelStatus: 'USERPAYING', tradeNo: null });
    expect(await call(sim.url, 'POST', `/sim/orders/${o.orderId}/pay`)).toMatchObject({ status: 409, json: { code: 'MICROPAY_IN_PROGRESS' } });
    expect(await micropay(o, '114567890123456789')).toMatchObject({ status: 409, json: { code: 'MICROPAY_IN_PROGRESS' } });
    expect((await get(`/v1/orders/${o.orderId}`)).json).toMatchObject({ status: 'AWAITING_PAYMENT', channelStatus: 'USERPAYING' });
    expect((await micropay(o, WECHAT)).json).toMatchObject({ status: 'PAID' }); // the repeat is the second poll
    expect(sim.events(o.orderId).map((e) => e.kind)).toEqual(['created', 'micropay-waiting', 'paid']);

    sim.micropay.apply({ waitPolls: 1 });
    const a = await newOrder('alipay');
    expect((await micropay(a, ALIPAY)).json.channelStatus).toBe('WAIT_BUYER_PAY');
    expect((await get(`/v1/orders/${a.orderId}`)).json.status).toBe('PAID');
  });

  it('waits for the customer for N ms of real time, and a long poll sees the payment', async () => {
    sim.micropay.apply({ waitMs: 150 });
    clock = new Date(); // the wait is measured on the host clock too: let it run
    const live = setInterval(() => { clock = new Date(); }, 10);
    try {
      const o = await newOrder();
      expect((await micropay(o, WECHAT)).json.status).toBe('AWAITING_PAYMENT');
      const r = await get(`/v1/orders/${o.orderId}?waitMs=10000&unless=AWAITING_PAYMENT`);
      expect(r.json).toMatchObject({ status: 'PAID', channelStatus: 'SUCCESS' });
    } finally {
      clearInterval(live);
    }
  });

  it('refuses when the channel declines, remembers it for that code, and takes another code afterwards', async () => {
    sim.micropay.apply({ refuse: 'NOT_ENOUGH', authCode: WECHAT });
    const o = await newOrder();
    const r = await micropay(o, WECHAT);
    expect(r).toMatchObject({ status: 409, json: { code: 'PAY_NOT_ENOUGH', message: '顾客账户余额不足，支付失败，请顾客更换付款方式' } });
    expect((await micropay(o, WECHAT)).json.code).toBe('PAY_NOT_ENOUGH');
    expect((await get(`/v1/orders/${o.orderId}`)).json).toMatchObject({ status: 'AWAITING_PAYMENT', channelStatus: 'NOTPAY' });
    expect((await micropay(o, '124567890123456789')).json.status).toBe('PAID');
    sim.micropay.apply({ refuse: 'CODE_EXPIRED' });
    expect((await micropay(await newOrder(), WECHAT)).json.code).toBe('AUTH_CODE_EXPIRED');
  });

  it('refuses malformed knobs', async () => {
    expect(await call(sim.url, 'POST', '/sim/micropay', { refuse: 'NOT_ENOUGH', waitPolls: 1 })).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
    expect(await call(sim.url, 'POST', '/sim/micropay', { refuse: 'MAYBE' })).toMatchObject({ status: 400 });
    expect((await call(sim.url, 'GET', '/sim/micropay')).json).toEqual([]);
  });
});
