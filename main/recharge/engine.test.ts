import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import { t as t_ } from '../../contract/i18n';
import type { RechargeRecord } from '../../contract/recharge';
import { SqliteJournal } from '../journal/sqlite-journal';
import { scratchDir } from '../journal/test-support';
import { RechargeEngine, type EngineOptions } from './engine';
import { rejection } from './testing/expect';
import { FakeCard } from './testing/fake-card';
import { FakeHost } from './testing/fake-host';
import { FakeClock, TERMINAL } from './testing/rig';

/** The engine as the composition root builds it, over the real journal (on a scratch file) and fake card and host. */
function engine(over: Partial<EngineOptions> = {}) {
  const dir = scratchDir();
  const timeline: string[] = [];
  const clock = new FakeClock();
  const card = new FakeCard(timeline);
  const host = new FakeHost(timeline, () => clock.now());
  const journal = SqliteJournal.open(dir.file('journal.db'), { now: () => clock.now() });
  const todays: string[] = [];
  let ids = 0;
  const e = new RechargeEngine({
    card, host, journal, clock, terminalId: TERMINAL, training: false, pin: '313233', pinEncoding: 'ascii',
    cardMaxBalance: () => 500_000, loadRefusal: (_c: unknown, today: string) => { todays.push(today); return null; },
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, ...over,
  });
  cleanups.push(() => { journal.close(); dir.remove(); });
  const paid = async (amountFen = 2_000): Promise<RechargeRecord> => {
    const rec = await e.start({ amountFen, channel: 'alipay', operatorId: 'op1' });
    host.pay(rec.orderId ?? '');
    return e.checkPayment(rec.id);
  };
  return { e, timeline, clock, card, host, journal, todays, paid };
}

const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

