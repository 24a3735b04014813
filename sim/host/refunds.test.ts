import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeResponse, CardEvidence, HostOrder } from '../../contract/host-api';
import { fixtureKeys } from '../card/testing';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TestPurse, TEST_TERMINAL } from './testkit';

/**
 * The refund job (docs/architecture.md §3a): a paid order not loaded by the end of its Beijing business
 * day is REFUNDING after that day's reconciliation and REFUNDED on the next working day; an order whose
 * MAC2 may be on the card is held until the card's evidence arrives.
 */
const keys = fixtureKeys();
let clock = new Date('2024-05-20T02:00:00.000Z'); // Monday 10:00 Beijing
let sim: HostSim;
let token: string;
let seq = 0;

const post = (path: string, body?: unknown) => call(sim.url, 'POST', path, body ?? {}, token);
const get = (path: string) => call(sim.url, 'GET', path, undefined, token);
const at = (iso: string) => { clock = new Date(iso); };

async function paidOrder(channel: 'wechat' | 'alipay' = 'wechat', amountFen = 5_000): Promise<{ purse: TestPurse; order: HostOrder }> {
  seq += 1;
  const purse = new TestPurse(keys, `6201${String(7000 + seq).padStart(16, '0')}`, 10_000, 3);
  const r = await post('/v1/orders', {
    clientOrderId: `refund-${seq}`, cardNo: purse.cardNo, plate: '甘A12345', plateColor: 0, amountFen, channel,
    terminalId: TEST_TERMINAL, balanceFen: purse.balanceFen,
  });
  expect(r.status).toBe(200);
  return { purse, order: sim.pay(String(r.json.orderId)) };
}
const authorize = async (p: TestPurse, o: HostOrder) =>
  (await post(`/v1/orders/${o.orderId}/authorize`, p.init(o.amountFen))).json as unknown as AuthorizeResponse;
const evidence = (p: TestPurse): CardEvidence => ({ balanceFen: p.balanceFen, onlineSerial: p.onlineSerial, loadRecord: null });
const status = async (o: HostOrder) => ((await get(`/v1/orders/${o.orderId}`)).json as unknown as HostOrder);

beforeAll(async () => {
  sim = await startHostSim({
    keys, dbPath: tempDbPath(), now: () => clock, sessionTtlMs: 365 * 86_400_000,
    calendar: {
      holidays: [{ from: '2024-10-01', to: '2024-10-07', name: '国庆节' }],
      workdays: ['2024-09-29', '2024-10-12'],
    },
  });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

describe('refund facts on the order', () => {
  it('a paid, not-loaded order shows its business day and expected refund date; an unpaid or loaded one none', async () => {
    at('2024-05-20T02:00:00.000Z');
    const { purse, order } = await paidOrder();
    expect(order.refund).toEqual({ businessDay: '2024-05-20', expectedDate: '2024-05-21', heldForCard: false, refundNo: null, refundedAt: null });
    const tac = purse.credit(await authorize(purse, order));
    expect((await status(order)).refund?.heldForCard).toBe(true);
    const loaded = (await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac, evidence: null })).json;
    expect(loaded).toMatchObject({ status: 'LOADED', refund: null });
  });

  it('a Friday order is refunded on Monday; a day before a statutory holiday, on the second working day after it', async () => {
    at('2024-05-24T08:00:00.000Z'); // Friday 16:00 Beijing
    expect((await paidOrder()).order.refund?.expectedDate).toBe('2024-05-27');
    at('2024-05-24T16:30:00.000Z'); // Saturday 00:30 Beijing
    expect((await paidOrder()).order.refund).toMatchObject({ businessDay: '2024-05-25', expectedDate: '2024-05-27' });
    at('2024-09-30T04:00:00.000Z'); // the Monday before 国庆节 (Oct 1–7): back on Oct 8, refunded by Oct 9
    expect((await paidOrder()).order.refund?.expectedDate).toBe('2024-10-09');
    at('2024-10-03T04:00:00.000Z'); // during the holiday
    expect((await paidOrder()).order.refund?.expectedDate).toBe('2024-10-09');
    at('2024-10-11T04:00:00.000Z'); // Friday before the worked Saturday Oct 12
    expect((await paidOrder()).order.refund?.expectedDate).toBe('2024-10-12');
  });
});

