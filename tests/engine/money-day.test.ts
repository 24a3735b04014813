import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/errors';
import type { CallName, CallResponse } from '../../contract/ipc';
import type { Services } from '../../main/compose/services';
import { createHandlers } from '../../main/ipc/handlers';
import { CounterSession, DEFAULT_CLIENT } from '../../main/ipc/session';
import { localDateOf } from '../../main/journal/dates';
import { parseCsv } from '../../main/report';
import { MoneyWorld } from '../support/money-world';

/**
 * 日结 and 对账 through main's own handlers, over the real services and the host simulator (no paper here:
 * tests/e2e/money-slips.test.ts prints). A supervisor is signed in on the session.
 */
let w: MoneyWorld;
afterEach(async () => w?.close());

async function counter() {
  const s = await w.counter();
  const session = new CounterSession(s.settings, false);
  session.signIn(DEFAULT_CLIENT, { operatorId: 'S01', name: '主管', role: 'supervisor' });
  const h = createHandlers(s, session, () => undefined);
  async function call<K extends CallName>(name: K, req: unknown = {}): Promise<Result<CallResponse<K>>> {
    try {
      return { ok: true, data: await (h[name] as (r: unknown) => Promise<CallResponse<K>>)(req) };
    } catch (e) {
      const err = e as { code?: string; message: string };
      return { ok: false, code: err.code ?? 'INTERNAL', message: err.message };
    }
  }
  const ok = async <K extends CallName>(name: K, req: unknown = {}): Promise<CallResponse<K>> => {
    const r = await call(name, req);
    if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
    return r.data;
  };
  return { s, session, call, ok };
}

async function loaded(s: Services, amountFen: number) {
  const rec = await s.engine.start({ amountFen, channel: 'wechat', operatorId: 'A01' });
  w.sim.pay(rec.orderId ?? '');
  await s.engine.checkPayment(rec.id);
  return s.engine.load(rec.id);
}

