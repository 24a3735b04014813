import type {
  CardCheckRequest, CardCheckResponse, CreateOrderRequest, HostOrder, HostOrderStatus, HostRecord, RecordsQuery,
} from '../../contract/host-api';
import { formatYuan } from '../../contract/money';
import type { KeyFile } from '../crypto/keys';
import { channelStatus, digits, tradeNo } from './channels';
import { beijing, beijingDayStart, type Now } from './clock';
import { badRequest, conflict, notFound } from './errors';
import type { HostStore, OrderRow } from './store';

/** Everything the host's business rules read: settings, store, clock. */
export interface HostConfig {
  keys: KeyFile;
  /** Network number (first 4 digits of the card number) → 16-hex issuer id, the first diversification factor. */
  issuers: Map<string, string>;
  orderTtlMs: number;
  perLoadLimitFen: number;
  cardMaxBalanceFen: number;
  sessionTtlMs: number;
  recordsMaxDays: number;
}
export interface HostContext { store: HostStore; now: Now; config: HostConfig; publicUrl(): string; }

/** Statuses in which the customer's money has been taken (what the records page lists). */
const PAID_STATUSES: readonly HostOrderStatus[] = ['PAID', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED'];

export function toHostOrder(r: OrderRow): HostOrder {
  return {
    orderId: r.orderId, clientOrderId: r.clientOrderId, status: r.status, channelStatus: channelStatus(r.channel, r.status),
    channel: r.channel, cardNo: r.cardNo, plate: r.plate, plateColor: r.plateColor, amountFen: r.amountFen,
    terminalId: r.terminalId, qrPayload: r.qrPayload, tradeNo: r.tradeNo, createdAt: r.createdAt, expiresAt: r.expiresAt,
    paidAt: r.paidAt, loadedAt: r.loadedAt,
  };
}

/** Closes orders whose payment window has passed (the channel closes the trade: CLOSED / TRADE_CLOSED). */
export function expireOrders(ctx: HostContext): void {
  const nowIso = ctx.now().toISOString();
  for (const o of ctx.store.awaitingPayment()) {
    if (o.expiresAt <= nowIso) {
      ctx.store.updateOrder(o.orderId, { status: 'CLOSED' });
      ctx.store.addEvent(o.orderId, nowIso, 'expired');
    }
  }
}

export function orderRow(ctx: HostContext, orderId: string): OrderRow {
  expireOrders(ctx);
  const row = ctx.store.order(orderId);
  if (!row) throw notFound('ORDER_NOT_FOUND', { orderId });
  return row;
}

/** Network, internal number and issuer id of a 20-digit card number (docs/card-protocol.md §1). */
export function cardIdentity(ctx: HostContext, cardNo: string): { network: string; internalNo: string; issuerId: string } {
  const network = cardNo.slice(0, 4);
  const issuerId = ctx.config.issuers.get(network);
  if (!issuerId) throw badRequest('CARD_NETWORK_UNKNOWN', { network });
  return { network, internalNo: cardNo.slice(4), issuerId };
}

/** Fen promised to the card but not on it yet: half records and proven-unloaded orders (owed via 圈存). */
function owedFen(orders: OrderRow[]): number {
  return orders.filter((o) => o.status === 'PAID' || o.status === 'UNLOADED').reduce((sum, o) => sum + o.amountFen, 0);
}

export function createOrder(ctx: HostContext, req: CreateOrderRequest): HostOrder {
  const body: CreateOrderRequest = { ...req, terminalId: req.terminalId.toUpperCase() };
  const canonical = JSON.stringify(body, Object.keys(body).sort());
  return ctx.store.tx(() => {
    expireOrders(ctx);
    const existing = ctx.store.orderByClientId(body.clientOrderId);
    if (existing) {
      if (existing.requestJson !== canonical) throw conflict('ORDER_CONFLICT', { clientOrderId: body.clientOrderId });
      return toHostOrder(existing);
    }
    cardIdentity(ctx, body.cardNo);
    const { perLoadLimitFen, cardMaxBalanceFen } = ctx.config;
    if (body.amountFen > perLoadLimitFen) throw badRequest('LOAD_LIMIT_EXCEEDED', { max: formatYuan(perLoadLimitFen) });
    const cardOrders = ctx.store.ordersForCard(body.cardNo);
    const half = cardOrders.find((o) => o.status === 'PAID');
    if (half) throw conflict('CARD_HAS_HALF_RECORD', { orderId: half.orderId });
    if (body.balanceFen + owedFen(cardOrders) + body.amountFen > cardMaxBalanceFen) {
      throw badRequest('BALANCE_LIMIT_EXCEEDED', { max: formatYuan(cardMaxBalanceFen) });
    }
    const now = ctx.now();
    const orderId = `HO${beijing(now).date}${digits(10)}`;
    const row: OrderRow = {
      orderId, clientOrderId: body.clientOrderId, requestJson: canonical, status: 'AWAITING_PAYMENT', channel: body.channel,
      cardNo: body.cardNo, plate: body.plate, plateColor: body.plateColor, amountFen: body.amountFen,
      terminalId: body.terminalId, balanceFen: body.balanceFen,
      qrPayload: `${ctx.publicUrl()}/sim/pay/${orderId}?channel=${body.channel}`,
      tradeNo: null, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ctx.config.orderTtlMs).toISOString(),
      paidAt: null, loadedAt: null, unloadedAt: null, newBalanceFen: null,
    };
    ctx.store.insertOrder(row);
    ctx.store.addEvent(orderId, row.createdAt, 'created', body);
    return toHostOrder(row);
  });
}

