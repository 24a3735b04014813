import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import type { CreateOrderRequest } from '../../contract/host-api';
import { fixtureKeys } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath, TestPurse, TEST_TERMINAL } from '../../sim/host/testkit';
import { HostRejectedError } from './errors';
import { HttpHostLink } from './http-host-link';

/** The calls of docs/architecture.md §3a/§3b through the adapter: long poll, payment code, POS, day view, refunds. */
const keys = fixtureKeys();
const credentials = { terminalId: TEST_TERMINAL, operatorId: 'op01' };
let clock = new Date();
let sim: HostSim;
let host: HttpHostLink;
let seq = 0;

function orderReq(over: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  seq += 1;
  return {
    clientOrderId: `calls-${seq}`, cardNo: `6201${String(5800 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 3_000, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 0, ...over,
  };
}
async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e: unknown = await p.then(() => new Error('expected a rejection'), (err: unknown) => err);
  if (!(e instanceof AppError)) throw e;
  return e;
}
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock });
  host = new HttpHostLink({ baseUrl: sim.url, credentials, backoffMs: 5, timeoutMs: 2_000 });
});
afterEach(() => { sim.micropay.clear(); clock = new Date(); });
afterAll(async () => {
  host.close();
  await sim.close();
});

describe('long poll', () => {
  it('answers as soon as the order is paid', async () => {
    const order = await host.createOrder(orderReq());
    const paid = host.getOrder(order.orderId, { waitMs: 20_000, unless: 'AWAITING_PAYMENT' });
    await until(() => sim.waiting === 1);
    sim.pay(order.orderId);
    expect(await paid).toMatchObject({ status: 'PAID', channelStatus: 'SUCCESS' });
  });

  it('gives a wait longer than its per-attempt timeout the time it asked for: one request, the unchanged order', async () => {
    const slow = new HttpHostLink({ baseUrl: sim.url, credentials, backoffMs: 5, timeoutMs: 1_000 });
    const order = await slow.createOrder(orderReq());
    const from = sim.requests.length;
    expect(await slow.getOrder(order.orderId, { waitMs: 1_500, unless: 'AWAITING_PAYMENT' })).toMatchObject({ status: 'AWAITING_PAYMENT' });
    expect(sim.requests.slice(from).map((r) => r.status)).toEqual([200]);
    slow.close();
  });

  it('a cancelled wait rejects with HOST_REQUEST_CANCELLED and leaves nothing waiting on the host', async () => {
    const order = await host.createOrder(orderReq());
    const controller = new AbortController();
    const waiting = rejection(host.getOrder(order.orderId, { waitMs: 20_000, unless: 'AWAITING_PAYMENT', signal: controller.signal }));
    await until(() => sim.waiting === 1);
    controller.abort();
    expect((await waiting).code).toBe('HOST_REQUEST_CANCELLED');
    await until(() => sim.waiting === 0);
  });

  it('an over-long wait is the host’s 400 WAIT_MS_INVALID', async () => {
    const order = await host.createOrder(orderReq());
    const e = await rejection(host.getOrder(order.orderId, { waitMs: 30_001, unless: 'AWAITING_PAYMENT' }));
    expect(e).toBeInstanceOf(HostRejectedError);
    expect((e as HostRejectedError).hostCode).toBe('WAIT_MS_INVALID');
  });
});

describe('payment code, POS, the day view and refunds', () => {
  it('micropay: waiting for the customer, then paid; a retry of the same code is the same payment', async () => {
    sim.micropay.apply({ waitPolls: 1 });
    const order = await host.createOrder(orderReq({ channel: 'alipay' }));
    const code = '281234567890123456';
    expect(await host.micropay(order.orderId, { authCode: code })).toMatchObject({ status: 'AWAITING_PAYMENT', channelStatus: 'WAIT_BUYER_PAY' });
    const paid = await host.getOrder(order.orderId, { waitMs: 5_000, unless: 'AWAITING_PAYMENT' });
    expect(paid.status).toBe('PAID');
    sim.faults.loseAnswer('/micropay$');
    expect(await host.micropay(order.orderId, { authCode: code })).toEqual(paid);
    expect(sim.events(order.orderId).filter((e) => e.kind === 'paid')).toHaveLength(1);
    const other = await rejection(host.micropay(order.orderId, { authCode: '251234567890123456' }));
    expect((other as HostRejectedError).hostCode).toBe('ORDER_ALREADY_PAID');
  });

  it('a POS order paid by its slip, and that slip refused for a second order', async () => {
    const voucher = sim.acquirer.charge({ merchantNo: '898620154110001', posTerminalNo: '62010088', amountFen: 3_000 });
    const { amountFen: _a, ...posVoucher } = voucher;
    const order = await host.createOrder(orderReq({ channel: 'pos', posVoucher }));
    expect(order).toMatchObject({ status: 'PAID', channel: 'pos', tradeNo: voucher.referenceNo, posVoucher });
    const e = await rejection(host.createOrder(orderReq({ channel: 'pos', posVoucher })));
    expect(e).toMatchObject({ code: 'HOST_REJECTED', params: { hostCode: 'POS_SLIP_USED' } });
    expect(e.message).toContain(order.orderId);
  });

  it('the terminal’s day, and a refund with its facts as the counter reads them', async () => {
    clock = new Date('2024-09-02T02:00:00.000Z'); // Monday
    const order = await host.createOrder(orderReq({ channel: 'alipay' }));
    sim.pay(order.orderId);
    const d = await host.terminalDay(TEST_TERMINAL, '2024-09-02');
    expect(d.orders.find((o) => o.orderId === order.orderId)).toMatchObject({ status: 'PAID', refund: { expectedDate: '2024-09-03' } });
    clock = new Date('2024-09-03T01:00:00.000Z');
    sim.runRefunds('2024-09-03');
    const refunded = await host.getOrder(order.orderId);
    expect(refunded).toMatchObject({ status: 'REFUNDED', refund: { businessDay: '2024-09-02', expectedDate: '2024-09-03', heldForCard: false } });
    expect(refunded.refund?.refundNo).toMatch(/^\d{28}$/);
    const purse = new TestPurse(keys, order.cardNo, 0, 0);
    expect((await rejection(host.authorize(order.orderId, purse.init(order.amountFen)))).params.hostCode).toBe('ORDER_REFUNDED');
    const other = await rejection(host.terminalDay('000001000099', '2024-09-02'));
    expect(other.params.hostCode).toBe('TERMINAL_FORBIDDEN');
  });
});
