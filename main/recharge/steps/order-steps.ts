import { AppError, isAppError } from '../../../contract/errors';
import type { CreateOrderRequest, HostOrder } from '../../../contract/host-api';
import { formatYuan } from '../../../contract/money';
import { maskAuthCode } from '../../../contract/payment-code';
import type { RechargeRecord, RechargeState } from '../../../contract/recharge';
import { HostRejectedError } from '../../host/errors';
import { localStamp } from '../../paper/html';
import { lastOf } from '../journal-steps';
import type { StepCtx, StepEnd } from './context';

/**
 * The order side's steps (docs/architecture.md §2b): the host order, the customer's payment code, closing an
 * unpaid order, and journaling what the host's word alone settles. None calls another; the machine sequences them.
 */

/** How long an order request, a close or a payment code may still take effect after it was sent (the adapter's retries). */
const HOST_CALL_WINDOW_MS = 60_000;
/** A payment code the customer confirms on the phone: the channels give up after this. */
const MICROPAY_WINDOW_MS = 5 * 60_000;

const deadline = (ctx: StepCtx, ms: number): string => new Date(ctx.ports.clock.now().getTime() + ms).toISOString();

/** The host's order as it is now: the status every later row of the table reads. */
export async function askHost(ctx: StepCtx): Promise<StepEnd> {
  learned(ctx, await ctx.ports.host.getOrder(ctx.rec.orderId ?? ''));
}

/** READ → ORDERED: the host order (idempotent on our id); a POS slip's order is paid at once. */
export async function createOrder(ctx: StepCtx): Promise<StepEnd> {
  const { rec, ports } = ctx;
  const { journal, host } = ports;
  journal.step(rec.id, 'READ', { step: 'intent', action: 'create-order', deadline: deadline(ctx, HOST_CALL_WINDOW_MS), amountFen: rec.amountFen, authCode: null });
  let order: HostOrder;
  try {
    order = await host.createOrder(orderRequest(rec));
  } catch (e) {
    if (rec.channel !== 'pos' || !(e instanceof HostRejectedError) || e.status === 401) throw e;
    return posSlipRefused(ctx, e);
  }
  journal.step(rec.id, 'ORDERED', { step: 'ordered', orderId: order.orderId, channelStatus: order.channelStatus }, {
    orderId: order.orderId, qrPayload: order.qrPayload, orderExpiresAt: order.expiresAt,
  });
  // The acquirer's full slip (batch, auth code, card mask) even where the operator typed less: the paper shows it.
  if (order.posVoucher) journal.step(rec.id, 'ORDERED', { step: 'acquirer-slip', voucher: order.posVoucher }, { posVoucher: order.posVoucher });
  learned(ctx, order);
}

/** The order request of a recharge: the same every time, so that creating it again is answered with the same order. */
export function orderRequest(rec: RechargeRecord): CreateOrderRequest {
  return {
    clientOrderId: rec.id, cardNo: rec.cardNo, plate: rec.plate, plateColor: rec.plateColor, amountFen: rec.amountFen,
    channel: rec.channel, terminalId: rec.terminalId, balanceFen: rec.balanceBeforeFen, ...(rec.posVoucher ? { posVoucher: rec.posVoucher } : {}),
  };
}

/**
 * READ or ORDERED → CANCELLED: the order closed unpaid (made first where its answer may have been lost). If the
 * customer paid meanwhile, the host's status is what the run learns, and the table goes on from there.
 */
