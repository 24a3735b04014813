import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeResponse, HostOrder, TerminalDay } from '../../contract/host-api';
import { TerminalDaySchema } from '../../contract/host-schemas';
import { fixtureKeys } from '../card/testing';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TestPurse, TEST_TERMINAL } from './testkit';

/** `GET /v1/terminals/{terminalId}/days/{YYYY-MM-DD}` (docs/architecture.md §3b), for 对账. */
const keys = fixtureKeys();
const OTHER = '000001000051';
let clock = new Date('2024-05-20T01:00:00.000Z'); // 09:00 Beijing
let sim: HostSim;
let token: string;
let otherToken: string;
let seq = 0;

async function order(tk: string, terminalId: string, amountFen: number, channel: 'wechat' | 'alipay' = 'wechat'): Promise<HostOrder> {
  seq += 1;
  const r = await call(sim.url, 'POST', '/v1/orders', {
    clientOrderId: `day-${seq}`, cardNo: `6201${String(9500 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0, amountFen,
    channel, terminalId, balanceFen: 0,
  }, tk);
  return r.json as unknown as HostOrder;
}
async function loadAt(o: HostOrder, terminalId: string, tk: string): Promise<void> {
  const purse = new TestPurse(keys, o.cardNo, 0, 0);
  const auth = (await call(sim.url, 'POST', `/v1/orders/${o.orderId}/authorize`, purse.init(o.amountFen, terminalId), tk)).json as unknown as AuthorizeResponse;
  const tac = purse.credit(auth);
  const r = await call(sim.url, 'POST', `/v1/orders/${o.orderId}/confirm`, { onlineSerial: 0, newBalanceFen: purse.balanceFen, tac, evidence: null }, tk);
  expect(r.json.status).toBe('LOADED');
}
const day = async (terminalId: string, d: string, tk = token) => call(sim.url, 'GET', `/v1/terminals/${terminalId}/days/${d}`, undefined, tk);

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock, sessionTtlMs: 30 * 86_400_000 });
  token = await signIn(sim.url, TEST_TERMINAL);
  otherToken = await signIn(sim.url, OTHER);
});
afterAll(() => sim.close());

describe('a terminal’s business day', () => {
  it('lists what it created and what it loaded that Beijing day, with totals per channel and status', async () => {
    const loaded = await order(token, TEST_TERMINAL, 1_000);
    sim.pay(loaded.orderId);
    await loadAt(loaded, TEST_TERMINAL, token);
    const unpaid = await order(token, TEST_TERMINAL, 2_000, 'alipay');
    const paid = await order(token, TEST_TERMINAL, 3_000, 'alipay');
    sim.pay(paid.orderId);
    const elsewhere = await order(otherToken, OTHER, 4_000); // paid at the other counter, loaded here
    sim.pay(elsewhere.orderId);
    await loadAt(elsewhere, TEST_TERMINAL, token);
    const notMine = await order(otherToken, OTHER, 5_000);
    clock = new Date('2024-05-20T16:00:00.000Z'); // 2024-05-21 00:00 Beijing: the next day
    const tomorrow = await order(token, TEST_TERMINAL, 6_000);

    const r = await day(TEST_TERMINAL.toLowerCase(), '2024-05-20');
    expect(r.status).toBe(200);
    const view = TerminalDaySchema.parse(r.json) as TerminalDay;
    expect(view).toMatchObject({ terminalId: TEST_TERMINAL, day: '2024-05-20', generatedAt: clock.toISOString(), reconciledAt: null });
    expect(view.orders.map((o) => o.orderId)).toEqual([loaded.orderId, unpaid.orderId, paid.orderId, elsewhere.orderId]);
    expect(view.orders.map((o) => o.orderId)).not.toContain(notMine.orderId);
    expect(view.orders.map((o) => o.orderId)).not.toContain(tomorrow.orderId);
    expect(view.orders[0]).toMatchObject({ status: 'LOADED', terminalId: TEST_TERMINAL, loadTerminalId: TEST_TERMINAL, channel: 'wechat' });
    expect(view.orders[3]).toMatchObject({ status: 'LOADED', terminalId: OTHER, loadTerminalId: TEST_TERMINAL });
    expect(view.orders[2]).toMatchObject({ status: 'PAID', refund: { businessDay: '2024-05-20', expectedDate: '2024-05-21' } });
    expect(view.totals).toEqual([
      { channel: 'alipay', status: 'CLOSED', count: 1, amountFen: 2_000 }, // expired unpaid by the time of the view
      { channel: 'alipay', status: 'PAID', count: 1, amountFen: 3_000 },
      { channel: 'wechat', status: 'LOADED', count: 2, amountFen: 5_000 },
    ]);

    const theirs = TerminalDaySchema.parse((await day(OTHER, '2024-05-20', otherToken)).json);
    expect(theirs.orders.map((o) => o.orderId)).toEqual([elsewhere.orderId, notMine.orderId]);

    sim.runRefunds('2024-05-21');
    const after = TerminalDaySchema.parse((await day(TEST_TERMINAL, '2024-05-20')).json);
    expect(after.reconciledAt).toBe(clock.toISOString());
    expect(after.orders.find((o) => o.orderId === paid.orderId)).toMatchObject({ status: 'REFUNDED', refund: { refundedAt: clock.toISOString() } });
    expect(after.totals).toContainEqual({ channel: 'alipay', status: 'REFUNDED', count: 1, amountFen: 3_000 });
  });

  it('shows a terminal only its own days and refuses a bad date', async () => {
    expect(await day(OTHER, '2024-05-20')).toMatchObject({ status: 403, json: { code: 'TERMINAL_FORBIDDEN' } });
    expect(await day(TEST_TERMINAL, '2024-02-30')).toMatchObject({ status: 400, json: { code: 'DATE_INVALID' } });
    expect(await day(TEST_TERMINAL, '2024-5-1')).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
    expect(await day('XYZ', '2024-05-01')).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
    expect(TerminalDaySchema.parse((await day(TEST_TERMINAL, '2023-01-01')).json)).toMatchObject({ orders: [], totals: [] });
  });
});
