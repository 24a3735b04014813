import { beijing } from './clock';
import type { HostContext } from './context';
import { badRequest, notFound } from './errors';
import { runRefunds } from './refunds';
import { expireOrders, settleWaiting } from './settle';
import type { OrderRow } from './store';

/**
 * Brings the host's books up to date before any answer: the refund job of today (when the host runs it
 * by itself), expired orders, and payments the customer confirmed meanwhile.
 */
export function catchUp(ctx: HostContext): void {
  if (ctx.config.autoRefunds) {
    // Once per day, as a nightly job runs: what changes later in the day waits for the next day's run.
    const today = beijing(ctx.now()).day;
    if (!ctx.store.db.prepare('SELECT 1 FROM refund_runs WHERE as_of = ?').get(today)) runRefunds(ctx, today);
  }
  expireOrders(ctx);
}

/** The order, up to date; `poll` when this is the counter asking for it (it uses up a waiting payment's poll). */
export function orderRow(ctx: HostContext, orderId: string, opts: { poll?: boolean } = {}): OrderRow {
  catchUp(ctx);
  const row = ctx.store.order(orderId);
  if (!row) throw notFound('ORDER_NOT_FOUND', { orderId });
  return settleWaiting(ctx, row, opts.poll ?? false);
}

/** Network, internal number and issuer id of a 20-digit card number (docs/card-protocol.md §1). */
export function cardIdentity(ctx: HostContext, cardNo: string): { network: string; internalNo: string; issuerId: string } {
  const network = cardNo.slice(0, 4);
  const issuerId = ctx.config.issuers.get(network);
  if (!issuerId) throw badRequest('CARD_NETWORK_UNKNOWN', { network });
  return { network, internalNo: cardNo.slice(4), issuerId };
}