export async function closeOrder(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const { journal, host } = ports;
  journal.step(rec.id, rec.state, { step: 'intent', action: 'close-order', deadline: deadline(ctx, HOST_CALL_WINDOW_MS), amountFen: null, authCode: null });
  const orderId = rec.orderId ?? (await host.createOrder(orderRequest(rec))).orderId;
  let closed: HostOrder | null = null;
  try {
    closed = await host.closeOrder(orderId);
  } catch (e) {
    if (!isAppError(e, 'HOST_REJECTED')) throw e;
  }
  const order = closed?.status === 'CLOSED' ? closed : await host.getOrder(orderId);
  if (order.status === 'CLOSED') {
    const by = run.micropay === 'refused' ? 'code-refused' : run.expired ? 'expired' : run.input === 'cancel' ? 'operator' : 'resume';
    journal.step(rec.id, 'CANCELLED', { step: 'cancelled', by, orderId, channelStatus: order.channelStatus }, { orderId });
    if (by === 'code-refused') return { end: true, error: new AppError('AUTH_CODE_REFUSED', { reason: refusalMessage(ctx) }) };
    return;
  }
  if (order.status === 'AWAITING_PAYMENT') throw new AppError('RECHARGE_CLOSE_FAILED');
  // The customer paid after all: the recharge follows the host (an order made just now is journaled first).
  if (rec.state === 'READ') journal.step(rec.id, 'ORDERED', { step: 'ordered', orderId, channelStatus: order.channelStatus }, { orderId });
  learned(ctx, order);
}

/** ORDERED: the customer's payment code (付款码), journaled masked before it is sent; PAID, still confirming, or refused. */
export async function micropay(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const code = run.args.authCode ?? '';
  ports.journal.step(rec.id, 'ORDERED', { step: 'intent', action: 'micropay', deadline: deadline(ctx, MICROPAY_WINDOW_MS), amountFen: null, authCode: maskAuthCode(code) });
  run.micropay = 'sent';
  let order: HostOrder;
  try {
    order = await ports.host.micropay(rec.orderId ?? '', { authCode: code });
  } catch (e) {
    // A lost answer leaves it ORDERED: the long poll sees what the host did; a refusal closes the order.
    if (!(e instanceof HostRejectedError) || e.status === 401) throw e;
    ports.journal.step(rec.id, 'ORDERED', { step: 'micropay', outcome: 'refused', channelStatus: null, hostCode: e.hostCode, message: e.hostMessage }, { error: e.hostCode });
    run.micropay = 'refused';
    return;
  }
  if (order.status === 'AWAITING_PAYMENT') {
    ports.journal.step(rec.id, 'ORDERED', { step: 'micropay', outcome: 'waiting', channelStatus: order.channelStatus, hostCode: null, message: null });
  }
  learned(ctx, order);
}

/** A POS recharge nothing was charged for (no charge asked, or the POS says none after its sale timeout) → CANCELLED. */
export async function cancelUnordered(ctx: StepCtx): Promise<StepEnd> {
  const by = ctx.run.input === 'cancel' ? 'operator' : 'pos-none';
  ctx.ports.journal.step(ctx.rec.id, 'CANCELLED', { step: 'cancelled', by, orderId: null, channelStatus: null });
  return Promise.resolve();
}

/** ORDERED → PAID on the host's word. */
export async function paid(ctx: StepCtx): Promise<StepEnd> {
  const order = known(ctx);
  ctx.ports.journal.step(ctx.rec.id, 'PAID', { step: 'paid', hostStatus: order.status, channelStatus: order.channelStatus }, { tradeNo: order.tradeNo });
  return Promise.resolve();
}

/**
 * What the host's status alone settles (docs/architecture.md §3a): closed unpaid → CANCELLED; proven unloaded
 * elsewhere → UNLOADED; refunding / refunded → REFUNDING / REFUNDED; anything that contradicts the journal →
 * NEEDS_ADMIN. A READ recharge passes ORDERED first.
 */
export async function hostWord(ctx: StepCtx): Promise<StepEnd> {
  const { rec, ports } = ctx;
  const order = known(ctx);
  if (rec.state === 'READ') ports.journal.step(rec.id, 'ORDERED', { step: 'ordered', orderId: order.orderId, channelStatus: order.channelStatus }, { orderId: order.orderId });
  const target = hostWordTarget(rec.state, order.status);
  const contradiction = target === 'NEEDS_ADMIN';
  ports.journal.step(rec.id, target, {
    step: 'host-word', hostStatus: order.status, channelStatus: order.channelStatus, refund: order.refund,
    reason: contradiction ? `host ${order.status} while the journal is ${rec.state}` : null,
  }, { tradeNo: order.tradeNo ?? undefined, ...(contradiction ? { error: 'RECHARGE_HOST_CONTRADICTS' } : {}) });
  return Promise.resolve();
}

