import type { HostOrder, HostRefund, PosVoucher } from '../../contract/host-api';
import { channelStatus } from './channels';
import { beijing } from './clock';
import type { HostContext } from './context';
import type { OrderRow } from './store';

/**
 * An order as the API answers it, with its refund facts (docs/architecture.md §3a): when a paid order that
 * never reached the card is refunded, and whether a live MAC2 holds the refund back.
 */

/** A MAC2 of this order may be on the card: issued, and not proven unused by `/unloaded`. */
export function hasLiveAuthorization(ctx: HostContext, row: OrderRow): boolean {
  return row.status === 'PAID' && ctx.store.authorizations(row.orderId).some((a) => a.provenUnused === 0);
}

/**
 * The business day is the Beijing day of payment. The refund is due by the calendar's refund date; an
 * order whose hold was released late (its `/unloaded` came after the due date) is refunded on the first
 * working day after the release. POS orders are never refunded by the job: they get facts only once the
 * issuer's own process has refunded them.
 */
export function refundFacts(ctx: HostContext, row: OrderRow): HostRefund | null {
  if (row.paidAt === null) return null;
  const refunded = row.status === 'REFUNDED' ? { refundNo: row.refundNo, refundedAt: row.refundedAt } : { refundNo: null, refundedAt: null };
  const businessDay = beijing(new Date(row.paidAt)).day;
  if (row.channel === 'pos') {
    if (row.status !== 'REFUNDED' || row.refundedAt === null) return null;
    return { businessDay, expectedDate: beijing(new Date(row.refundedAt)).day, heldForCard: false, ...refunded };
  }
  if (!['PAID', 'UNLOADED', 'REFUNDING', 'REFUNDED'].includes(row.status)) return null;
  let expectedDate = ctx.calendar.refundDate(businessDay);
  if (row.unloadedAt !== null) {
    const released = ctx.calendar.nextWorkingDay(beijing(new Date(row.unloadedAt)).day);
    if (released > expectedDate) expectedDate = released;
  }
  return { businessDay, expectedDate, heldForCard: hasLiveAuthorization(ctx, row), ...refunded };
}

export function posVoucherOf(row: OrderRow): PosVoucher | null {
  return row.posJson === null ? null : (JSON.parse(row.posJson) as PosVoucher);
}

export function toHostOrder(ctx: HostContext, r: OrderRow): HostOrder {
  return {
    orderId: r.orderId, clientOrderId: r.clientOrderId, status: r.status,
    channelStatus: channelStatus(r.channel, r.status, r.userPaying === 1), channel: r.channel, cardNo: r.cardNo, plate: r.plate,
    plateColor: r.plateColor, amountFen: r.amountFen, terminalId: r.terminalId, qrPayload: r.qrPayload, tradeNo: r.tradeNo,
    createdAt: r.createdAt, expiresAt: r.expiresAt, paidAt: r.paidAt, loadedAt: r.loadedAt, refund: refundFacts(ctx, r),
    posVoucher: posVoucherOf(r),
  };
}
