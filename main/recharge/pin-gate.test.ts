import { afterEach, describe, expect, it } from 'vitest';
import { openCounterBook } from '../journal/counter-book';
import { SqliteJournal } from '../journal/sqlite-journal';
import { scratchDir } from '../journal/test-support';
import { RechargeEngine } from './engine';
import { rejection } from './testing/expect';
import { FakeCard } from './testing/fake-card';
import { FakeHost } from './testing/fake-host';
import { FakeClock, rig, TERMINAL } from './testing/rig';

/**
 * The customer's PIN is never burned (main/recharge/pin-gate.ts): after one wrong-PIN answer no VERIFY
 * reaches that card again unless the operator typed the customer's PIN, a restart included; a blocked PIN
 * is told clearly and nothing else changes.
 */
const CUSTOMER_PIN = '909090';

describe('VERIFY after a wrong PIN (over the fakes)', () => {
  it('after 63C2 no further VERIFY reaches the card without the operator; the recharge stays PAID', async () => {
    const r = rig({ pin: CUSTOMER_PIN });
    const rec = await r.paid();
    const e = await rejection(r.load(rec.id), 'CARD_PIN_REQUIRED');
    expect(e.params).toEqual({ triesLeft: 2 });
    expect(e.message).toContain('还可尝试 2 次');
    expect(r.card.verifies).toEqual(['123456/bcd']);
    expect(r.card.state.pinTries).toBe(2);
    expect(r.now(rec.id).state).toBe('PAID');

    // The operator (or resume) tries again without the customer's PIN: nothing reaches the card.
    r.mark();
    await rejection(r.resume(rec.id), 'CARD_PIN_REQUIRED');
    await rejection(r.load(rec.id), 'CARD_PIN_REQUIRED');
    expect(r.card.verifies).toEqual([]);
    expect(r.timeline.filter((l) => l.startsWith('card.INIT'))).toEqual([]);
    expect(r.card.state.pinTries).toBe(2);
    expect(r.now(rec.id).state).toBe('PAID');
  });

  it('a PIN the operator typed is tried once; wrong → CARD_PIN_WRONG with the tries left; right → the load goes on', async () => {
    const r = rig({ pin: CUSTOMER_PIN });
    const rec = await r.paid();
    await rejection(r.load(rec.id), 'CARD_PIN_REQUIRED');
    r.mark();
    const wrong = await rejection(r.typed('111111', () => r.load(rec.id)), 'CARD_PIN_WRONG');
    expect(wrong.params.triesLeft).toBe(1);
    expect(r.card.verifies).toEqual(['111111/bcd']);
    expect(r.pinHolds.hold(r.card.state.cardNo)).toEqual({ triesLeft: 1, blocked: false });
    r.mark();
    const done = await r.typed(CUSTOMER_PIN, () => r.load(rec.id));
    expect(done.state).toBe('VERIFIED');
    expect(r.card.verifies).toEqual([`${CUSTOMER_PIN}/bcd`]);
    // Right once, still never the default PIN again: the next recharge on this card asks again.
    expect(r.pinHolds.hold(r.card.state.cardNo)).toEqual({ triesLeft: null, blocked: false });
    const next = await r.paid(500);
    r.mark();
    await rejection(r.load(next.id), 'CARD_PIN_REQUIRED');
    expect(r.card.verifies).toEqual([]);
  });

  it('the probe of an interrupted load goes through the same gate: no VERIFY without the operator', async () => {
    const r = rig({ pin: CUSTOMER_PIN });
    const rec = await r.paid();
    await rejection(r.load(rec.id), 'CARD_PIN_REQUIRED');
    const ok = await r.typed(CUSTOMER_PIN, async () => {
      r.card.creditFault = 'pull-after-commit';
      return r.load(rec.id).catch(() => r.now(rec.id));
    });
    expect(ok.state).toBe('AUTHORIZED');
    r.card.insert();
    r.mark();
    await rejection(r.resume(rec.id), 'CARD_PIN_REQUIRED');
    expect(r.card.verifies).toEqual([]);
    expect(r.now(rec.id).state).toBe('AUTHORIZED');
    const done = await r.typed(CUSTOMER_PIN, () => r.resume(rec.id));
    expect(done.state).toBe('VERIFIED');
    expect(r.card.credits).toHaveLength(1);
  });

  it('a blocked PIN (6983): a clear message, no VERIFY ever after, not even with a typed PIN; the recharge unchanged', async () => {
    const r = rig({ pin: CUSTOMER_PIN, pinTries: 0 });
    const rec = await r.paid();
    const e = await rejection(r.load(rec.id), 'CARD_PIN_BLOCKED');
    expect(e.message).toContain('卡片密码已锁定');
    expect(r.card.verifies).toEqual(['123456/bcd']);
    r.mark();
    await rejection(r.typed(CUSTOMER_PIN, () => r.load(rec.id)), 'CARD_PIN_BLOCKED');
    expect(r.card.verifies).toEqual([]);
    expect(r.journal.states(rec.id)).toEqual(['READ', 'READ', 'ORDERED', 'PAID']); // READ twice: opened, the order's intent
  });

  it('the last try used by a wrong typed PIN (63C0) is blocked from then on', async () => {
    const r = rig({ pin: CUSTOMER_PIN, pinTries: 2 });
    const rec = await r.paid();
    await rejection(r.load(rec.id), 'CARD_PIN_REQUIRED'); // default PIN: 1 left
    await rejection(r.typed('222222', () => r.load(rec.id)), 'CARD_PIN_BLOCKED'); // typed, wrong: 0 left
    r.mark();
    await rejection(r.typed(CUSTOMER_PIN, () => r.load(rec.id)), 'CARD_PIN_BLOCKED');
    expect(r.card.verifies).toEqual([]);
  });
});

