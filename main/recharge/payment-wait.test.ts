import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import type { HostOrder } from '../../contract/host-api';
import type { OrderWait } from '../host/port';
import { rejection } from './testing/expect';
import { rig, type Rig } from './testing/rig';

/** The engine's wait (engine.waitForPayment → payment-wait.ts): what each answer means is the machine's `check` input. */
const LONG_POLL = { longPollMs: 25_000 };

/**
 * Makes the rig's host hold a long poll: while the order is still `unless`, the clock moves on by the wait and it
 * answers then. Only the waits are recorded (not on the timeline).
 */
function holdingHost(r: Rig, onHold: (n: number) => void) {
  const waits: OrderWait[] = [];
  let holds = 0;
  r.host.getOrder = async (orderId: string, wait: OrderWait = {}): Promise<HostOrder> => {
    waits.push({ waitMs: wait.waitMs, unless: wait.unless });
    let o = r.host.order(orderId);
    if (wait.waitMs && o.status === wait.unless) {
      holds += 1;
      onHold(holds); // something may happen during the wait (the customer pays)
      o = r.host.order(orderId);
      if (o.status === wait.unless) r.clock.set(new Date(r.clock.now().getTime() + wait.waitMs).toISOString());
    }
    return Promise.resolve(o);
  };
  return { waits };
}

describe('waitForPayment (the long poll; each answer is a `check` input)', () => {
  it('holds one long poll at a time and sees the payment as soon as the host answers — no sleeps in between', async () => {
    const r = rig({}, LONG_POLL);
    const rec = await r.ordered();
    const host = holdingHost(r, (n) => { if (n === 3) r.host.pay('ORD1'); });
    const done = await r.engine.waitForPayment(rec.id);
    expect(done.state).toBe('PAID');
    expect(host.waits).toEqual([
      { waitMs: 25_000, unless: 'AWAITING_PAYMENT' }, { waitMs: 25_000, unless: 'AWAITING_PAYMENT' }, { waitMs: 25_000, unless: 'AWAITING_PAYMENT' },
    ]);
    expect(r.clock.sleeps).toEqual([]);
  });

  it('a host that answers "awaiting" at once (it does not hold) is asked again after 1 s growing to 5 s', async () => {
    const r = rig({}, LONG_POLL);
    const rec = await r.ordered();
    r.clock.onSleep = () => { if (r.clock.sleeps.length === 7) r.host.pay('ORD1'); };
    const done = await r.engine.waitForPayment(rec.id);
    expect(done.state).toBe('PAID');
    expect(r.clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it('with longPollMs 0 it only polls, with the same backoff (a host without long polls)', async () => {
    const r = rig();
    const rec = await r.ordered();
    r.clock.onSleep = () => { if (r.clock.sleeps.length === 2) r.host.pay('ORD1'); };
    expect((await r.engine.waitForPayment(rec.id)).state).toBe('PAID'); // the rig's longPollMs is 0
    expect(r.timeline.filter((l) => l.startsWith('host.getOrder'))).toEqual(['host.getOrder ORD1', 'host.getOrder ORD1', 'host.getOrder ORD1']);
  });

  it('a host that cannot be reached is asked again after a pause, for as long as the wait lasts', async () => {
    const r = rig({}, LONG_POLL);
    const rec = await r.ordered();
    r.host.failNext.getOrder = [new AppError('HOST_UNREACHABLE'), new AppError('HOST_TIMEOUT')];
    r.host.pay('ORD1');
    expect((await r.engine.waitForPayment(rec.id)).state).toBe('PAID');
    expect(r.clock.sleeps).toEqual([1000, 1500]);
  });

  it('a refusal is not retried; the abort of the signal ends the wait (RECHARGE_PAYMENT_WAIT_ABORTED), the order stays open', async () => {
    const r = rig({}, LONG_POLL);
    const rec = await r.ordered();
    r.host.failNext.getOrder = [new AppError('HOST_REJECTED', { hostCode: 'ORDER_NOT_FOUND' })];
    await rejection(r.engine.waitForPayment(rec.id), 'HOST_REJECTED');
    const abort = new AbortController();
    r.clock.onSleep = () => abort.abort();
    await rejection(r.engine.waitForPayment(rec.id, { signal: abort.signal }), 'RECHARGE_PAYMENT_WAIT_ABORTED');
    expect(r.now(rec.id).state).toBe('ORDERED');
    expect(r.host.order('ORD1').status).toBe('AWAITING_PAYMENT');
  });

  it('asks for no longer than until a second after the order expires, and then closes it → CANCELLED', async () => {
    const r = rig({}, LONG_POLL);
    const rec = await r.ordered();
    const expiresIn = Date.parse(rec.orderExpiresAt ?? '') - r.clock.now().getTime();
    r.clock.set(new Date(r.clock.now().getTime() + expiresIn - 10_000).toISOString()); // 10 s left
    const host = holdingHost(r, () => undefined);
    const done = await r.engine.waitForPayment(rec.id);
    expect(done.state).toBe('CANCELLED');
    expect(host.waits[0]).toEqual({ waitMs: 11_000, unless: 'AWAITING_PAYMENT' });
    expect(r.host.order('ORD1').status).toBe('CLOSED');
  });

  it('a recharge no longer ORDERED is answered as it is, without asking the host', async () => {
    const r = rig({}, LONG_POLL);
    const paid = await r.paid();
    r.mark();
    expect((await r.engine.waitForPayment(paid.id)).state).toBe('PAID');
    expect(r.timeline).toEqual([]);
  });
});
