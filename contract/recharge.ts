import type { Fen } from './money';
import type { PosVoucher } from './pos';
import type { EventData } from './recharge-events';

/**
 * The recharge states of docs/architecture.md §2. A recharge is one journal row with an append-only event list;
 * each event names the state it enters.
 */
export const RECHARGE_STATES = [
  'READ', // card read
  'ORDERED', // host order created, QR shown
  'PAID', // 已完成支付 — from here it must end loaded or refunded
  'INIT', // INITIALIZE FOR LOAD answered
  'AUTHORIZED', // MAC2 received; journaled before CREDIT is sent
  'WRITTEN', // CREDIT FOR LOAD returned TAC
  'CONFIRMED', // 已圈存 — host accepted the TAC
  'VERIFIED', // balance re-read and equal to before + amount
  'UNLOADED', // 未圈存 — proven not on the card
  'NEEDS_ADMIN', // 需管理员 — evidence contradicts itself
  'CANCELLED', // order closed unpaid
  'REFUNDING', // 退款中 — the host is giving a paid, never-loaded order's money back (docs/architecture.md §3a)
  'REFUNDED', // 已退款 — the money is back on the original channel; never loaded
] as const;
export type RechargeState = (typeof RECHARGE_STATES)[number];

/**
 * States after which nothing more will happen to the recharge without an operator starting 圈存 (or a
 * supervisor resolving NEEDS_ADMIN). REFUNDING is not final: it is pending work the host finishes, which
 * blocks neither the card (rule 3) nor the day's close.
 */
export const FINAL_STATES: readonly RechargeState[] = ['VERIFIED', 'CONFIRMED', 'UNLOADED', 'NEEDS_ADMIN', 'CANCELLED', 'REFUNDED'];

/** A recharge in one of these states blocks any new recharge on the same card (rule 3). */
export const BLOCKING_STATES: readonly RechargeState[] = ['PAID', 'INIT', 'AUTHORIZED', 'WRITTEN'];

/**
 * How the customer paid: WeChat Pay or Alipay (a QR code the customer scans, or the customer's payment
 * code 付款码 the counter scans), or a bank card on the outlet's POS terminal (`pos`, docs/pos.md).
 */
export type PayChannel = 'wechat' | 'alipay' | 'pos';
export const PAY_CHANNELS: readonly PayChannel[] = ['wechat', 'alipay', 'pos'];

export const PAY_CHANNEL_NAMES: Record<PayChannel, { zh: string; en: string }> = {
  wechat: { zh: '微信支付', en: 'WeChat Pay' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  pos: { zh: '银行卡(POS)', en: 'Bank card (POS)' },
};

/** The journal's view of one recharge: the latest known value of every field. */
export interface RechargeRecord {
  id: string; // client order UUID = idempotency key with the host
  createdAt: string; // ISO
  updatedAt: string; // ISO
  state: RechargeState;
  training: boolean;
  terminalId: string; // 12 hex digits
  operatorId: string;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: Fen;
  channel: PayChannel;
  balanceBeforeFen: Fen;
  orderId: string | null;
  tradeNo: string | null; // the payment channel's trade number
  qrPayload: string | null; // what the QR code encodes, while the order awaits payment
  orderExpiresAt: string | null; // ISO
  onlineSerial: number | null; // card serial N at INIT
  hostDateTime: string | null; // YYYYMMDDhhmmss from authorize
  balanceAfterFen: Fen | null;
  tac: string | null;
  error: string | null; // last error code seen, for the operator
  /** Channel `pos`: the slip that paid (the acquirer's, once the host answered the order). */
  posVoucher: PosVoucher | null;
  /** Paid with the customer's payment code (付款码): the code masked (first 4, last 4 digits). */
  authCodeMasked: string | null;
  /** 0015 byte 9 at 读卡: a high nibble 5 marks a dual-algorithm (SM4) card (docs/card-protocol.md §3). */
  cardVersion: number | null;
  /** From the last INITIALIZE FOR LOAD: the load key's version and the algorithm id (00 3DES, 04 SM4). */
  keyVersion: number | null;
  algId: number | null;
}

export interface RechargeEvent {
  rechargeId: string;
  seq: number;
  at: string; // ISO
  state: RechargeState;
  /** What was learned at this step, one typed shape per step (contract/recharge-events.ts). */
  data: EventData;
}
