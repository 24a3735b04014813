import { randomInt } from 'node:crypto';
import type { HostChannel, HostOrderStatus } from '../../contract/host-api';
import { beijing } from './clock';

/**
 * The payment channels' own life cycles, mapped onto the host order status:
 *   WeChat Pay (trade_state)  NOTPAY → (USERPAYING →) SUCCESS | CLOSED; REFUND once refunding or refunded
 *   Alipay (trade_status)     WAIT_BUYER_PAY → TRADE_SUCCESS | TRADE_CLOSED (a full refund closes the trade)
 *   POS (acquirer)            APPROVED at once; REFUNDED after the issuer's own refund
 * Once paid the channel trade stays successful whatever happens to the load afterwards.
 */
const WORDS: Record<HostChannel, { waiting: string; userPaying: string; success: string; closed: string; refund: string }> = {
  wechat: { waiting: 'NOTPAY', userPaying: 'USERPAYING', success: 'SUCCESS', closed: 'CLOSED', refund: 'REFUND' },
  alipay: { waiting: 'WAIT_BUYER_PAY', userPaying: 'WAIT_BUYER_PAY', success: 'TRADE_SUCCESS', closed: 'TRADE_CLOSED', refund: 'TRADE_CLOSED' },
  pos: { waiting: 'PENDING', userPaying: 'PENDING', success: 'APPROVED', closed: 'VOIDED', refund: 'REFUNDED' },
};

export function channelStatus(channel: HostChannel, status: HostOrderStatus, userPaying = false): string {
  const w = WORDS[channel];
  switch (status) {
    case 'AWAITING_PAYMENT': return userPaying ? w.userPaying : w.waiting;
    case 'CLOSED': return w.closed;
    case 'REFUNDING': case 'REFUNDED': return w.refund;
    default: return w.success;
  }
}

export function digits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}

/**
 * A trade number in the channel's style, 28 digits either way: WeChat transaction_id `4200` + 6 digits +
 * date + 10 digits; Alipay trade_no date + `2200` + 16 digits.
 */
export function tradeNo(channel: HostChannel, at: Date): string {
  const { date } = beijing(at);
  return channel === 'wechat' ? `4200${digits(6)}${date}${digits(10)}` : `${date}2200${digits(16)}`;
}

/** A refund number in the channel's style: WeChat refund_id `50` + 27 digits; Alipay / POS date + `2900` + 16 digits. */
export function refundNo(channel: HostChannel, at: Date): string {
  const { date } = beijing(at);
  return channel === 'wechat' ? `5030${digits(5)}${date}${digits(12)}` : `${date}2900${digits(16)}`;
}
