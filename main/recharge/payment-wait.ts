import { AppError, isAppError } from '../../contract/errors';
import { MAX_ORDER_WAIT_MS, type HostOrder } from '../../contract/host-api';
import type { RechargeRecord } from '../../contract/recharge';
import type { Clock } from '../clock';
import type { HostLink } from '../host/port';

/** How long one long poll asks the host to hold (docs/architecture.md §3b); the host holds at most MAX_ORDER_WAIT_MS. */
export const LONG_POLL_MS = 25_000;
const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 5000;

export interface PaymentWaitPorts {
  host: Pick<HostLink, 'getOrder'>;
  clock: Pick<Clock, 'now' | 'sleep'>;
  /** The recharge as journaled now. */
  current(id: string): RechargeRecord;
  /** Journals what an order's status means for an ORDERED recharge (Payment.refreshPayment), in the engine's queue. */
  apply(id: string, order: HostOrder): Promise<RechargeRecord>;
}

/**
 * Waits until an ORDERED recharge is paid, closed or expired, or `signal` aborts (then
 * RECHARGE_PAYMENT_WAIT_ABORTED). With `longPollMs` > 0 it holds one long poll open at a time
 * (`GET /v1/orders/{id}?waitMs=…&unless=AWAITING_PAYMENT`), so a payment is seen the moment the host
 * records it; a host that answers "still awaiting" before the wait is over (it does not hold long polls)
 * and a host that cannot be reached are asked again after a pause of 1 s growing to 5 s — which, with
 * `longPollMs` 0, is all it does: the polling of a host without long polls.
 */
export async function waitForPayment(ports: PaymentWaitPorts, id: string, longPollMs: number, signal?: AbortSignal): Promise<RechargeRecord> {
  let pause = POLL_FIRST_MS;
  const rest = async (): Promise<void> => {
    await ports.clock.sleep(pause, signal);
    pause = Math.min(POLL_MAX_MS, Math.round(pause * 1.5));
  };
  for (;;) {
    const rec = ports.current(id);
    if (rec.state !== 'ORDERED' || !rec.orderId) return rec;
    if (signal?.aborted) throw new AppError('RECHARGE_PAYMENT_WAIT_ABORTED');
    const waitMs = holdFor(rec, longPollMs, ports.clock.now().getTime());
    const asked = ports.clock.now().getTime();
    let order: HostOrder;
    try {
      order = await ports.host.getOrder(rec.orderId, waitMs > 0 ? { waitMs, unless: 'AWAITING_PAYMENT', signal } : { signal });
    } catch (e) {
      if (signal?.aborted || isAppError(e, 'HOST_REQUEST_CANCELLED')) throw new AppError('RECHARGE_PAYMENT_WAIT_ABORTED', {}, { cause: e });
      if (!isAppError(e) || !e.code.startsWith('HOST_') || isAppError(e, 'HOST_REJECTED')) throw e;
      await rest(); // the host is down or slow: ask again shortly, as long as the operator waits
      continue;
    }
    let after: RechargeRecord;
    try {
      after = await ports.apply(id, order);
    } catch (e) {
      // An expired order the customer paid at the last moment cannot be closed: it is PAID now, and that is the answer.
      if (isAppError(e, 'RECHARGE_ALREADY_PAID')) return ports.current(id);
      throw e;
    }
    if (after.state !== 'ORDERED') return after;
    const held = ports.clock.now().getTime() - asked;
    if (waitMs === 0 || held < waitMs / 2) await rest();
    else pause = POLL_FIRST_MS;
  }
}

/** The wait to ask for: the long poll, cut to a second past the order's expiry so that the close is seen then. */
function holdFor(rec: RechargeRecord, longPollMs: number, now: number): number {
  if (longPollMs <= 0) return 0;
  const untilExpiry = rec.orderExpiresAt ? Date.parse(rec.orderExpiresAt) - now + 1000 : longPollMs;
  return Math.max(0, Math.min(longPollMs, MAX_ORDER_WAIT_MS, Math.round(untilExpiry)));
}