/** The state the host's word moves a recharge to (the `host-word` rows of machine.ts). */
export function hostWordTarget(state: RechargeState, host: HostOrder['status']): RechargeState {
  if (host === 'REFUNDED') return 'REFUNDED';
  if (host === 'REFUNDING') return 'REFUNDING';
  if (state === 'REFUNDING') return 'NEEDS_ADMIN';
  if (host === 'UNLOADED') return 'UNLOADED';
  if (host === 'CLOSED' && (state === 'READ' || state === 'ORDERED')) return 'CANCELLED';
  return 'NEEDS_ADMIN';
}

/** The order this run learned (a row of the table that needs it only follows a step that learned it). */
function known(ctx: StepCtx): HostOrder {
  const order = ctx.run.order;
  if (!order) throw new AppError('INTERNAL', { detail: `recharge ${ctx.rec.id}: no host order in this run` });
  return order;
}

function learned(ctx: StepCtx, order: HostOrder): void {
  ctx.run.order = order;
  ctx.run.host = order.status;
}

function refusalMessage(ctx: StepCtx): string {
  const refused = lastOf(ctx.ports.journal.events(ctx.rec.id), 'micropay');
  return refused?.message ?? '';
}

/** Host refusals of a POS order that settle it: the slip does not pay this recharge. */
const SLIP_REFUSALS = ['POS_SLIP_NOT_FOUND', 'POS_SLIP_USED', 'POS_SLIP_MISMATCH', 'POS_AMOUNT_MISMATCH'];

/**
 * The host refused the POS slip: CANCELLED with the reason. A slip the integrated POS charged is owed back to the
 * customer — voided on the POS the same day (docs/pos.md) — and the day's papers list it.
 */
async function posSlipRefused(ctx: StepCtx, e: HostRejectedError): Promise<StepEnd> {
  const { rec, ports } = ctx;
  const charged = lastOf(ports.journal.events(rec.id), 'pos')?.outcome === 'approved';
  ports.journal.step(rec.id, 'CANCELLED', { step: 'pos-refused', hostCode: e.hostCode, message: e.hostMessage, voidOnPos: charged }, { error: charged ? 'POS_VOID_NEEDED' : e.hostCode });
  if (e.hostCode === 'POS_SLIP_USED') return { end: true, error: await usedBy(ctx, e) };
  if (charged) return { end: true, error: new AppError('POS_VOID_NEEDED', { reason: e.hostMessage, voucherNo: rec.posVoucher?.voucherNo ?? '' }) };
  if (SLIP_REFUSALS.includes(e.hostCode)) return { end: true, error: new AppError('POS_SLIP_REFUSED', { reason: e.hostMessage }) };
  return { end: true, error: e };
}

/** POS_SLIP_USED, with the recharge the slip funded first: this journal's, or the host's order of another counter. */
async function usedBy(ctx: StepCtx, e: HostRejectedError): Promise<AppError> {
  const orderId = String(e.hostParams.orderId ?? '');
  const referenceNo = String(e.hostParams.referenceNo ?? '');
  const first = orderId ? await ctx.ports.host.getOrder(orderId).catch(() => null) : null;
  if (!first) return new AppError('POS_SLIP_USED_HOST', { referenceNo, orderId });
  const local = ctx.ports.journal.find(first.clientOrderId);
  return new AppError('POS_SLIP_USED_BY', {
    referenceNo, at: localStamp(first.createdAt), plate: first.plate, amount: formatYuan(first.amountFen),
    recharge: local ? local.id : first.orderId, terminal: first.terminalId,
  });
}
