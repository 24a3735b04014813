import { FINAL_STATES, type RechargeState } from '../../contract/recharge';

/**
 * Every state a recharge may enter from each state (docs/architecture.md §2) — the one place this is decided.
 *
 * A non-final state may also re-enter itself: an event that records a retry or an error (host timeout,
 * card pulled before INIT…), or the intent of a side effect about to happen, without anything new having happened.
 * Of the final states three re-enter themselves: NEEDS_ADMIN (a supervisor's re-check of the card that did not
 * settle it), UNLOADED (the intent of telling the host again before 圈存, and of the repair load's INIT) and
 * CANCELLED (a POS approval that came after the recharge had ended: journaled there as owed, never dropped).
 * Beyond the happy path READ → ORDERED → PAID → INIT → AUTHORIZED → WRITTEN → CONFIRMED → VERIFIED:
 * - READ/ORDERED → CANCELLED: no order could be created, or it was closed unpaid.
 * - PAID/INIT/AUTHORIZED → UNLOADED (未圈存): proven not on the card — AUTHORIZED only after the card says so
 *   (docs/card-protocol.md §4), which is the engine's duty; the journal only keeps the order of things.
 *   ORDERED/PAID/INIT → UNLOADED also on the host's word (it was proven elsewhere): no MAC2 of ours exists.
 * - AUTHORIZED → WRITTEN also when resume finds the load on the card without a TAC answer.
 * - ORDERED/PAID/INIT/UNLOADED → CONFIRMED: the host says LOADED although this journal never sent the
 *   MAC2 (another terminal loaded it), and the card shows that load (main/recharge/host-status.ts).
 * - ORDERED/PAID/INIT/UNLOADED → REFUNDING/REFUNDED, REFUNDING → REFUNDED: the host is giving the money of a
 *   paid order that never reached the card back (§3a). Never from AUTHORIZED: the card decides first.
 * - PAID..WRITTEN, ORDERED, UNLOADED, REFUNDING → NEEDS_ADMIN (需管理员): the evidence contradicts itself.
 * - CONFIRMED → VERIFIED | NEEDS_ADMIN: the balance re-read after 已圈存 agrees, or does not.
 *   CONFIRMED is final for "pending work" (FINAL_STATES) but this one last check still follows it.
 * - UNLOADED → INIT: a repair load (圈存) of a paid, unloaded recharge starts a fresh INITIALIZE FOR LOAD.
 * - NEEDS_ADMIN → CONFIRMED | UNLOADED: a supervisor's resolution, decided by the card (never typed in).
 * PAID never goes to CANCELLED: the customer's money is taken, it must end loaded or refunded.
 */
export const TRANSITIONS: Readonly<Record<RechargeState, readonly RechargeState[]>> = {
  READ: ['READ', 'ORDERED', 'CANCELLED'],
  ORDERED: ['ORDERED', 'PAID', 'CANCELLED', 'UNLOADED', 'CONFIRMED', 'REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'],
  PAID: ['PAID', 'INIT', 'UNLOADED', 'CONFIRMED', 'REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'],
  INIT: ['INIT', 'AUTHORIZED', 'UNLOADED', 'CONFIRMED', 'REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'],
  AUTHORIZED: ['AUTHORIZED', 'WRITTEN', 'UNLOADED', 'NEEDS_ADMIN'],
  WRITTEN: ['WRITTEN', 'CONFIRMED', 'NEEDS_ADMIN'],
  CONFIRMED: ['VERIFIED', 'NEEDS_ADMIN'],
  VERIFIED: [],
  UNLOADED: ['UNLOADED', 'INIT', 'CONFIRMED', 'REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'],
  NEEDS_ADMIN: ['NEEDS_ADMIN', 'CONFIRMED', 'UNLOADED'],
  CANCELLED: ['CANCELLED'],
  REFUNDING: ['REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'],
  REFUNDED: [],
};

export function canTransition(from: RechargeState, to: RechargeState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(state: RechargeState): boolean {
  return FINAL_STATES.includes(state);
}
