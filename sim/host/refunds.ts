import type { HostOrder } from '../../contract/host-api';
import { refundNo } from './channels';
import { beijing, beijingDayStart } from './clock';
import type { HostContext } from './context';
import { badRequest, conflict } from './errors';
import { hasLiveAuthorization, refundFacts, toHostOrder } from './order-view';
import type { OrderRow } from './store';

/**
 * The issuer's refund job (docs/architecture.md §3a), as the run of day `asOf` does it:
 *  - the reconciliation of every earlier day is done, so a paid QR / payment-code order of an earlier
 *    business day that is still not loaded (PAID or UNLOADED) becomes REFUNDING;
 *  - on a working day on or after its expected date it becomes REFUNDED, with a refund number and time;
 *  - an order whose MAC2 may be on the card (authorized, outcome unknown) is NOT refunded: it is held until
 *    the card's evidence arrives — confirm (loaded: no refund) or `/unloaded` (then the next run refunds);
 *  - POS orders are never refunded here (the counter voids the charge on the POS the same day, or the
 *    issuer refunds through the acquirer: `adminRefund`).
 * Running it again for the same day changes nothing more.
 */
export interface RefundRun { asOf: string; refunding: string[]; refunded: string[]; held: string[] }

/** When the run happened: now, or for a run of a later day than today, that day at 09:00 Beijing. */
function runTime(ctx: HostContext, asOf: string): string {
  const now = ctx.now();
  if (beijing(now).day >= asOf) return now.toISOString();
  return new Date((beijingDayStart(asOf)?.getTime() ?? now.getTime()) + 9 * 3600_000).toISOString();
}

export function runRefunds(ctx: HostContext, asOf: string): RefundRun {
  if (!beijingDayStart(asOf)) throw badRequest('DATE_INVALID', { value: asOf });
  return ctx.store.tx(() => {
    const out: RefundRun = { asOf, refunding: [], refunded: [], held: [] };
    const at = runTime(ctx, asOf);
    for (const row of ctx.store.ordersIn(['PAID', 'UNLOADED', 'REFUNDING'])) {
      if (row.channel === 'pos' || row.paidAt === null) continue;
      const facts = refundFacts(ctx, row);
      if (!facts || facts.businessDay >= asOf) continue; // that day is not reconciled yet
      if (row.status !== 'REFUNDING') {
        if (facts.heldForCard) {
          out.held.push(row.orderId);
          if (ctx.store.events(row.orderId).at(-1)?.kind !== 'refund-held') ctx.store.addEvent(row.orderId, at, 'refund-held', { asOf });
          continue;
        }
        ctx.store.updateOrder(row.orderId, { status: 'REFUNDING', refundingAt: at });
        ctx.store.addEvent(row.orderId, at, 'refunding', { asOf, businessDay: facts.businessDay, expectedDate: facts.expectedDate });
        out.refunding.push(row.orderId);
      }
      if (asOf >= facts.expectedDate && ctx.calendar.isWorkingDay(asOf)) {
        refund(ctx, row, at, { asOf });
        out.refunded.push(row.orderId);
      }
    }
    ctx.store.db.prepare('INSERT OR IGNORE INTO refund_runs (as_of, ran_at) VALUES (?, ?)').run(asOf, at);
    return out;
  });
}

function refund(ctx: HostContext, row: OrderRow, at: string, data: Record<string, unknown>): void {
  const patch = { status: 'REFUNDED' as const, refundNo: refundNo(row.channel, new Date(at)), refundedAt: at };
  ctx.store.updateOrder(row.orderId, patch);
  ctx.store.addEvent(row.orderId, at, 'refunded', { refundNo: patch.refundNo, ...data });
}

/**
 * The issuer's administrator refunds one paid, not-loaded order at once (`POST /sim/orders/{id}/refund`):
 * the way a POS payment whose load failed is returned when it was not voided on the POS. Refused while a
 * MAC2 may be on the card. Refunding a refunded order answers it again.
 */
export function adminRefund(ctx: HostContext, row: OrderRow): HostOrder {
  return ctx.store.tx(() => {
    if (row.status === 'REFUNDED') return toHostOrder(ctx, row);
    if (!['PAID', 'UNLOADED', 'REFUNDING'].includes(row.status)) throw conflict('ORDER_NOT_REFUNDABLE', { orderId: row.orderId, status: row.status });
    if (hasLiveAuthorization(ctx, row)) throw conflict('REFUND_HELD_FOR_CARD', { orderId: row.orderId });
    const at = ctx.now().toISOString();
    refund(ctx, row, at, { by: 'administrator' });
    return toHostOrder(ctx, ctx.store.order(row.orderId) ?? row);
  });
}

/** When a refund run first covered `day` (a run of a later day reconciles it), or null. */
export function reconciledAt(ctx: HostContext, day: string): string | null {
  const r = ctx.store.db.prepare('SELECT MIN(ran_at) AS at FROM refund_runs WHERE as_of > ?').get(day) as { at: string | null };
  return r.at;
}
