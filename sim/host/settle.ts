import { tradeNo } from './channels';
import type { HostContext } from './context';
import type { OrderRow } from './store';

/**
 * What happens to an order with time or by the channel's word, checked on every access so an injected
 * clock drives it: an unpaid order expires (the channel closes the trade); a payment-code payment the
 * customer is confirming completes after its polls or its time.
 */

/** Closes orders whose payment window has passed (CLOSED / TRADE_CLOSED). */
export function expireOrders(ctx: HostContext): void {
  const nowIso = ctx.now().toISOString();
  for (const o of ctx.store.ordersIn(['AWAITING_PAYMENT'])) {
    if (o.expiresAt <= nowIso) {
      ctx.store.updateOrder(o.orderId, { status: 'CLOSED', userPaying: 0 });
      ctx.store.addEvent(o.orderId, nowIso, 'expired');
    }
  }
}

/** The channel reports the payment complete: PAID with the channel's trade number. Returns the new row. */
export function markPaid(ctx: HostContext, row: OrderRow, data: Record<string, unknown> = {}): OrderRow {
  const now = ctx.now();
  const patch = { status: 'PAID' as const, tradeNo: tradeNo(row.channel, now), paidAt: now.toISOString(), userPaying: 0, payPollsLeft: null, payDueAt: null };
  ctx.store.updateOrder(row.orderId, patch);
  ctx.store.addEvent(row.orderId, patch.paidAt, 'paid', { tradeNo: patch.tradeNo, ...data });
  return { ...row, ...patch };
}

/**
 * A payment the customer is confirming on the phone: one read of the order (`poll`) uses up one of its
 * polls; it completes when none is left or its time has come.
 */
export function settleWaiting(ctx: HostContext, row: OrderRow, poll: boolean): OrderRow {
  if (row.status !== 'AWAITING_PAYMENT' || row.userPaying !== 1) return row;
  let left = row.payPollsLeft;
  if (poll && left !== null && left > 0) {
    left -= 1;
    ctx.store.updateOrder(row.orderId, { payPollsLeft: left });
  }
  const timeUp = row.payDueAt !== null && row.payDueAt <= ctx.now().toISOString();
  if (left === 0 || timeUp) return markPaid(ctx, row, { via: 'micropay', authCode: row.authCode });
  return { ...row, payPollsLeft: left };
}