describe('the refund job', () => {
  it('REFUNDING after the day is reconciled, REFUNDED on the working day due, with a refund number; a second run changes nothing', async () => {
    at('2024-06-07T03:00:00.000Z'); // Friday
    const { order } = await paidOrder('alipay', 1_234);
    const same = sim.runRefunds('2024-06-07'); // the day is not over: nothing
    expect(same.refunding).not.toContain(order.orderId);
    at('2024-06-08T01:00:00.000Z');
    const saturday = (await post('/sim/refunds/run', { asOf: '2024-06-08' })).json;
    expect(saturday).toMatchObject({ asOf: '2024-06-08' });
    expect(saturday.refunding).toContain(order.orderId);
    expect(saturday.refunded).not.toContain(order.orderId);
    expect(await status(order)).toMatchObject({ status: 'REFUNDING', channelStatus: 'TRADE_CLOSED', refund: { expectedDate: '2024-06-10', refundNo: null } });
    expect(sim.runRefunds('2024-06-09').refunded).not.toContain(order.orderId); // Sunday: no payouts
    at('2024-06-10T01:00:00.000Z');
    const run = sim.runRefunds('2024-06-10');
    expect(run.refunded).toContain(order.orderId);
    const refunded = await status(order);
    expect(refunded).toMatchObject({ status: 'REFUNDED', refund: { businessDay: '2024-06-07', expectedDate: '2024-06-10', refundedAt: clock.toISOString() } });
    expect(refunded.refund?.refundNo).toMatch(/^202406102900\d{16}$/);
    const events = sim.events(order.orderId).map((e) => e.kind);
    expect(sim.runRefunds('2024-06-10')).toMatchObject({ refunding: [], refunded: [] });
    expect((await status(order)).refund).toEqual(refunded.refund);
    expect(sim.events(order.orderId).map((e) => e.kind)).toEqual(events);
    expect(events).toEqual(['created', 'paid', 'refunding', 'refunded']);
  });

  it('a WeChat order proven UNLOADED is refunded too, with a WeChat-style refund number', async () => {
    at('2024-06-12T03:00:00.000Z');
    const { purse, order } = await paidOrder('wechat');
    await authorize(purse, order);
    purse.init(order.amountFen); // the probing INIT voids the MAC2
    expect((await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(purse) })).json.status).toBe('UNLOADED');
    at('2024-06-13T01:00:00.000Z');
    expect(sim.runRefunds('2024-06-13').refunded).toContain(order.orderId);
    expect(await status(order)).toMatchObject({ status: 'REFUNDED', channelStatus: 'REFUND' });
    expect((await status(order)).refund?.refundNo).toMatch(/^5030\d{5}20240613\d{12}$/);
  });

  it('refuses authorize for REFUNDING, REFUNDED, CLOSED and LOADED orders with stable codes', async () => {
    at('2024-06-17T03:00:00.000Z'); // Monday: refunded on Tuesday
    const refunded = await paidOrder();
    at('2024-06-18T01:00:00.000Z');
    sim.runRefunds('2024-06-18');
    at('2024-06-21T03:00:00.000Z'); // Friday: refunding from Saturday, refunded on Monday
    const refunding = await paidOrder();
    at('2024-06-22T01:00:00.000Z');
    sim.runRefunds('2024-06-22');
    expect([(await status(refunded.order)).status, (await status(refunding.order)).status]).toEqual(['REFUNDED', 'REFUNDING']);
    const r1 = await post(`/v1/orders/${refunding.order.orderId}/authorize`, refunding.purse.init(5_000));
    expect(r1).toMatchObject({ status: 409, json: { code: 'ORDER_REFUNDING', message: `订单 ${refunding.order.orderId} 正在原路退款，不能再圈存` } });
    const r2 = await post(`/v1/orders/${refunded.order.orderId}/authorize`, refunded.purse.init(5_000));
    expect(r2).toMatchObject({ status: 409, json: { code: 'ORDER_REFUNDED' } });

    const unpaid = await post('/v1/orders', {
      clientOrderId: 'refund-closed', cardNo: '62010000000000077777', plate: '甘A12345', plateColor: 0, amountFen: 100, channel: 'wechat',
      terminalId: TEST_TERMINAL, balanceFen: 0,
    });
    await post(`/v1/orders/${String(unpaid.json.orderId)}/close`);
    const r3 = await post(`/v1/orders/${String(unpaid.json.orderId)}/authorize`, new TestPurse(keys, '62010000000000077777').init(100));
    expect(r3).toMatchObject({ status: 409, json: { code: 'ORDER_CLOSED' } });

    const { purse, order } = await paidOrder();
    const tac = purse.credit(await authorize(purse, order));
    await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(await post(`/v1/orders/${order.orderId}/authorize`, purse.init(5_000))).toMatchObject({ status: 409, json: { code: 'ORDER_LOADED' } });
  });

  it('refuses a bad asOf with DATE_INVALID / REQUEST_INVALID', async () => {
    expect(await call(sim.url, 'POST', '/sim/refunds/run', { asOf: '2024-02-30' })).toMatchObject({ status: 400, json: { code: 'DATE_INVALID' } });
    expect(await call(sim.url, 'POST', '/sim/refunds/run', { asOf: '20240601' })).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
  });
});

