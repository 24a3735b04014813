import { randomInt } from 'node:crypto';
import type { HostOrderStatus } from '../../contract/host-api';
import type { PayChannel } from '../../contract/recharge';
import { beijing } from './clock';

/**
 * The payment channels' own life cycles, mapped onto the host order status:
 *   WeChat Pay (trade_state)  NOTPAY → SUCCESS | CLOSED
 *   Alipay (trade_status)     WAIT_BUYER_PAY → TRADE_SUCCESS | TRADE_CLOSED
 * Once paid the channel trade stays successful whatever happens to the load afterwards.
 */
const WORDS: Record<PayChannel, { waiting: string; success: string; closed: string; refund: string }> = {
  wechat: { waiting: 'NOTPAY', success: 'SUCCESS', closed: 'CLOSED', refund: 'REFUND' },
  alipay: { waiting: 'WAIT_BUYER_PAY', success: 'TRADE_SUCCESS', closed: 'TRADE_CLOSED', refund: 'TRADE_CLOSED' },
};

export function channelStatus(channel: PayChannel, status: HostOrderStatus): string {
  const w = WORDS[channel];
  switch (status) {
    case 'AWAITING_PAYMENT': return w.waiting;
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
export function tradeNo(channel: PayChannel, at: Date): string {
  const { date } = beijing(at);
  return channel === 'wechat' ? `4200${digits(6)}${date}${digits(10)}` : `${date}2200${digits(16)}`;
}
