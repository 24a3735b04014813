import type { HostOrder, MicropayRequest } from '../../contract/host-api';
import { channelOfAuthCode } from '../../contract/payment-code';
import { orderRow } from './access';
import type { HostContext } from './context';
import { badRequest, conflict, HostError } from './errors';
import { MICROPAY_REFUSALS } from './micropay-knobs';
import { toHostOrder } from './order-view';
import { markPaid, settleWaiting } from './settle';

/**
 * 付款码 (the customer's payment code scanned at the counter, docs/architecture.md §3b): the host charges
 * the code with its channel. Idempotent on order + code: the same code on the same order answers what the
 * first try got (paid, still waiting, or the same refusal) and never charges twice. A different code is
 * refused on a paid order, and while another code's payment is being confirmed. The code's shape names
 * its channel (contract/payment-code.ts), which must be the order's.
 */
const outcomeOf = (ctx: HostContext, orderId: string, authCode: string) =>
  (ctx.store.db.prepare('SELECT outcome FROM micropays WHERE order_id = ? AND auth_code = ?').get(orderId, authCode) as
    { outcome: string } | undefined)?.outcome ?? null;

export function micropay(ctx: HostContext, orderId: string, req: MicropayRequest): HostOrder {
  const code = req.authCode;
  const codeChannel = channelOfAuthCode(code);
  if (!codeChannel) throw badRequest('AUTH_CODE_INVALID');
  const answer = ctx.store.tx((): HostOrder | HostError => {
    const row = orderRow(ctx, orderId, { poll: true });
    const earlier = outcomeOf(ctx, orderId, code);
    if (earlier !== null && earlier !== 'paid' && earlier !== 'waiting') return conflict(earlier, { orderId });
    if (earlier !== null) return toHostOrder(ctx, row);
    if (row.channel === 'pos') throw conflict('MICROPAY_CHANNEL_POS', { orderId });
    if (codeChannel !== row.channel) throw conflict('AUTH_CODE_CHANNEL_MISMATCH', { orderId, codeChannel, orderChannel: row.channel });
    if (row.status === 'CLOSED') throw conflict('ORDER_CLOSED', { orderId });
    if (row.status !== 'AWAITING_PAYMENT') throw conflict('ORDER_ALREADY_PAID', { orderId, tradeNo: row.tradeNo ?? '' });
    if (row.userPaying === 1) throw conflict('MICROPAY_IN_PROGRESS', { orderId });

    const at = ctx.now();
    const rule = ctx.micropay.take(code);
    const record = (outcome: string) => ctx.store.db.prepare('INSERT INTO micropays (order_id, auth_code, outcome, at) VALUES (?, ?, ?, ?)')
      .run(orderId, code, outcome, at.toISOString());
    if (rule?.refuse) {
      const refusal = MICROPAY_REFUSALS[rule.refuse];
      record(refusal);
      ctx.store.addEvent(orderId, at.toISOString(), 'micropay-refused', { code: refusal });
      return conflict(refusal, { orderId }); // answered after the commit, so the refusal is remembered
    }
    if (rule && (rule.waitPolls !== null || rule.waitMs !== null)) {
      record('waiting');
      const payDueAt = rule.waitMs !== null ? new Date(at.getTime() + rule.waitMs).toISOString() : null;
      ctx.store.updateOrder(orderId, { authCode: code, userPaying: 1, payPollsLeft: rule.waitPolls, payDueAt });
      ctx.store.addEvent(orderId, at.toISOString(), 'micropay-waiting', { waitPolls: rule.waitPolls, waitMs: rule.waitMs });
      if (rule.waitMs !== null) ctx.later(rule.waitMs, () => void ctx.store.tx(() => settleWaiting(ctx, orderRow(ctx, orderId), false)));
      return toHostOrder(ctx, { ...row, authCode: code, userPaying: 1, payPollsLeft: rule.waitPolls, payDueAt });
    }
    record('paid');
    ctx.store.updateOrder(orderId, { authCode: code });
    return toHostOrder(ctx, markPaid(ctx, { ...row, authCode: code }, { via: 'micropay', authCode: code }));
  });
  if (answer instanceof HostError) throw answer;
  return answer;
}