describe('a live authorization when the refund job runs (the card may hold the MAC2)', () => {
  it('refund job, then the app resumes and the card shows the load: held, then LOADED; never refunded', async () => {
    at('2024-07-01T03:00:00.000Z'); // Monday; the app crashed after CREDIT, before confirm
    const { purse, order } = await paidOrder();
    const tac = purse.credit(await authorize(purse, order));
    at('2024-07-02T01:00:00.000Z');
    const run = sim.runRefunds('2024-07-02');
    expect(run.held).toContain(order.orderId);
    expect(await status(order)).toMatchObject({ status: 'PAID', refund: { heldForCard: true, refundNo: null } });
    expect(await call(sim.url, 'POST', `/sim/orders/${order.orderId}/refund`)).toMatchObject({ status: 409, json: { code: 'REFUND_HELD_FOR_CARD' } });
    const loaded = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(loaded.json).toMatchObject({ status: 'LOADED', refund: null });
    at('2024-07-03T01:00:00.000Z');
    expect(sim.runRefunds('2024-07-03')).toMatchObject({ held: [], refunding: [], refunded: [] });
    expect(sim.events(order.orderId).map((e) => e.kind)).toEqual(['created', 'paid', 'authorized', 'refund-held', 'loaded']);
  });

  it('refund job, then the app resumes and the card shows no load: held, UNLOADED, refunded on the next working day', async () => {
    at('2024-07-08T03:00:00.000Z'); // Monday
    const { purse, order } = await paidOrder();
    await authorize(purse, order); // the app died before CREDIT
    at('2024-07-09T01:00:00.000Z');
    expect(sim.runRefunds('2024-07-09').held).toContain(order.orderId);
    at('2024-07-10T03:00:00.000Z'); // Wednesday the customer comes back; the probe proves the MAC2 unused
    purse.init(order.amountFen);
    const unloaded = (await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(purse) })).json as unknown as HostOrder;
    expect(unloaded.refund).toMatchObject({ expectedDate: '2024-07-11', heldForCard: false });
    at('2024-07-11T01:00:00.000Z');
    expect(sim.runRefunds('2024-07-11').refunded).toContain(order.orderId);
    expect((await status(order)).status).toBe('REFUNDED');
  });

  it('the app loaded before the refund job ran and confirms afterwards: the job holds it, the confirm lands', async () => {
    at('2024-07-15T03:00:00.000Z');
    const { purse, order } = await paidOrder('alipay');
    const auth = await authorize(purse, order);
    const tac = purse.credit(auth); // on the card; the confirm has not reached the host
    at('2024-07-16T01:00:00.000Z');
    expect(sim.runRefunds('2024-07-16').held).toEqual([order.orderId]);
    at('2024-07-16T05:00:00.000Z');
    const r = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(r.json.status).toBe('LOADED');
    expect(sim.runRefunds('2024-07-17').held).toEqual([]);
  });

  it('a TAC that arrives after a refund (the MAC2 was wrongly proven unused) is kept and answered ORDER_REFUNDED_BUT_LOADED', async () => {
    at('2024-07-22T03:00:00.000Z');
    const { purse, order } = await paidOrder();
    const wrongEvidence = evidence(purse); // read before the load
    const tac = purse.credit(await authorize(purse, order));
    await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: wrongEvidence });
    at('2024-07-23T01:00:00.000Z');
    sim.runRefunds('2024-07-23');
    expect((await status(order)).status).toBe('REFUNDED');
    const bad = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac: 'FFFFFFFF', evidence: null });
    expect(bad).toMatchObject({ status: 400, json: { code: 'TAC_INVALID' } });
    const r = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(r).toMatchObject({ status: 409, json: { code: 'ORDER_REFUNDED_BUT_LOADED' } });
    expect((await status(order)).status).toBe('REFUNDED');
    expect(sim.events(order.orderId).at(-1)).toMatchObject({ kind: 'loaded-after-refund', data: { tac, status: 'REFUNDED' } });
    const evidenceOnly = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 3, newBalanceFen: purse.balanceFen, tac: null, evidence: evidence(purse) });
    expect(evidenceOnly).toMatchObject({ status: 409, json: { code: 'ORDER_REFUNDED' } });
  });
});

describe('running by itself', () => {
  it('with autoRefunds, the first request of a day runs that day’s job once', async () => {
    let now = new Date('2024-08-05T03:00:00.000Z');
    const auto = await startHostSim({ keys, dbPath: tempDbPath(), now: () => now, autoRefunds: true, sessionTtlMs: 86_400_000 * 30 });
    try {
      const t = await signIn(auto.url);
      const body = {
        clientOrderId: 'auto-1', cardNo: '62010000000000088888', plate: '甘A12345', plateColor: 0, amountFen: 100, channel: 'wechat',
        terminalId: TEST_TERMINAL, balanceFen: 0,
      };
      const id = String((await call(auto.url, 'POST', '/v1/orders', body, t)).json.orderId);
      auto.pay(id);
      now = new Date('2024-08-06T01:00:00.000Z');
      expect((await call(auto.url, 'GET', `/v1/orders/${id}`, undefined, t)).json).toMatchObject({ status: 'REFUNDED' });
    } finally {
      await auto.close();
    }
  });
});
