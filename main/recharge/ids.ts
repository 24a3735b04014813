import { createHash } from 'node:crypto';

/** Recharge ids derived from what identifies them, so the same thing asked again meets the same recharge (and host order). */

const uuidOf = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;

/**
 * The recharge id of a payment code at this terminal: a UUID-shaped digest of terminal and code. It is the host
 * order's idempotency key too, so the same code always meets the same recharge and the same order.
 */
export function codeRechargeId(terminalId: string, code: string): string {
  return uuidOf(createHash('sha256').update(`etc-counter/pay-code/${terminalId.toUpperCase()}/${code}`).digest('hex'));
}

/** The id a host order gets when its local twin was closed here but the host took the payment: adopting it again finds it. */
export function twinId(orderId: string): string {
  return uuidOf(createHash('sha256').update(`adopted-after-cancel:${orderId}`).digest('hex'));
}