describe('对账 and 日结 over the simulator', () => {
  it('one recharge matched, one mismatched (the host refused the card\'s TAC): red rows with what to do, in the view and the export', async () => {
    w = await MoneyWorld.create();
    const { s, ok } = await counter();
    const date = localDateOf(w.clock.now());
    expect((await loaded(s, 1_000)).state).toBe('VERIFIED');
    w.sim.faults.fail('/confirm$', 1, 409);
    const bad = await loaded(s, 2_000);
    expect(bad.state).toBe('NEEDS_ADMIN');
    const view = await ok('dayView', { date });
    expect(view.reconcileError).toBeNull();
    const r = view.reconciliation;
    expect(r && [r.matched.length, r.hostOnly.length, r.journalOnly.length, r.mismatched.length]).toEqual([1, 0, 0, 1]);
    expect(r?.mismatched[0]).toMatchObject({ rechargeId: bad.id, state: 'NEEDS_ADMIN', hostStatus: 'PAID', problem: 'status', todo: 'RECONCILE_TODO_ADMIN' });

    const csv = parseCsv(Buffer.from((await ok('dayExport', { date, format: 'csv' })).base64, 'base64'));
    const [header, ...rows] = csv;
    expect(header?.slice(-4)).toEqual(['对账结果', '主机状态', '主机金额（元）', '处理建议']);
    const byId = new Map(rows.map((row) => [row[1], row]));
    expect(byId.get(bad.id)?.slice(-4)).toEqual(['不一致', '已付款', '20.00', '需管理员处理：由主管凭卡核查（「待处理」→ 管理员处理）']);
    const wb = new ExcelJS.Workbook();
    const x = Buffer.from((await ok('dayExport', { date, format: 'xlsx' })).base64, 'base64');
    await wb.xlsx.load(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength) as ArrayBuffer);
    expect(wb.getWorksheet('对账')?.rowCount).toBe(3);
  });

  it('a day with a NEEDS_ADMIN recharge: refused, carried over with a note (audited), then closed for new recharges and adoptions until reopened', async () => {
    w = await MoneyWorld.create();
    const { s, call, ok } = await counter();
    const date = localDateOf(w.clock.now());
    w.sim.faults.fail('/confirm$', 1, 409);
    const bad = await loaded(s, 2_000);
    expect(bad.state).toBe('NEEDS_ADMIN');
    expect(await call('dayClose', { date })).toMatchObject({ ok: false, code: 'DAY_CLOSE_UNRESOLVED' });
    expect((await ok('dayView', { date })).blockers).toMatchObject({ canClose: false, canCarryOver: true });
    const closed = await ok('dayClose', { date, carryOverNote: '已交发卡方管理员核查' });
    expect(closed.closed).toMatchObject({ operatorId: 'S01', note: '已交发卡方管理员核查', carriedOver: [bad.id] });
    expect(await call('dayClose', { date })).toMatchObject({ ok: false, code: 'DAY_ALREADY_CLOSED' });

    const refused = await call('rechargeStart', { amountFen: 500, channel: 'wechat' });
    expect(refused).toMatchObject({ ok: false, code: 'DAY_CLOSED' });
    expect(refused.ok ? '' : refused.message).toContain(date);
    const before = s.journal.day(date).length;
    const other = await fetch(`${w.sim.url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ terminalId: '000001000099', operatorId: 'w' }) });
    const token = ((await other.json()) as { token: string }).token;
    const order = await (await fetch(`${w.sim.url}/v1/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      // Another customer's card (this one holds the NEEDS_ADMIN order, a half record on the host).
      body: JSON.stringify({ clientOrderId: '7f0e3c5e-8d1c-4c57-9d5e-2a1b3c4d5e6f', cardNo: '62010000000000000002', plate: '甘A54321', plateColor: 0, amountFen: 700, channel: 'alipay', terminalId: '000001000099', balanceFen: 0 }),
    })).json() as { orderId: string };
    w.sim.pay(order.orderId);
    expect(await call('recordLoad', { orderId: order.orderId })).toMatchObject({ ok: false, code: 'DAY_CLOSED' });
    expect(s.journal.day(date)).toHaveLength(before);

    const reopened = await ok('dayReopen', { date, note: '客户补办圈存' });
    expect(reopened.closed).toBeNull();
    // Open again: what refuses them now is the card, no longer the day.
    expect(await call('recordLoad', { orderId: order.orderId })).toMatchObject({ ok: false, code: 'RECHARGE_CARD_MISMATCH' });
    expect(await call('rechargeStart', { amountFen: 500, channel: 'wechat' })).toMatchObject({ ok: false, code: 'RECHARGE_HOST_HALF_RECORD' });
    const audit = s.auth.audit.list({ from: date, to: date }).map((e) => [e.action, e.target, e.detail.note ?? null]);
    expect(audit).toEqual(expect.arrayContaining([['day-reopen', date, '客户补办圈存'], ['day-close', date, '已交发卡方管理员核查']]));
  });

  it('待处理 and 充值记录 show 退款中 with the expected date; the pending call picks up the host\'s REFUNDED', async () => {
    w = await MoneyWorld.create();
    const { s, ok } = await counter();
    const date = localDateOf(w.clock.now());
    const rec = await s.engine.start({ amountFen: 1_500, channel: 'alipay', operatorId: 'A01' });
    w.sim.pay(rec.orderId ?? '');
    w.sim.runRefunds('2025-03-08');
    expect((await ok('rechargeResume', { id: rec.id })).state).toBe('REFUNDING');
    const pending = await ok('pending');
    expect(pending.map((p) => [p.id, p.state, p.refund?.expectedDate])).toEqual([[rec.id, 'REFUNDING', '2025-03-10']]);
    const rows = (await ok('records', { plate: '甘A12345', plateColor: 0, from: date, to: date })).rows;
    expect(rows.map((r) => [r.status, r.action, r.paper, r.refund?.expectedDate])).toEqual([['refunding', null, ['refund-slip'], '2025-03-10']]);
    const view = await ok('dayView', { date });
    expect(view.report.refunds.map((l) => [l.status, l.expectedDate])).toEqual([['refunding', '2025-03-10']]);
    expect(view.blockers.canClose).toBe(true); // the host's work: it does not hold the day
    w.sim.runRefunds('2025-03-10');
    expect(await ok('pending')).toEqual([]);
    expect(s.engine.get(rec.id)?.state).toBe('REFUNDED');
    expect((await ok('dayView', { date })).report.refunds.map((l) => l.status)).toEqual(['refunded']);
  });
});
