import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeResponse, CardEvidence, HostOrder } from '../../contract/host-api';
import { loadKeyFile } from '../crypto/keys';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TestPurse, TEST_TERMINAL } from './testkit';

const keys = loadKeyFile(fileURLToPath(new URL('../fixtures/keys.json', import.meta.url)));
let clock = new Date('2024-05-20T02:31:00.000Z'); // 10:31:00 in Beijing
let sim: HostSim;
let token: string;
let seq = 0;

const post = (path: string, body?: unknown) => call(sim.url, 'POST', path, body ?? {}, token);
const tick = (ms: number) => { clock = new Date(clock.getTime() + ms); };

/** A fresh card (balance 100.00 yuan, serial 7) with a paid order of `amountFen` on it. */
async function paidOrder(amountFen = 5_000): Promise<{ purse: TestPurse; order: HostOrder }> {
  seq += 1;
  const purse = new TestPurse(keys, `6201${String(2000 + seq).padStart(16, '0')}`, 10_000, 7);
  const r = await post('/v1/orders', {
    clientOrderId: `load-${seq}`, cardNo: purse.cardNo, plate: '甘A12345', plateColor: 0, amountFen, channel: 'alipay',
    terminalId: TEST_TERMINAL, balanceFen: purse.balanceFen,
  });
  expect(r.status).toBe(200);
  return { purse, order: sim.pay(String(r.json.orderId)) };
}
const authorize = async (orderId: string, body: unknown) => post(`/v1/orders/${orderId}/authorize`, body);
const evidence = (p: TestPurse): CardEvidence => ({ balanceFen: p.balanceFen, onlineSerial: p.onlineSerial, loadRecord: null });

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

