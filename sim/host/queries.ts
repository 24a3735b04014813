import type { CardCheckRequest, CardCheckResponse, HostOrderStatus, HostRecord, RecordsQuery } from '../../contract/host-api';
import { cardIdentity, catchUp } from './access';
import { beijingDayStart } from './clock';
import type { HostContext } from './context';
import { badRequest } from './errors';
import { toHostOrder } from './order-view';
import { owedFen } from './orders';

/** Statuses in which the customer's money has been taken (what the records page lists). */
const PAID_STATUSES: readonly HostOrderStatus[] = ['PAID', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED'];

/**
 * 圈存检测. The room left is the per-load limit, capped by the card maximum minus the balance (the one
 * the counter just read, else the last balance a confirmed load left) and minus what is owed to the card.
 */
export function checkCard(ctx: HostContext, cardNo: string, req: CardCheckRequest): CardCheckResponse {
  cardIdentity(ctx, cardNo);
  return ctx.store.tx(() => {
    catchUp(ctx);
    const orders = ctx.store.ordersForCard(cardNo);
    const lastLoaded = orders.filter((o) => o.status === 'LOADED' && o.newBalanceFen !== null)
      .sort((a, b) => (a.loadedAt ?? '').localeCompare(b.loadedAt ?? '')).at(-1);
    const balance = req.balanceFen ?? lastLoaded?.newBalanceFen ?? 0;
    const room = ctx.config.cardMaxBalanceFen - balance - owedFen(orders);
    return {
      cardNo,
      loadableFen: Math.max(0, Math.min(ctx.config.perLoadLimitFen, room)),
      halfRecords: orders.filter((o) => o.status === 'PAID').map((o) => toHostOrder(ctx, o)),
      unloadedRecords: orders.filter((o) => o.status === 'UNLOADED').map((o) => toHostOrder(ctx, o)),
    };
  });
}

/** Paid orders of a plate created between two Beijing calendar days, both included. */
export function records(ctx: HostContext, q: RecordsQuery): HostRecord[] {
  const from = beijingDayStart(q.from);
  if (!from) throw badRequest('DATE_INVALID', { value: q.from });
  const to = beijingDayStart(q.to);
  if (!to) throw badRequest('DATE_INVALID', { value: q.to });
  if (from > to) throw badRequest('DATE_RANGE_REVERSED');
  const days = ctx.config.recordsMaxDays;
  if (to.getTime() - from.getTime() > days * 86_400_000) throw badRequest('DATE_RANGE_TOO_LONG', { days });
  return ctx.store.tx(() => {
    catchUp(ctx);
    const end = new Date(to.getTime() + 86_400_000);
    return ctx.store.ordersForPlate(q.plate, q.plateColor, from.toISOString(), end.toISOString())
      .filter((o) => PAID_STATUSES.includes(o.status))
      .map((row) => {
        const o = toHostOrder(ctx, row);
        return {
          orderId: o.orderId, clientOrderId: o.clientOrderId, cardNo: o.cardNo, plate: o.plate, plateColor: o.plateColor,
          amountFen: o.amountFen, channel: o.channel, tradeNo: o.tradeNo, status: o.status, createdAt: o.createdAt,
          loadedAt: o.loadedAt, refund: o.refund,
        };
      });
  });
}
