import type { CreateOrderRequest, HostOrder, PosVoucher } from '../../contract/host-api';
import { formatYuan } from '../../contract/money';
import { cardIdentity, catchUp, orderRow } from './access';
import { digits } from './channels';
import { beijing } from './clock';
import type { HostContext } from './context';
import { badRequest, conflict } from './errors';
import { toHostOrder } from './order-view';
import { markPaid } from './settle';
import type { OrderRow } from './store';

/**
 * Orders (docs/architecture.md §3, §3b): create (idempotent on clientOrderId, a POS order paid at once
 * against the acquirer's slip), read, close, and the customer's payment as the channel reports it.
 */

/** JSON with every object's keys sorted: the same request always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fen promised to the card but not on it yet: half records and proven-unloaded orders (owed via 圈存). */
export function owedFen(orders: OrderRow[]): number {
  return orders.filter((o) => o.status === 'PAID' || o.status === 'UNLOADED').reduce((sum, o) => sum + o.amountFen, 0);
}

function normalVoucher(v: PosVoucher): PosVoucher {
  return { ...v, posTerminalNo: v.posTerminalNo.toUpperCase(), referenceNo: v.referenceNo.toUpperCase(), authCode: v.authCode?.toUpperCase() ?? null };
}

export function createOrder(ctx: HostContext, req: CreateOrderRequest): HostOrder {
  const body: CreateOrderRequest = {
    ...req, terminalId: req.terminalId.toUpperCase(), ...(req.posVoucher ? { posVoucher: normalVoucher(req.posVoucher) } : {}),
  };
  const canonical = canonicalJson(body);
  return ctx.store.tx(() => {
    catchUp(ctx);
    const existing = ctx.store.orderByClientId(body.clientOrderId);
    if (existing) {
      if (existing.requestJson !== canonical) throw conflict('ORDER_CONFLICT', { clientOrderId: body.clientOrderId });
      return toHostOrder(ctx, existing);
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
    const typed = body.channel === 'pos' ? body.posVoucher ?? null : null;
    // The acquirer's slip, checked and tied to this order before anything is stored (refusals throw here).
    const pos = typed ? ctx.acquirer.claim(typed, body.amountFen, orderId) : null;
    const row: OrderRow = {
      orderId, clientOrderId: body.clientOrderId, requestJson: canonical, status: 'AWAITING_PAYMENT', channel: body.channel,
      cardNo: body.cardNo, plate: body.plate, plateColor: body.plateColor, amountFen: body.amountFen,
      terminalId: body.terminalId, balanceFen: body.balanceFen,
      qrPayload: pos ? '' : `${ctx.publicUrl()}/sim/pay/${orderId}?channel=${body.channel}`,
      tradeNo: null, createdAt: now.toISOString(),
      expiresAt: pos ? now.toISOString() : new Date(now.getTime() + ctx.config.orderTtlMs).toISOString(),
      paidAt: null, loadedAt: null, unloadedAt: null, newBalanceFen: null, posJson: pos ? JSON.stringify(pos) : null,
      authCode: null, userPaying: 0, payPollsLeft: null, payDueAt: null, loadTerminalId: null, refundingAt: null, refundNo: null,
      refundedAt: null,
    };
    ctx.store.insertOrder(row);
    ctx.store.addEvent(orderId, row.createdAt, 'created', body);
    if (!pos) return toHostOrder(ctx, row);
    // The acquirer approved the charge: the order is paid at creation; its trade number is the slip's reference no.
    const paid = { ...row, status: 'PAID' as const, tradeNo: pos.referenceNo, paidAt: row.createdAt };
    ctx.store.updateOrder(orderId, { status: 'PAID', tradeNo: paid.tradeNo, paidAt: paid.paidAt });
    ctx.store.addEvent(orderId, row.createdAt, 'paid', { via: 'pos', referenceNo: pos.referenceNo, voucherNo: pos.voucherNo });
    return toHostOrder(ctx, paid);
  });
}

/** The order now; `poll` when the counter is asking (a payment being confirmed on the phone counts it). */
export function getOrder(ctx: HostContext, orderId: string, poll = false): HostOrder {
  return ctx.store.tx(() => toHostOrder(ctx, orderRow(ctx, orderId, { poll })));
}

/** Closes an unpaid order; closing a closed order answers it again; a paid order cannot be closed. */
export function closeOrder(ctx: HostContext, orderId: string): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    if (row.status === 'CLOSED') return toHostOrder(ctx, row);
    if (row.status !== 'AWAITING_PAYMENT') throw conflict('ORDER_PAID', { orderId });
    ctx.store.updateOrder(orderId, { status: 'CLOSED', userPaying: 0 });
    ctx.store.addEvent(orderId, ctx.now().toISOString(), 'closed');
    return toHostOrder(ctx, { ...row, status: 'CLOSED', userPaying: 0 });
  });
}

/** The customer pays by QR (what the channel's notification would tell a real host). Paying twice is a no-op. */
export function payOrder(ctx: HostContext, orderId: string): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    if (row.status === 'CLOSED') throw conflict('ORDER_CLOSED', { orderId });
    if (row.status !== 'AWAITING_PAYMENT') return toHostOrder(ctx, row);
    if (row.userPaying === 1) throw conflict('MICROPAY_IN_PROGRESS', { orderId });
    return toHostOrder(ctx, markPaid(ctx, row, { via: 'qr' }));
  });
}