describe('authorize', () => {
  it('verifies MAC1 and answers a MAC2 the card accepts, with the Beijing host date and time', async () => {
    const { purse, order } = await paidOrder();
    const r = await authorize(order.orderId, purse.init(order.amountFen));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ hostDate: '20240520', hostTime: '103100' });
    expect(() => purse.credit(r.json as unknown as AuthorizeResponse)).not.toThrow();
    expect(purse.balanceFen).toBe(15_000);
  });

  it('answers the same MAC2, date and time for the same order + serial + random, even later', async () => {
    const { purse, order } = await paidOrder();
    const body = purse.init(order.amountFen);
    const first = await authorize(order.orderId, body);
    tick(90_000);
    const again = await authorize(order.orderId, { ...body, random: body.random.toLowerCase() });
    expect(again.json).toEqual(first.json);
    expect(sim.events(order.orderId).filter((e) => e.kind === 'authorized')).toHaveLength(1);
  });

  it('refuses a wrong MAC1 with 400 MAC1_INVALID', async () => {
    const { purse, order } = await paidOrder();
    const body = purse.init(order.amountFen);
    const bad = { ...body, mac1: body.mac1 === '00000000' ? '00000001' : '00000000' };
    expect(await authorize(order.orderId, bad)).toMatchObject({ status: 400, json: { code: 'MAC1_INVALID' } });
    const otherBalance = await authorize(order.orderId, { ...body, oldBalanceFen: body.oldBalanceFen + 1 });
    expect(otherBalance.json.code).toBe('MAC1_INVALID');
  });

  it('refuses an order that is not paid, or a request that does not match the order', async () => {
    const purse = new TestPurse(keys, '62010000000000009999');
    const r = await post('/v1/orders', {
      clientOrderId: 'unpaid-1', cardNo: purse.cardNo, plate: '甘A12345', plateColor: 0, amountFen: 5_000, channel: 'wechat',
      terminalId: TEST_TERMINAL, balanceFen: 0,
    });
    const orderId = String(r.json.orderId);
    expect(await authorize(orderId, purse.init(5_000))).toMatchObject({ status: 409, json: { code: 'ORDER_NOT_PAID' } });
    sim.pay(orderId);
    const wrongAmount = await authorize(orderId, purse.init(6_000));
    expect(wrongAmount).toMatchObject({ status: 409, json: { code: 'ORDER_MISMATCH', message: '圈存请求与订单不符：金额' } });
    // Another counter may load it (圈存 of an order paid elsewhere): the terminal is bound into MAC2, not refused.
    const otherTerminal = await authorize(orderId, purse.init(5_000, '000001000051'));
    expect(otherTerminal.status).toBe(200);
  });

  it('gives a new MAC2 for the same serial after a new INIT; the voided MAC2 no longer loads the card', async () => {
    const { purse, order } = await paidOrder();
    const first = (await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse;
    tick(1_000);
    const second = (await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse;
    expect(second.mac2).not.toBe(first.mac2);
    expect(() => purse.credit(first)).toThrow('9302');
    expect(() => purse.credit(second)).not.toThrow();
  });

  it('refuses another serial while an earlier MAC2 may be on the card (409 SERIAL_CHANGED)', async () => {
    const { purse, order } = await paidOrder();
    purse.credit((await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse);
    const r = await authorize(order.orderId, purse.init(order.amountFen));
    expect(r).toMatchObject({ status: 409, json: { code: 'SERIAL_CHANGED' } });
    expect(r.json.message).toContain('从 7 变为 8');
  });
});

describe('confirm', () => {
  it('accepts the TAC the card gave → LOADED, and answers the same again', async () => {
    const { purse, order } = await paidOrder();
    const tac = purse.credit((await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse);
    tick(2_000);
    const body = { onlineSerial: 7, newBalanceFen: purse.balanceFen, tac, evidence: null };
    const r = await post(`/v1/orders/${order.orderId}/confirm`, body);
    expect(r.json).toMatchObject({ status: 'LOADED', channelStatus: 'TRADE_SUCCESS', loadedAt: clock.toISOString() });
    expect((await post(`/v1/orders/${order.orderId}/confirm`, body)).json).toEqual(r.json);
    const check = await post(`/v1/cards/${purse.cardNo}/check`, {});
    expect(check.json).toMatchObject({ halfRecords: [], unloadedRecords: [] });
  });

  it('refuses a wrong TAC with 400 TAC_INVALID and a serial it never authorized with 409 NOT_AUTHORIZED', async () => {
    const { purse, order } = await paidOrder();
    const tac = purse.credit((await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse);
    const wrong = tac === 'FFFFFFFF' ? 'EEEEEEEE' : 'FFFFFFFF';
    const r = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: purse.balanceFen, tac: wrong, evidence: null });
    expect(r).toMatchObject({ status: 400, json: { code: 'TAC_INVALID' } });
    const lie = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: purse.balanceFen + 1, tac, evidence: null });
    expect(lie.json.code).toBe('TAC_INVALID');
    const other = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 6, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(other).toMatchObject({ status: 409, json: { code: 'NOT_AUTHORIZED' } });
    expect((await call(sim.url, 'GET', `/v1/orders/${order.orderId}`, undefined, token)).json.status).toBe('PAID');
  });

  it('accepts card evidence (serial N+1, balance B+A, matching 0018 record) when the TAC was lost', async () => {
    const { purse, order } = await paidOrder();
    const auth = (await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse;
    purse.credit(auth);
    const d = auth.hostDate;
    const at = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${auth.hostTime.replace(/(\d\d)(?=\d)/g, '$1:')}`;
    const loadRecord = { serial: 8, amountFen: order.amountFen, terminalId: TEST_TERMINAL, at };
    const wrongTime = { ...evidence(purse), loadRecord: { ...loadRecord, at: '2024-05-20T23:59:59' } };
    const refused = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: 15_000, tac: null, evidence: wrongTime });
    expect(refused).toMatchObject({ status: 409, json: { code: 'EVIDENCE_NOT_LOADED' } });
    const r = await post(`/v1/orders/${order.orderId}/confirm`, {
      onlineSerial: 7, newBalanceFen: 15_000, tac: null, evidence: { ...evidence(purse), loadRecord },
    });
    expect(r.json.status).toBe('LOADED');
    expect(sim.events(order.orderId).at(-1)).toMatchObject({ kind: 'loaded', data: { via: 'evidence' } });
  });

  it('refuses evidence of a card that was not loaded', async () => {
    const { purse, order } = await paidOrder();
    await authorize(order.orderId, purse.init(order.amountFen));
    const r = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: 15_000, tac: null, evidence: evidence(purse) });
    expect(r.json.code).toBe('EVIDENCE_NOT_LOADED');
    const neither = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: 15_000, tac: null, evidence: null });
    expect(neither).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
  });
});

describe('unloaded (未圈存) and the repair load (圈存修复)', () => {
  it('records a proven absence, lists it, and lets a fresh INIT load it later', async () => {
    const { purse, order } = await paidOrder();
    const lost = (await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse;
    const probe = purse.init(order.amountFen); // the probing INIT of docs/card-protocol.md §4 voids `lost`
    const r = await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(purse) });
    expect(r.json).toMatchObject({ status: 'UNLOADED', channelStatus: 'TRADE_SUCCESS' });
    expect((await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(purse) })).json).toEqual(r.json);
    const check = (await post(`/v1/cards/${purse.cardNo}/check`, {})).json;
    expect(check).toMatchObject({ halfRecords: [], unloadedRecords: [{ orderId: order.orderId }] });

    tick(60_000);
    const repair = (await authorize(order.orderId, probe)).json as unknown as AuthorizeResponse;
    expect(repair.mac2).not.toBe(lost.mac2);
    expect((await post(`/v1/cards/${purse.cardNo}/check`, {})).json).toMatchObject({ halfRecords: [{ orderId: order.orderId, status: 'PAID' }] });
    const tac = purse.credit(repair);
    const done = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: purse.balanceFen, tac, evidence: null });
    expect(done.json.status).toBe('LOADED');
    expect(sim.events(order.orderId).map((e) => e.kind)).toEqual(
      ['created', 'paid', 'authorized', 'unloaded', 'repair-authorized', 'authorized', 'loaded']);
  });

  it('allows a new serial once the earlier MAC2 is proven unused', async () => {
    const { purse, order } = await paidOrder();
    await authorize(order.orderId, purse.init(order.amountFen));
    await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(purse) });
    purse.onlineSerial += 1; // another load elsewhere moved the serial on
    expect((await authorize(order.orderId, purse.init(order.amountFen))).status).toBe(200);
  });

  it('refuses UNLOADED when the evidence shows the load, and for a LOADED order', async () => {
    const { purse, order } = await paidOrder();
    const tac = purse.credit((await authorize(order.orderId, purse.init(order.amountFen))).json as unknown as AuthorizeResponse);
    const shows = await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(purse) });
    expect(shows).toMatchObject({ status: 409, json: { code: 'EVIDENCE_SHOWS_LOADED' } });
    await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: 7, newBalanceFen: purse.balanceFen, tac, evidence: null });
    const loaded = await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: { ...evidence(purse), onlineSerial: 7, balanceFen: 10_000 } });
    expect(loaded).toMatchObject({ status: 409, json: { code: 'ORDER_LOADED' } });
  });
});
