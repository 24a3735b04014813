import { FINAL_STATES, type RechargeState } from '../../contract/recharge';

/**
 * Every state a recharge may enter from each state (docs/architecture.md §2) — the one place this is decided.
 *
 * A non-final state may also re-enter itself: an event that records a retry or an error (host timeout,
 * card pulled before INIT…) without anything new having happened. A final state never re-enters itself.
 * Beyond the happy path READ → ORDERED → PAID → INIT → AUTHORIZED → WRITTEN → CONFIRMED → VERIFIED:
 * - READ/ORDERED → CANCELLED: no order could be created, or it was closed unpaid.
 * - PAID/INIT/AUTHORIZED → UNLOADED (未圈存): proven not on the card — AUTHORIZED only after the card says so
 *   (docs/card-protocol.md §4), which is the engine's duty; the journal only keeps the order of things.
 * - AUTHORIZED → WRITTEN also when resume finds the load on the card without a TAC answer.
 * - PAID..WRITTEN → NEEDS_ADMIN (需管理员): the evidence contradicts itself.
 * - CONFIRMED → VERIFIED | NEEDS_ADMIN: the balance re-read after 已圈存 agrees, or does not.
 *   CONFIRMED is final for "pending work" (FINAL_STATES) but this one last check still follows it.
 * - UNLOADED → INIT: a repair load (圈存) of a paid, unloaded recharge starts a fresh INITIALIZE FOR LOAD.
 * - NEEDS_ADMIN → CONFIRMED | UNLOADED: an administrator's decision.
 * PAID never goes to CANCELLED: the customer's money is taken, it must end loaded or refunded.
 */
export const TRANSITIONS: Readonly<Record<RechargeState, readonly RechargeState[]>> = {
  READ: ['READ', 'ORDERED', 'CANCELLED'],
  ORDERED: ['ORDERED', 'PAID', 'CANCELLED'],
  PAID: ['PAID', 'INIT', 'UNLOADED', 'NEEDS_ADMIN'],
  INIT: ['INIT', 'AUTHORIZED', 'UNLOADED', 'NEEDS_ADMIN'],
  AUTHORIZED: ['AUTHORIZED', 'WRITTEN', 'UNLOADED', 'NEEDS_ADMIN'],
  WRITTEN: ['WRITTEN', 'CONFIRMED', 'NEEDS_ADMIN'],
  CONFIRMED: ['VERIFIED', 'NEEDS_ADMIN'],
  VERIFIED: [],
  UNLOADED: ['INIT'],
  NEEDS_ADMIN: ['CONFIRMED', 'UNLOADED'],
  CANCELLED: [],
};

export function canTransition(from: RechargeState, to: RechargeState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(state: RechargeState): boolean {
  return FINAL_STATES.includes(state);
}
