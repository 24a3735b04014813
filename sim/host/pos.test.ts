import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateOrderRequest, HostOrder, PosVoucher } from '../../contract/host-api';
import { fixtureKeys } from '../card/testing';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TestPurse, TEST_TERMINAL } from './testkit';

/** POS bank card at self-operated outlets (docs/architecture.md §3b): `POST /v1/orders` with channel `pos`. */
const keys = fixtureKeys();
let clock = new Date('2024-05-20T02:00:00.000Z'); // 10:00 Beijing
let sim: HostSim;
let token: string;
let seq = 0;

const MERCHANT = '898620154110001';
const POS_TERMINAL = '62010088';
const post = (path: string, body?: unknown) => call(sim.url, 'POST', path, body ?? {}, token);

function slip(over: Partial<PosVoucher> = {}): PosVoucher {
  seq += 1;
  return {
    merchantNo: MERCHANT, posTerminalNo: POS_TERMINAL, batchNo: '000012', voucherNo: String(100 + seq).padStart(6, '0'),
    referenceNo: `10310${String(seq).padStart(7, '0')}`, authCode: 'A1B2C3', cardNoMasked: '622848******0018',
    at: '2024-05-20T10:01:00+08:00', ...over,
  };
}
function orderReq(voucher: PosVoucher, over: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  seq += 1;
  return {
    clientOrderId: `pos-${seq}`, cardNo: `6201${String(6000 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 20_000, channel: 'pos', terminalId: TEST_TERMINAL, balanceFen: 0, posVoucher: voucher, ...over,
  };
}
const addSlip = (v: PosVoucher, amountFen = 20_000) => call(sim.url, 'POST', '/sim/acquirer/slips', { ...v, amountFen });

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

describe('POS orders', () => {
  it('a voucher the acquirer knows makes the order PAID at creation, with the reference no as trade no', async () => {
    const v = slip();
    expect((await addSlip(v)).status).toBe(200);
    const r = await post('/v1/orders', orderReq(v));
    expect(r.json).toMatchObject({
      status: 'PAID', channel: 'pos', channelStatus: 'APPROVED', tradeNo: v.referenceNo, qrPayload: '', paidAt: clock.toISOString(),
      posVoucher: v, refund: null,
    });
  });

  it('one slip funds one order, ever: a second use is refused naming the first order; a retry of the same order is not', async () => {
    const v = slip();
    await addSlip(v);
    const req = orderReq(v);
    const first = (await post('/v1/orders', req)).json as unknown as HostOrder;
    expect((await post('/v1/orders', req)).json).toEqual(first); // idempotent on clientOrderId
    const again = await post('/v1/orders', orderReq(v));
    expect(again).toMatchObject({ status: 409, json: { code: 'POS_SLIP_USED' } });
    expect(again.json.message).toBe(`签购单（参考号 ${v.referenceNo}）已用于订单 ${first.orderId}，一张签购单只能充值一次`);
  });

  it('refuses an unknown slip, a mismatching field, and an amount other than the slip’s', async () => {
    const v = slip();
    expect(await post('/v1/orders', orderReq(v))).toMatchObject({ status: 409, json: { code: 'POS_SLIP_NOT_FOUND' } });
    await addSlip(v, 19_999);
    const amount = await post('/v1/orders', orderReq(v));
    expect(amount).toMatchObject({ status: 409, json: { code: 'POS_AMOUNT_MISMATCH', message: '充值金额 200.00 元与签购单金额 199.99 元不符' } });
    // The message names the field in words (凭证号, not voucherNo): staff read it.
    for (const [field, value, word] of [['voucherNo', '999999', '凭证号'], ['authCode', 'ZZZZZZ', '授权码'], ['cardNoMasked', '622848******0019', '银行卡号'], ['batchNo', '000013', '批次号']] as const) {
      const r = await post('/v1/orders', orderReq({ ...v, [field]: value }, { amountFen: 19_999 }));
      expect(r, field).toMatchObject({ status: 409, json: { code: 'POS_SLIP_MISMATCH' } });
      expect(r.json.message).toContain(word);
    }
    // Another day is another slip: the date is part of its identity.
    expect((await post('/v1/orders', orderReq({ ...v, at: '2024-05-21T10:01:00+08:00' }, { amountFen: 19_999 }))).json.code).toBe('POS_SLIP_NOT_FOUND');
    expect((await post('/v1/orders', orderReq(v, { amountFen: 19_999 }))).json.status).toBe('PAID');
  });

  it('a slip without batch, auth code or card mask is matched on what it has', async () => {
    const v = slip({ authCode: null });
    const { batchNo: _b, authCode: _a, cardNoMasked: _c, ...bare } = v;
    expect((await call(sim.url, 'POST', '/sim/acquirer/slips', { ...bare, amountFen: 20_000 })).status).toBe(200);
    expect((await post('/v1/orders', orderReq(v))).json.status).toBe('PAID');
  });

  it('a slip the operator typed (no batch, auth code or card mask) is matched on what it has; the order keeps the acquirer’s slip', async () => {
    const v = slip();
    await addSlip(v);
    const typed: PosVoucher = { ...v, batchNo: null, authCode: null, cardNoMasked: null, at: '2024-05-20T11:30:00+08:00' };
    const r = await post('/v1/orders', orderReq(typed));
    expect(r.json).toMatchObject({ status: 'PAID', posVoucher: { ...v, at: '2024-05-20T02:01:00.000Z' } });
    const other = slip();
    await addSlip(other);
    const wrong = { ...other, batchNo: null, authCode: null, cardNoMasked: null, voucherNo: '999999' };
    expect(await post('/v1/orders', orderReq(wrong))).toMatchObject({ status: 409, json: { code: 'POS_SLIP_MISMATCH' } });
  });

  it('names the order a used slip funded in the refusal’s params, for the counter to show', async () => {
    const v = slip();
    await addSlip(v);
    const first = (await post('/v1/orders', orderReq(v))).json as unknown as HostOrder;
    const again = await post('/v1/orders', orderReq(v));
    expect(again.json).toMatchObject({ code: 'POS_SLIP_USED', params: { referenceNo: v.referenceNo, orderId: first.orderId } });
  });

  it('takes slips idempotently and refuses a different slip under the same key', async () => {
    const v = slip();
    expect((await addSlip(v)).json).toMatchObject({ referenceNo: v.referenceNo, slipDate: '2024-05-20', orderId: null });
    expect((await addSlip(v)).status).toBe(200);
    expect(await addSlip(v, 1)).toMatchObject({ status: 409, json: { code: 'POS_SLIP_CONFLICT' } });
    expect(await call(sim.url, 'POST', '/sim/acquirer/slips', { ...v, merchantNo: '123' })).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
  });

  it('a simulated POS books its charge through the ledger, and its voucher pays an order', async () => {
    const charged = sim.acquirer.charge({ merchantNo: MERCHANT, posTerminalNo: '62010099', amountFen: 5_000 });
    expect(charged).toMatchObject({ merchantNo: MERCHANT, posTerminalNo: '62010099', batchNo: '000001', voucherNo: '000001', amountFen: 5_000 });
    expect(charged.referenceNo).toMatch(/^\d{12}$/);
    const { amountFen, ...voucher } = charged;
    expect((await post('/v1/orders', orderReq(voucher, { amountFen }))).json.status).toBe('PAID');
    const overHttp = (await call(sim.url, 'POST', '/sim/acquirer/charges', { merchantNo: MERCHANT, posTerminalNo: '62010099', amountFen: 100 })).json;
    expect(overHttp).toMatchObject({ voucherNo: '000002', amountFen: 100 });
  });

  it('requires the voucher with channel pos and refuses it with any other', async () => {
    const v = slip();
    const { posVoucher: _p, ...noVoucher } = orderReq(v);
    expect(await post('/v1/orders', noVoucher)).toMatchObject({ status: 400, json: { code: 'REQUEST_INVALID' } });
    expect((await post('/v1/orders', noVoucher)).json.message).toContain('posVoucher: required for channel pos');
    expect((await post('/v1/orders', { ...orderReq(v), channel: 'wechat' })).json.message).toContain('posVoucher: only for channel pos');
  });

  it('is not refunded by the refund job; the issuer’s administrator refunds it', async () => {
    const v = slip();
    await addSlip(v);
    const req = orderReq(v);
    const order = (await post('/v1/orders', req)).json as unknown as HostOrder;
    const purse = new TestPurse(keys, req.cardNo, 0, 0);
    await post(`/v1/orders/${order.orderId}/authorize`, purse.init(order.amountFen));
    purse.init(order.amountFen);
    await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: { balanceFen: 0, onlineSerial: 0, loadRecord: null } });
    clock = new Date('2024-05-22T02:00:00.000Z');
    const run = sim.runRefunds('2024-05-22');
    expect([...run.refunding, ...run.refunded, ...run.held]).not.toContain(order.orderId);
    expect(sim.order(order.orderId)).toMatchObject({ status: 'UNLOADED', refund: null });
    const refunded = (await call(sim.url, 'POST', `/sim/orders/${order.orderId}/refund`)).json;
    expect(refunded).toMatchObject({ status: 'REFUNDED', channelStatus: 'REFUNDED', refund: { businessDay: '2024-05-20', expectedDate: '2024-05-22' } });
    expect((await call(sim.url, 'POST', `/sim/orders/${order.orderId}/refund`)).json).toEqual(refunded);
    clock = new Date('2024-05-20T02:00:00.000Z');
  });
});
