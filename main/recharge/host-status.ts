import type { HostOrderStatus, HostRefund } from '../../contract/host-api';
import type { RecordPaper, RecordStatus } from '../../contract/ipc';
import type { RechargeEvent, RechargeState } from '../../contract/recharge';

/**
 * What the screens and papers make of a recharge and its host order (docs/architecture.md §3a): 充值记录's status word
 * and its 圈存 button, the paper a recharge offers, 对账's verdict. The engine itself follows only the recharge
 * machine's table (machine.ts); these are views of the same rules for people.
 */

/** Local states from which the host's refund is the recharge's next state: nothing of ours can be on the card. */
const REFUNDABLE: readonly RechargeState[] = ['READ', 'ORDERED', 'PAID', 'INIT', 'UNLOADED'];
/** Local states whose next step touches the card: 圈存 resumes them. */
const CARD_WORK: readonly RechargeState[] = ['PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'UNLOADED'];

/** The refund facts the journal last heard from the host (a REFUNDING / REFUNDED / UNLOADED event), or null. */
export function refundOf(events: readonly RechargeEvent[]): HostRefund | null {
  for (const e of [...events].reverse()) {
    if (e.data.step === 'host-word' && e.data.refund) return e.data.refund;
  }
  return null;
}

/** 充值记录's status word for a local recharge, given what the host says now (null: not asked, or no order). */
export function recordStatus(state: RechargeState, host: HostOrderStatus | null): RecordStatus {
  const refundable = REFUNDABLE.includes(state) || state === 'REFUNDING';
  if (state === 'REFUNDED' || (refundable && host === 'REFUNDED')) return 'refunded';
  if (state === 'REFUNDING' || (refundable && host === 'REFUNDING')) return 'refunding';
  if (state === 'CONFIRMED' || state === 'VERIFIED') return 'loaded';
  // Loaded on another terminal after this one proved it unloaded (圈存 there): the host's word is the newer.
  if (state === 'UNLOADED') return host === 'LOADED' ? 'loaded' : 'unloaded';
  if (state === 'NEEDS_ADMIN') return 'needs-admin';
  if (state === 'CANCELLED') return 'cancelled';
  return 'pending';
}

/** The status word for a host order this journal does not hold. Paid and not loaded is 未圈存: 圈存 adopts it. */
export function hostOnlyStatus(host: HostOrderStatus): RecordStatus {
  switch (host) {
    case 'LOADED': return 'loaded';
    case 'PAID': case 'UNLOADED': return 'unloaded';
    case 'AWAITING_PAYMENT': return 'pending';
    case 'CLOSED': return 'cancelled';
    case 'REFUNDING': return 'refunding';
    case 'REFUNDED': return 'refunded';
  }
}

/** What 圈存 on a row does: resume a local recharge whose next step touches the card, adopt a host-only paid order, or nothing. */
export function recordAction(state: RechargeState | null, host: HostOrderStatus | null): 'resume' | 'adopt' | null {
  if (state === null) return host === 'PAID' || host === 'UNLOADED' ? 'adopt' : null;
  const status = recordStatus(state, host);
  if (status !== 'unloaded' && status !== 'pending') return null; // refunded, loaded elsewhere, 需管理员 …: no card work
  return CARD_WORK.includes(state) ? 'resume' : null;
}

/** States of a paid recharge whose money is not (and never was, by our MAC2) on the card. */
const NOT_ON_CARD: readonly RechargeState[] = ['PAID', 'INIT', 'UNLOADED', 'REFUNDING', 'REFUNDED'];

/** Whether the customer's refund slip (退款说明) may be printed: paid, not on the card, and the host does not say LOADED. */
export function refundSlipAllowed(state: RechargeState, host: HostOrderStatus | null): boolean {
  return NOT_ON_CARD.includes(state) && host !== 'LOADED';
}

/** The paper a recharge offers: the receipt once loaded, the evidence slip for 需管理员 (and after it), the refund slip. */
export function paperFor(state: RechargeState, host: HostOrderStatus | null, resolvedFromAdmin = false): RecordPaper[] {
  const out: RecordPaper[] = [];
  if (state === 'CONFIRMED' || state === 'VERIFIED') out.push('receipt');
  if (state === 'NEEDS_ADMIN' || resolvedFromAdmin) out.push('evidence');
  if (refundSlipAllowed(state, host)) out.push('refund-slip');
  return out;
}

/**
 * 对账: whether the journal's state and the host's status tell the same story of the money, and if not, the
 * i18n key of what staff do about it (null = consistent). An unfinished recharge is never consistent: it
 * is to be finished first.
 */
export function reconcileTodo(state: RechargeState, host: HostOrderStatus): string | null {
  switch (state) {
    case 'CANCELLED':
      if (host === 'CLOSED') return null;
      return host === 'AWAITING_PAYMENT' ? 'RECONCILE_TODO_CLOSE_ORDER' : 'RECONCILE_TODO_CANCELLED_PAID';
    case 'READ': case 'ORDERED': case 'PAID': case 'INIT': case 'AUTHORIZED': case 'WRITTEN':
      return 'RECONCILE_TODO_FINISH';
    case 'CONFIRMED': case 'VERIFIED':
      return host === 'LOADED' ? null : 'RECONCILE_TODO_LOADED_HOST_NOT';
    case 'UNLOADED':
      if (host === 'UNLOADED' || host === 'REFUNDING' || host === 'REFUNDED') return null;
      if (host === 'PAID') return 'RECONCILE_TODO_TELL_HOST';
      return host === 'LOADED' ? 'RECONCILE_TODO_LOADED_ELSEWHERE' : 'RECONCILE_TODO_ADMIN';
    case 'REFUNDING':
      return host === 'REFUNDING' || host === 'REFUNDED' ? null : 'RECONCILE_TODO_REFUND_CHECK';
    case 'REFUNDED':
      return host === 'REFUNDED' ? null : 'RECONCILE_TODO_REFUND_CHECK';
    case 'NEEDS_ADMIN':
      return 'RECONCILE_TODO_ADMIN';
  }
}
