import type { Fen } from './money';
import type { PayChannel } from './recharge';

/**
 * The issuer-host API of docs/architecture.md §3: the JSON bodies the simulator (sim/host) serves and the HTTP
 * adapter (main/host) sends. Hex fields are upper-case hex strings; dates YYYYMMDD, times hhmmss.
 */
export type HostOrderStatus = 'AWAITING_PAYMENT' | 'PAID' | 'CLOSED' | 'LOADED' | 'UNLOADED' | 'REFUNDING' | 'REFUNDED';

export interface HostOrder {
  orderId: string;
  clientOrderId: string;
  status: HostOrderStatus;
  /** The channel's own status word: WeChat NOTPAY/SUCCESS/CLOSED, Alipay WAIT_BUYER_PAY/TRADE_SUCCESS/TRADE_CLOSED. */
  channelStatus: string;
  channel: PayChannel;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: Fen;
  terminalId: string;
  qrPayload: string;
  tradeNo: string | null;
  createdAt: string; // ISO
  expiresAt: string; // ISO
  paidAt: string | null;
  loadedAt: string | null;
}

export interface SignInRequest { terminalId: string; operatorId: string; }
export interface SignInResponse { token: string; hostTime: string; }

/** Body of `POST /v1/cards/{cardNo}/check`; the balance just read lets the host answer the real room left. */
export interface CardCheckRequest { balanceFen?: Fen | null; }

export interface CardCheckResponse {
  cardNo: string;
  loadableFen: Fen; // how much more this card may take (card maximum balance − known balance, per-load limit)
  /** Unresolved (half) records: paid orders for this card neither LOADED nor UNLOADED. */
  halfRecords: HostOrder[];
  /** Paid orders proven not on the card (未圈存): money owed to the card, to be loaded via 圈存 or refunded. */
  unloadedRecords: HostOrder[];
}

export interface CreateOrderRequest {
  clientOrderId: string;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: Fen;
  channel: PayChannel;
  terminalId: string;
  balanceFen: Fen; // card balance at read, for the maximum-balance check
}

export interface AuthorizeRequest {
  cardNo: string;
  onlineSerial: number; // N from INITIALIZE FOR LOAD
  oldBalanceFen: Fen;
  amountFen: Fen;
  random: string; // 8 hex
  keyVersion: number;
  algId: number;
  terminalId: string; // 12 hex
  mac1: string; // 8 hex
}
export interface AuthorizeResponse { mac2: string; hostDate: string; hostTime: string; }

export interface ConfirmRequest {
  onlineSerial: number; // N, before the load
  newBalanceFen: Fen;
  tac: string | null; // 8 hex, when the card gave one
  /** When no TAC is at hand (answer lost): what the card shows (docs/card-protocol.md §4 step 3). */
  evidence: CardEvidence | null;
}

export interface UnloadedRequest { evidence: CardEvidence; }

/** What the card showed when a recharge was decided from the card itself. */
export interface CardEvidence {
  balanceFen: Fen;
  onlineSerial: number; // N' from a probing INIT
  /** The matching 0018 load record, if any. */
  loadRecord: { serial: number; amountFen: Fen; terminalId: string; at: string } | null;
}

/** `GET /v1/records` query: plate + colour, dates YYYY-MM-DD in host (Beijing) time, `to − from` ≤ 30 days. */
export interface RecordsQuery { plate: string; plateColor: number; from: string; to: string; }

/** One row of `GET /v1/records`: an order as the records page needs it. */
export type HostRecord = Pick<
  HostOrder,
  'orderId' | 'clientOrderId' | 'cardNo' | 'plate' | 'plateColor' | 'amountFen' | 'channel' | 'tradeNo' | 'status' | 'createdAt' | 'loadedAt'
>;

/** Every error body: `{ code, message }` with a stable code, the message in Chinese. */
export interface HostErrorBody { code: string; message: string; }
