import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import type { RechargeRecord } from '../../contract/recharge';
import type { Services } from '../../main/compose/services';
import { MoneyWorld } from '../support/money-world';

/**
 * The money after "paid" against the real host simulator over HTTP (sim/host: refund job and calendar,
 * authorization policy) and the virtual card behind an in-process reader, with the counter's real services.
 * The simulator's clock starts on a Friday (2025-03-07, 10:00 Beijing): the refund job of Saturday makes a
 * paid, unloaded order REFUNDING, Monday's (its expected date) REFUNDED.
 */
let w: MoneyWorld;
afterEach(async () => w?.close());

async function paid(s: Services, amountFen = 2_345): Promise<RechargeRecord> {
  const rec = await s.engine.start({ amountFen, channel: 'wechat', operatorId: 'op1' });
  w.sim.pay(rec.orderId ?? '');
  const now = await s.engine.checkPayment(rec.id);
  expect(now.state).toBe('PAID');
  return now;
}
const rejects = (p: Promise<unknown>, code: string) => expect(p).rejects.toSatisfy((e) => isAppError(e, code));

describe('refunds over the host simulator', () => {
  it('a paid recharge left unloaded and refunded by the host: resume ends REFUNDING, then REFUNDED, without touching the card', async () => {
    w = await MoneyWorld.create();
    const s = await w.counter();
    const rec = await paid(s);
    const before = w.card.snapshot();
    expect(w.sim.runRefunds('2025-03-08').refunding).toEqual([rec.orderId]);
    const mark = w.apdus.length;
    const refunding = await s.engine.resume(rec.id);
    expect(refunding.state).toBe('REFUNDING');
    expect(s.engine.pending().map((p) => p.state)).toEqual(['REFUNDING']);
    w.sim.runRefunds('2025-03-10');
    const done = await s.engine.resume(rec.id);
    expect(done.state).toBe('REFUNDED');
    expect(w.apdus.length).toBe(mark); // not one APDU: the card was not touched
    expect(w.card.snapshot()).toMatchObject({ balanceFen: before.balanceFen, onlineSerial: before.onlineSerial });
    const last = s.engine.events(rec.id).at(-1)?.data as { refund: { expectedDate: string; refundNo: string | null } };
    expect(last.refund).toMatchObject({ expectedDate: '2025-03-10' });
    expect(last.refund.refundNo).toMatch(/\d/);
    expect(s.engine.pending()).toEqual([]);
    // The card is free again: 读卡 finds no block.
    expect((await s.engine.readCard()).blocking).toEqual([]);
  });

  it('a payment never polled, refunded meanwhile: the payment check journals REFUNDED and nothing is loaded', async () => {
    w = await MoneyWorld.create();
    const s = await w.counter();
    const rec = await s.engine.start({ amountFen: 1_000, channel: 'alipay', operatorId: 'op1' });
    w.sim.pay(rec.orderId ?? '');
    w.sim.runRefunds('2025-03-10');
    const mark = w.apdus.length;
    expect((await s.engine.checkPayment(rec.id)).state).toBe('REFUNDED');
    expect(w.count('8050', mark)).toBe(0);
  });

  it('the wizard\'s load of a PAID recharge the host refunded sends no INIT: the host is asked first', async () => {
    w = await MoneyWorld.create();
    const s = await w.counter();
    const rec = await paid(s);
    w.sim.runRefunds('2025-03-10');
    const mark = w.apdus.length;
    expect((await s.engine.load(rec.id)).state).toBe('REFUNDED');
    expect(w.count('8050', mark)).toBe(0);
    expect(w.count('8052', mark)).toBe(0);
  });

  it('a MAC2 possibly on the card holds the refund; resume decides from the card and the loaded order is never refunded', async () => {
    w = await MoneyWorld.create();
    const s = await w.counter();
    const before = w.card.snapshot();
    const rec = await paid(s);
    w.card.setFault('lose-answer-after-commit');
    await rejects(s.engine.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    w.reinsert();
    expect(w.sim.runRefunds('2025-03-10').held).toEqual([rec.orderId]);
    const done = await s.engine.resume(rec.id);
    expect(done.state).toBe('VERIFIED');
    expect(w.sim.order(rec.orderId ?? '').status).toBe('LOADED');
    expect(w.sim.runRefunds('2025-03-11')).toMatchObject({ refunding: [], refunded: [], held: [] });
    expect(w.card.snapshot().balanceFen).toBe(before.balanceFen + 2_345);
  });

  it('a valid TAC on an order refunded after wrong evidence: ORDER_REFUNDED_BUT_LOADED → NEEDS_ADMIN with the evidence', async () => {
    w = await MoneyWorld.create();
    const s = await w.counter();
    const before = w.card.snapshot();
    const rec = await paid(s);
    w.card.setFault('lose-answer-after-commit');
    await rejects(s.engine.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    w.reinsert();
    // Somebody told the host "not loaded" with the card as it was before (wrong), and the administrator refunded it.
    const token = String(((await (await fetch(`${w.sim.url}/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ terminalId: '000001000050', operatorId: 'x' }),
    })).json()) as { token: string }).token);
    const wrong = await fetch(`${w.sim.url}/v1/orders/${rec.orderId}/unloaded`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ evidence: { balanceFen: before.balanceFen, onlineSerial: before.onlineSerial, loadRecord: null } }),
    });
    expect(wrong.status).toBe(200);
    expect(w.sim.refund(rec.orderId ?? '').status).toBe('REFUNDED');
    const done = await s.engine.resume(rec.id);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_REFUNDED_BUT_LOADED' });
    expect(w.sim.events(rec.orderId ?? '').map((e) => e.kind)).toContain('loaded-after-refund');
    expect(s.engine.events(rec.id).at(-1)?.data).toMatchObject({ request: { tac: expect.stringMatching(/^[0-9A-F]{8}$/) } });
  });
});

describe('the customer\'s PIN over the virtual card', () => {
  it('after 63C2 no VERIFY reaches the card without the operator — across a restart — and the typed PIN loads it', async () => {
    w = await MoneyWorld.create({ pin: '909090' });
    let s = await w.counter();
    const rec = await paid(s);
    const mark = w.apdus.length;
    await rejects(s.engine.load(rec.id), 'CARD_PIN_REQUIRED');
    expect(w.count('0020', mark)).toBe(1);
    expect(w.card.snapshot().pinTriesLeft).toBe(2);
    await rejects(s.engine.resume(rec.id), 'CARD_PIN_REQUIRED');
    await w.stop(s);
    s = await w.counter(); // the same data folder: the journal remembers
    const again = w.apdus.length;
    await rejects(s.engine.resume(rec.id), 'CARD_PIN_REQUIRED');
    expect(w.count('0020', again)).toBe(0);
    expect(w.card.snapshot().pinTriesLeft).toBe(2);
    expect(s.engine.get(rec.id)?.state).toBe('PAID');
    expect((await s.engine.resume(rec.id, { pin: '909090' })).state).toBe('VERIFIED');
    expect(w.count('0020', again)).toBe(1);
  });
});

describe('an order another terminal holds a live authorization for', () => {
  it('its load is on the card (answer lost there): 圈存 here confirms it with the card\'s TAC, nothing loaded twice', async () => {
    w = await MoneyWorld.create();
    const b = await w.counter('000001000099', 'b');
    const a = await w.counter('000001000050', 'a');
    const before = w.card.snapshot();
    const rec = await paid(b, 3_000);
    w.card.setFault('lose-answer-after-commit');
    await rejects(b.engine.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    w.reinsert();
    const credits = w.count('8052');
    const done = await a.engine.adoptHostOrder(rec.orderId ?? '', 'op2');
    expect(done.state).toBe('VERIFIED');
    expect(w.count('8052')).toBe(credits);
    expect(w.card.snapshot().balanceFen).toBe(before.balanceFen + 3_000);
    expect(w.sim.order(rec.orderId ?? '').status).toBe('LOADED');
    expect(a.engine.events(rec.id).some((e) => e.data.step === 'decision' && e.data.via === 'foreign')).toBe(true);
  });

  it('not on the card (torn there): the host gives a fresh MAC2 at the same serial and it loads once', async () => {
    w = await MoneyWorld.create();
    const b = await w.counter('000001000099', 'b');
    const a = await w.counter('000001000050', 'a');
    const before = w.card.snapshot();
    const rec = await paid(b, 3_000);
    w.card.setFault('tear-before-commit');
    await rejects(b.engine.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    w.reinsert();
    const done = await a.engine.adoptHostOrder(rec.orderId ?? '', 'op2');
    expect(done.state).toBe('VERIFIED');
    expect(w.card.snapshot()).toMatchObject({ balanceFen: before.balanceFen + 3_000, onlineSerial: before.onlineSerial + 1 });
  });
});
