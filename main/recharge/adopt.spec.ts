import { describe, expect, it } from 'vitest';
import { rejection } from './testing/expect';
import { rig, type Rig } from './testing/rig';
import { twinId } from './resume';

/**
 * 圈存 of a host order (docs/architecture.md §3a): another terminal's live authorization is decided from the
 * card (its load found → confirmed with the card's proof; proven absent → `/unloaded`, then our fresh INIT;
 * unclear → NEEDS_ADMIN), and a local twin this journal cancelled is handled with a clear outcome.
 */
const CARD = '62010000000000000001';
const FOREIGN = 'f0000000-0000-4000-8000-000000000001';
const OTHER_TERMINAL = '000001000099';
/** A toll purchase a month before the payment: the card's 0018 log reaches back before it. */
const OLD_PURCHASE = { serial: 3, overdraftFen: 0, amountFen: 1_250, type: 0x06, terminalId: '110101000001', at: '2025-02-01T10:00:00' };

function foreignOrder(r: Rig, amountFen = 777) {
  return r.host.foreignPaidOrder({ clientOrderId: FOREIGN, cardNo: CARD, amountFen, terminalId: OTHER_TERMINAL });
}

describe('圈存 of an order another terminal holds a live authorization for', () => {
  it('card still at that serial: the host gives us a new MAC2 (its INIT voided the old one) and it loads once', async () => {
    const r = rig();
    const order = foreignOrder(r);
    r.host.foreignAuthorize(order.orderId, r.card.state.onlineSerial);
    const done = await r.resume.adoptHostOrder(order.orderId, 'op1');
    expect(done).toMatchObject({ state: 'VERIFIED', balanceAfterFen: 10_777 });
    expect(r.card.credits).toHaveLength(1);
  });

  it('the other terminal\'s load is on the card (never confirmed): confirmed with the card\'s TAC, no CREDIT from us', async () => {
    const r = rig();
    const order = foreignOrder(r);
    const serial = r.card.loadedElsewhere(777, '2025-03-01T12:10:00', OTHER_TERMINAL);
    r.host.foreignAuthorize(order.orderId, serial);
    r.mark();
    const done = await r.resume.adoptHostOrder(order.orderId, 'op1');
    expect(done).toMatchObject({ state: 'VERIFIED', balanceAfterFen: null });
    expect(r.card.credits).toEqual([]);
    expect(r.host.confirmed).toEqual([{ onlineSerial: serial, newBalanceFen: 10_777, tac: `TAC0000${serial}`, evidence: null }]);
    expect(r.journal.states(FOREIGN)).toEqual(['READ', 'ORDERED', 'PAID', 'INIT', 'INIT', 'CONFIRMED', 'VERIFIED']);
    expect(r.journal.events(FOREIGN)[4]?.data).toMatchObject({ foreignAuthorization: true, verdict: 'LOADED' });
    expect(r.host.order(order.orderId).status).toBe('LOADED');
    // The confirmation was journaled before the host heard it.
    expect(r.timeline.indexOf('journal.CONFIRMED')).toBeGreaterThan(r.timeline.indexOf(`host.confirm ${order.orderId}`));
    expect(r.timeline.lastIndexOf('journal.INIT')).toBeLessThan(r.timeline.indexOf(`host.confirm ${order.orderId}`));
  });

  it('a card without GET TRANSACTION PROVE: confirmed with the card evidence instead', async () => {
    const r = rig({ proves: false });
    const order = foreignOrder(r);
    const serial = r.card.loadedElsewhere(777, '2025-03-01T12:10:00', OTHER_TERMINAL);
    r.host.foreignAuthorize(order.orderId, serial);
    await r.resume.adoptHostOrder(order.orderId, 'op1');
    expect(r.host.confirmed).toEqual([{
      onlineSerial: serial, newBalanceFen: 10_777, tac: null,
      evidence: { balanceFen: 10_777, onlineSerial: serial + 1, loadRecord: { serial, amountFen: 777, terminalId: OTHER_TERMINAL, at: '2025-03-01T12:10:00' } },
    }]);
  });

  it('the card moved on without that load (another amount, a log reaching back before the payment): /unloaded, then our fresh INIT', async () => {
    const r = rig({ log: [OLD_PURCHASE] });
    const order = foreignOrder(r);
    const serial = r.card.loadedElsewhere(500, '2025-03-01T12:20:00', '000001000077'); // somebody else's 5.00 load
    r.host.foreignAuthorize(order.orderId, serial);
    const done = await r.resume.adoptHostOrder(order.orderId, 'op1');
    expect(done.state).toBe('VERIFIED');
    expect(r.journal.states(FOREIGN)).toEqual(['READ', 'ORDERED', 'PAID', 'INIT', 'UNLOADED', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']);
    expect(r.host.unloaded).toEqual([{ evidence: { balanceFen: 10_500, onlineSerial: serial + 1, loadRecord: null } }]);
    expect(r.card.credits).toHaveLength(1);
    expect(r.card.state.balanceFen).toBe(10_500 + 777);
  });

  it('a card log that does not reach back to the payment cannot tell: NEEDS_ADMIN, nothing written, the host untouched', async () => {
    const r = rig();
    const order = foreignOrder(r);
    const serial = r.card.loadedElsewhere(500, '2025-03-01T12:20:00', '000001000077');
    r.host.foreignAuthorize(order.orderId, serial);
    const done = await r.resume.adoptHostOrder(order.orderId, 'op1');
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_FOREIGN_AUTH_UNCLEAR' });
    expect(r.card.credits).toEqual([]);
    expect(r.host.unloaded).toEqual([]);
    expect(r.host.order(order.orderId).status).toBe('PAID');
  });
});

describe('圈存 of an order whose local twin this journal cancelled', () => {
  async function cancelledTwin(r: Rig) {
    const rec = await r.ordered(1_500);
    const cancelled = await r.payment.cancel(rec);
    expect(cancelled.state).toBe('CANCELLED');
    return cancelled;
  }

  it('the host took the payment after all: adopted as a new recharge (its own id, the twin named) and loaded; again: the same one', async () => {
    const r = rig();
    const twin = await cancelledTwin(r);
    const orderId = twin.orderId ?? '';
    r.host.pay(orderId);
    const done = await r.resume.adoptHostOrder(orderId, 'op2');
    expect(done).toMatchObject({ id: twinId(orderId), state: 'VERIFIED', orderId, amountFen: 1_500, error: 'RECHARGE_ADOPTED_AFTER_CANCEL' });
    expect(r.journal.events(done.id)[0]?.data).toMatchObject({ adoptedFrom: { orderId, cancelledTwin: twin.id } });
    expect(r.journal.get(twin.id).state).toBe('CANCELLED');
    r.mark();
    expect((await r.resume.adoptHostOrder(orderId, 'op2')).id).toBe(done.id);
    expect(r.card.credits).toHaveLength(1);
  });

  it.each([
    ['REFUNDED', 'RECHARGE_TWIN_CANCELLED_REFUNDED'], ['LOADED', 'RECHARGE_TWIN_CANCELLED_LOADED'], ['CLOSED', 'RECHARGE_HOST_ORDER_NOT_LOADABLE'],
  ] as const)('the host says %s: refused with %s, nothing journaled, the card not touched', async (status, code) => {
    const r = rig();
    const twin = await cancelledTwin(r);
    const orderId = twin.orderId ?? '';
    if (status === 'REFUNDED') { r.host.pay(orderId); r.host.refund(orderId, 'REFUNDED'); } else r.host.setStatus(orderId, status);
    r.mark();
    const e = await rejection(r.resume.adoptHostOrder(orderId, 'op1'), code);
    // The recharge is named for support in English (e.params.id), never by its UUID in the words staff read.
    if (code !== 'RECHARGE_HOST_ORDER_NOT_LOADABLE') expect([e.message.includes(twin.id), e.english.includes(twin.id)]).toEqual([false, true]);
    expect(r.timeline.filter((l) => !l.startsWith('host.getOrder'))).toEqual([]);
    expect(r.journal.find(twinId(orderId))).toBeNull();
  });

  it('a host-only order that is refunded is refused before the card is read', async () => {
    const r = rig();
    const order = foreignOrder(r);
    r.host.refund(order.orderId, 'REFUNDING');
    r.mark();
    await rejection(r.resume.adoptHostOrder(order.orderId, 'op1'), 'RECHARGE_HOST_ORDER_REFUNDED');
    expect(r.timeline).toEqual([`host.getOrder ${order.orderId}`]);
  });
});

describe('a closed day (日结) takes nothing new', () => {
  it('refuses a new recharge and an adoption dated a closed day, and journals nothing; open again, both work', async () => {
    const r = rig({}, { closedDays: new Set(['2025-03-01']) });
    r.clock.set('2025-03-01T04:00:00Z');
    const order = foreignOrder(r);
    r.mark();
    const e = await rejection(r.ordered(), 'DAY_CLOSED');
    expect(e.message).toContain('2025-03-01');
    await rejection(r.resume.adoptHostOrder(order.orderId, 'op1'), 'DAY_CLOSED');
    expect(r.timeline.filter((l) => l.startsWith('journal.') || l.startsWith('card.'))).toEqual([]);
    r.closedDays.clear();
    expect((await r.resume.adoptHostOrder(order.orderId, 'op1')).state).toBe('VERIFIED');
    expect((await r.ordered()).state).toBe('ORDERED');
  });
});
