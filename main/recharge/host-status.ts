import type { HostOrder, HostOrderStatus, HostRefund } from '../../contract/host-api';
import type { RecordPaper, RecordStatus } from '../../contract/ipc';
import type { RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import type { JournalSteps } from './journal-steps';

/**
 * THE table of docs/architecture.md §3a: what the host's status of an order does to the local recharge,
 * consulted wherever the counter learns a status — starting and checking a payment (payment.ts), resuming
 * (resume.ts), 圈存 of a host order (adopt), the card steps after a host answer (card-load.ts), 充值记录's
 * status word and buttons (main/ipc/records.ts), 待处理 and 对账 (main/report/reconcile.ts).
 *
 * What the engine does next:
 * - `wait`      unpaid: keep showing the QR code (closed once it expired)
 * - `cancel`    nobody paid: → CANCELLED
 * - `paid`      → PAID, then the load
 * - `load`      PAID/INIT: a fresh INIT → MAC2 → CREDIT
 * - `unloaded`  proven not on the card elsewhere (the host's word): → UNLOADED, then 圈存 or the refund
 * - `repair`    UNLOADED: 圈存 — tell the host again, fresh INIT and MAC2
 * - `probe`     decide from the card: our MAC2 may be on it (AUTHORIZED), or the host says LOADED without our proof
 * - `confirm`   WRITTEN: the card's TAC or evidence to the host
 * - `refunding` → REFUNDING (退款中); `refunded` → REFUNDED (已退款) — never INIT, never CREDIT
 * - `admin`     the host contradicts the journal: → NEEDS_ADMIN with the evidence
 * - `none`      nothing to do now
 */
export type NextStep = 'wait' | 'cancel' | 'paid' | 'load' | 'unloaded' | 'repair' | 'probe' | 'confirm' | 'refunding' | 'refunded'
  | 'admin' | 'none';

/** The local states, grouped by what may have reached the card and the customer. */
type Phase = 'unpaid' | 'paid' | 'sent' | 'written' | 'unloaded' | 'refunding' | 'settled' | 'admin';

const PHASE: Record<RechargeState, Phase> = {
  READ: 'unpaid', ORDERED: 'unpaid',
  PAID: 'paid', INIT: 'paid', // nothing of ours can be on the card: CREDIT follows AUTHORIZED only
  AUTHORIZED: 'sent', // our MAC2 may be on the card
  WRITTEN: 'written', // the card gave its TAC (or proved the load)
  UNLOADED: 'unloaded',
  REFUNDING: 'refunding',
  CONFIRMED: 'settled', VERIFIED: 'settled', CANCELLED: 'settled', REFUNDED: 'settled',
  NEEDS_ADMIN: 'admin', // a supervisor's resolution, decided by the card (admin-resolve.ts)
};

/** Rows: the local phase; columns: the host's status. */
const TABLE: Record<Phase, Record<HostOrderStatus, NextStep>> = {
  unpaid: { AWAITING_PAYMENT: 'wait', PAID: 'paid', CLOSED: 'cancel', LOADED: 'probe', UNLOADED: 'unloaded', REFUNDING: 'refunding', REFUNDED: 'refunded' },
  paid: { AWAITING_PAYMENT: 'admin', PAID: 'load', CLOSED: 'admin', LOADED: 'probe', UNLOADED: 'unloaded', REFUNDING: 'refunding', REFUNDED: 'refunded' },
  // Whatever the host says, a MAC2 of ours may be on the card: the card decides first (docs/card-protocol.md §4).
  sent: { AWAITING_PAYMENT: 'probe', PAID: 'probe', CLOSED: 'probe', LOADED: 'probe', UNLOADED: 'probe', REFUNDING: 'probe', REFUNDED: 'probe' },
  // The card holds the money: the host must hear it (a refunded order answers ORDER_REFUNDED_BUT_LOADED → NEEDS_ADMIN).
  written: { AWAITING_PAYMENT: 'confirm', PAID: 'confirm', CLOSED: 'confirm', LOADED: 'confirm', UNLOADED: 'confirm', REFUNDING: 'confirm', REFUNDED: 'confirm' },
  unloaded: { AWAITING_PAYMENT: 'admin', PAID: 'repair', CLOSED: 'admin', LOADED: 'probe', UNLOADED: 'repair', REFUNDING: 'refunding', REFUNDED: 'refunded' },
  refunding: { AWAITING_PAYMENT: 'admin', PAID: 'admin', CLOSED: 'admin', LOADED: 'admin', UNLOADED: 'admin', REFUNDING: 'none', REFUNDED: 'refunded' },
  settled: { AWAITING_PAYMENT: 'none', PAID: 'none', CLOSED: 'none', LOADED: 'none', UNLOADED: 'none', REFUNDING: 'none', REFUNDED: 'none' },
  admin: { AWAITING_PAYMENT: 'none', PAID: 'none', CLOSED: 'none', LOADED: 'none', UNLOADED: 'none', REFUNDING: 'none', REFUNDED: 'none' },
};

export function nextStep(state: RechargeState, host: HostOrderStatus): NextStep {
  return TABLE[PHASE[state]][host];
}

/**
 * Journals what the host's word alone settles (`unloaded`, `refunding`, `refunded`, `admin`; a READ recharge
 * passes ORDERED first) and returns the record; null when the step needs more than the journal (the card, the
 * payment side) or nothing. The host's refund facts go into the event (expected date, refund no).
 */
export function journalHostWord(steps: JournalSteps, rec: RechargeRecord, order: HostOrder): RechargeRecord | null {
  const step = nextStep(rec.state, order.status);
  if (!['unloaded', 'refunding', 'refunded', 'admin'].includes(step)) return null;
  let now = rec;
  if (now.state === 'READ') now = steps.step(rec.id, 'ORDERED', { orderId: order.orderId }, { orderId: order.orderId });
  const data = { hostStatus: order.status, channelStatus: order.channelStatus, refund: order.refund };
  const patch = { tradeNo: order.tradeNo ?? undefined };
  switch (step) {
    case 'unloaded':
      return steps.step(rec.id, 'UNLOADED', { ...data, source: 'host', evidence: null }, patch);
    case 'refunding':
      return steps.step(rec.id, 'REFUNDING', data, patch);
    case 'refunded':
      return steps.step(rec.id, 'REFUNDED', data, patch);
    default:
      return steps.step(rec.id, 'NEEDS_ADMIN', { ...data, reason: `host ${order.status} while the journal is ${now.state}` }, {
        error: 'RECHARGE_HOST_CONTRADICTS',
      });
  }
}

/** The refund facts the journal last heard from the host (a REFUNDING / REFUNDED / UNLOADED event), or null. */
export function refundOf(events: readonly RechargeEvent[]): HostRefund | null {
  for (const e of [...events].reverse()) {
    const r = e.data.refund;
    if (typeof r === 'object' && r !== null && typeof (r as HostRefund).expectedDate === 'string') return r as HostRefund;
  }
  return null;
}

/** 充值记录's status word for a local recharge, given what the host says now (null: not asked, or no order). */
export function recordStatus(state: RechargeState, host: HostOrderStatus | null): RecordStatus {
  const step = host ? nextStep(state, host) : null;
  if (step === 'refunding' || state === 'REFUNDING') return step === 'refunded' ? 'refunded' : 'refunding';
  if (step === 'refunded' || state === 'REFUNDED') return 'refunded';
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
  return ['paid', 'sent', 'written', 'unloaded'].includes(PHASE[state]) ? 'resume' : null;
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