describe('the hold survives a restart (journal migration 6)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => { for (const c of cleanups.splice(0)) c(); });

  it('a new engine over the same journal sends no VERIFY to the card that refused the default PIN', async () => {
    const dir = scratchDir();
    const timeline: string[] = [];
    const clock = new FakeClock();
    const card = new FakeCard(timeline, { pin: CUSTOMER_PIN });
    const host = new FakeHost(timeline, () => clock.now());
    const start = () => {
      const journal = SqliteJournal.open(dir.file('journal.db'), { now: () => clock.now() });
      const book = openCounterBook(dir.file('journal.db'), () => clock.now());
      const engine = new RechargeEngine({
        card, host, journal, clock, terminalId: TERMINAL, training: false, pin: '123456', pinEncoding: 'bcd', cardMaxBalance: () => 500_000,
        loadRefusal: () => null, pinHolds: book.pins,
      });
      return { engine, close: () => { book.close(); journal.close(); } };
    };
    const first = start();
    const rec = await first.engine.start({ amountFen: 1_000, channel: 'wechat', operatorId: 'op1' });
    host.pay(rec.orderId ?? '');
    await first.engine.checkPayment(rec.id);
    await rejection(first.engine.load(rec.id), 'CARD_PIN_REQUIRED');
    first.close();

    const second = start();
    cleanups.push(() => { second.close(); dir.remove(); });
    timeline.length = 0;
    const e = await rejection(second.engine.resume(rec.id), 'CARD_PIN_REQUIRED');
    expect(e.params).toEqual({ triesLeft: 2 });
    expect(card.verifies).toEqual([]);
    expect(second.engine.pinHold(card.state.cardNo)).toMatchObject({ triesLeft: 2, blocked: false });
    expect((await second.engine.resume(rec.id, { pin: CUSTOMER_PIN })).state).toBe('VERIFIED');
    expect(card.verifies).toEqual([`${CUSTOMER_PIN}/bcd`]);
  });
});