describe('RechargeEngine', () => {
  it('takes a recharge from the card read to VERIFIED and journals every step', async () => {
    const t = engine();
    const rec = await t.paid(2_000);
    const done = await t.e.load(rec.id);
    expect(done).toMatchObject({ state: 'VERIFIED', balanceAfterFen: 12_000, channel: 'alipay', id: '00000000-0000-4000-8000-000000000001' });
    // Each intent is journaled in the state it leaves from: the order's at READ, INIT's at PAID.
    expect(t.e.events(rec.id).map((ev) => ev.state)).toEqual(['READ', 'READ', 'ORDERED', 'PAID', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']);
    expect(t.e.events(rec.id).filter((ev) => ev.data.step === 'intent').map((ev) => ev.data.step === 'intent' && ev.data.action)).toEqual(['create-order', 'init']);
    expect(t.e.get(rec.id)).toEqual(done);
    expect(t.e.pending()).toEqual([]);
    expect(t.timeline).toContain('card.VERIFY 313233/ascii');
    expect(t.timeline).toContain('card.INIT 2000 key 1'); // the default load key
  });

  it('passes the load key it is given to INITIALIZE FOR LOAD', async () => {
    const t = engine({ loadKeys: { tdes: 2, sm4: 0x41 } });
    await t.e.load((await t.paid()).id);
    expect(t.timeline).toContain('card.INIT 2000 key 2');
  });

  it('loads a dual-algorithm card (version 5x) with its SM4 key and tells the host and the journal the versions', async () => {
    const t = engine();
    t.card.state.cardVersion = 0x50;
    const done = await t.e.load((await t.paid()).id);
    expect(done).toMatchObject({ state: 'VERIFIED', cardVersion: 0x50, keyVersion: 2, algId: 4 });
    expect(t.timeline).toContain('card.INIT 2000 key 65');
    expect(t.host.authorized[0]?.req).toMatchObject({ cardVersion: 0x50, keyVersion: 2, algId: 4 });
    expect(t.e.events(done.id).find((ev) => ev.state === 'INIT')?.data).toMatchObject({ keyIndex: 0x41, cardVersion: 0x50, algId: 4 });
  });

  it('a configured SM4 key index is what a version-5x card is loaded with', async () => {
    const t = engine({ loadKeys: { tdes: 1, sm4: 0x42 } });
    t.card.state.cardVersion = 0x5f;
    await t.e.load((await t.paid()).id).catch(() => undefined);
    expect(t.timeline).toContain('card.INIT 2000 key 66');
  });

  it('one card operation at a time: a second one starts only when the first has finished', async () => {
    const t = engine();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const read = t.card.read.bind(t.card);
    let reads = 0;
    t.card.read = async () => { reads++; if (reads === 1) await gate; return read(); };
    const first = t.e.readCard();
    const second = t.e.readCard();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(reads).toBe(2);
    expect(t.timeline).toEqual([
      'card.READ', `host.checkCard ${t.card.state.cardNo}`, 'card.READ', `host.checkCard ${t.card.state.cardNo}`,
    ]);
  });

  it('an operation that fails does not hold up the next one', async () => {
    const t = engine();
    t.card.failNext.read = [new AppError('CARD_ABSENT')];
    const failed = t.e.readCard();
    const next = t.e.readCard();
    await rejection(failed, 'CARD_ABSENT');
    expect((await next).card.cardNo).toBe(t.card.state.cardNo);
  });

  it('busy() is true while a load holds the card (CREDIT included), never while paying, and not after a failed load', async () => {
    const t = engine();
    const busyAt: boolean[] = [];
    t.e.onChange(() => busyAt.push(t.e.busy()));
    const rec = await t.paid();
    let during: boolean | null = null;
    t.card.duringCredit = () => { during = t.e.busy(); };
    expect(t.e.busy()).toBe(false);
    await t.e.load(rec.id);
    expect(during).toBe(true);
    // READ, the order's intent, ORDERED, PAID: no card session; INIT's intent … VERIFIED: the card is in use.
    expect(busyAt).toEqual([false, false, false, false, true, true, true, true, true, true]);
    expect(t.e.busy()).toBe(false);

    const again = await t.paid();
    t.card.creditFault = 'pull-before-commit';
    await rejection(t.e.load(again.id), 'RECHARGE_WRITE_UNKNOWN');
    expect(t.e.busy()).toBe(false);
  });

  it('tells its listeners every journaled step in order; a listener that throws does not break the load', async () => {
    const t = engine();
    const heard: string[] = [];
    t.e.onChange(() => { throw new Error('listener bug'); });
    const off = t.e.onChange((r) => heard.push(r.state));
    const rec = await t.paid();
    await t.e.load(rec.id);
    expect(heard).toEqual(['READ', 'READ', 'ORDERED', 'PAID', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']);
    off();
    await t.e.cancel((await t.e.start({ amountFen: 100, channel: 'wechat', operatorId: 'op1' })).id);
    expect(heard).toHaveLength(10);
  });

  it('refuses to load a recharge not paid yet (RECHARGE_WRONG_STATE, the state in words) or not in the journal (RECHARGE_NOT_FOUND)', async () => {
    const t = engine();
    const rec = await t.e.start({ amountFen: 100, channel: 'wechat', operatorId: 'op1' });
    const e = await rejection(t.e.load(rec.id), 'RECHARGE_WRONG_STATE');
    expect(e.params).toEqual({ state: t_('UI_STATE_ORDERED') }); // the state in the operator's words
    expect(t.e.get(rec.id)?.state).toBe('ORDERED');
    await rejection(t.e.load('no-such-id'), 'RECHARGE_NOT_FOUND');
    await rejection(t.e.resume('no-such-id'), 'RECHARGE_NOT_FOUND');
    await rejection(t.e.cancel('no-such-id'), 'RECHARGE_NOT_FOUND');
    await rejection(t.e.checkPayment('no-such-id'), 'RECHARGE_NOT_FOUND');
    expect(t.timeline.filter((l) => l.startsWith('card.INIT'))).toEqual([]);
  });

  it('waitForPayment: the waits between checks leave the engine free for other operations', async () => {
    const t = engine();
    const rec = await t.e.start({ amountFen: 100, channel: 'wechat', operatorId: 'op1' });
    const order: string[] = [];
    t.clock.onSleep = () => {
      if (t.clock.sleeps.length === 1) void t.e.readCard().then(() => order.push('card read'));
      if (t.clock.sleeps.length === 2) t.host.pay(rec.orderId ?? '');
    };
    const paid = await t.e.waitForPayment(rec.id);
    order.push('paid');
    expect(paid.state).toBe('PAID');
    expect(order).toEqual(['card read', 'paid']);
    expect(t.clock.sleeps).toEqual([1000, 1500]);
  });

  it("judges a card's validity on the business (Beijing) date of the clock's instant, whatever this computer's zone", async () => {
    const t = engine();
    t.clock.set('2025-06-30T23:30:00Z'); // 07:30 on 1 July in Beijing
    await t.e.readCard();
    expect(t.todays).toEqual(['2025-07-01']);
  });

  it('keeps an interrupted load pending, and resume finishes it from the card', async () => {
    const t = engine();
    const rec = await t.paid();
    t.card.creditFault = 'pull-after-commit';
    await rejection(t.e.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    expect(t.e.pending().map((p) => [p.id, p.state])).toEqual([[rec.id, 'AUTHORIZED']]);
    t.card.insert();
    expect((await t.e.resume(rec.id)).state).toBe('VERIFIED');
    expect(t.card.credits).toEqual(['MAC2-1']);
    expect(t.e.pending()).toEqual([]);
  });

  it('adoptHostOrder loads a paid order from elsewhere through the same journal', async () => {
    const t = engine();
    const order = t.host.foreignPaidOrder({ clientOrderId: 'f0000000-0000-4000-8000-000000000001', cardNo: t.card.state.cardNo, amountFen: 777 });
    const done = await t.e.adoptHostOrder(order.orderId, 'op1');
    expect(done.state).toBe('VERIFIED');
    expect(t.e.get('f0000000-0000-4000-8000-000000000001')?.orderId).toBe(order.orderId);
  });
});