export function getOrder(ctx: HostContext, orderId: string): HostOrder {
  return toHostOrder(orderRow(ctx, orderId));
}

/** Closes an unpaid order; closing a closed order answers it again; a paid order cannot be closed. */
export function closeOrder(ctx: HostContext, orderId: string): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    if (row.status === 'CLOSED') return toHostOrder(row);
    if (row.status !== 'AWAITING_PAYMENT') throw conflict('ORDER_PAID', { orderId });
    ctx.store.updateOrder(orderId, { status: 'CLOSED' });
    ctx.store.addEvent(orderId, ctx.now().toISOString(), 'closed');
    return toHostOrder({ ...row, status: 'CLOSED' });
  });
}

/** The customer pays (what the channel's notification would tell a real host). Paying twice is a no-op. */
export function payOrder(ctx: HostContext, orderId: string): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    if (row.status === 'CLOSED') throw conflict('ORDER_CLOSED', { orderId });
    if (row.status !== 'AWAITING_PAYMENT') return toHostOrder(row);
    const now = ctx.now();
    const patch = { status: 'PAID' as const, tradeNo: tradeNo(row.channel, now), paidAt: now.toISOString() };
    ctx.store.updateOrder(orderId, patch);
    ctx.store.addEvent(orderId, patch.paidAt, 'paid', { tradeNo: patch.tradeNo });
    return toHostOrder({ ...row, ...patch });
  });
}

/**
 * 圈存检测. The room left is the per-load limit, capped by the card maximum minus the balance (the one
 * the counter just read, else the last balance a confirmed load left) and minus what is owed to the card.
 */
export function checkCard(ctx: HostContext, cardNo: string, req: CardCheckRequest): CardCheckResponse {
  cardIdentity(ctx, cardNo);
  expireOrders(ctx);
  const orders = ctx.store.ordersForCard(cardNo);
  const lastLoaded = orders.filter((o) => o.status === 'LOADED' && o.newBalanceFen !== null)
    .sort((a, b) => (a.loadedAt ?? '').localeCompare(b.loadedAt ?? '')).at(-1);
  const balance = req.balanceFen ?? lastLoaded?.newBalanceFen ?? 0;
  const room = ctx.config.cardMaxBalanceFen - balance - owedFen(orders);
  return {
    cardNo,
    loadableFen: Math.max(0, Math.min(ctx.config.perLoadLimitFen, room)),
    halfRecords: orders.filter((o) => o.status === 'PAID').map(toHostOrder),
    unloadedRecords: orders.filter((o) => o.status === 'UNLOADED').map(toHostOrder),
  };
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
  expireOrders(ctx);
  const end = new Date(to.getTime() + 86_400_000);
  return ctx.store.ordersForPlate(q.plate, q.plateColor, from.toISOString(), end.toISOString())
    .filter((o) => PAID_STATUSES.includes(o.status))
    .map((o) => ({
      orderId: o.orderId, clientOrderId: o.clientOrderId, cardNo: o.cardNo, plate: o.plate, plateColor: o.plateColor,
      amountFen: o.amountFen, channel: o.channel, tradeNo: o.tradeNo, status: o.status, createdAt: o.createdAt,
      loadedAt: o.loadedAt,
    }));
}
