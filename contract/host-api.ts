import type { Fen } from './money';
import type { PosVoucher } from './pos';
import type { PayChannel } from './recharge';

export type { PosVoucher } from './pos';

/**
 * The issuer-host API of docs/architecture.md §3 (§3a after payment, §3b the further calls): the JSON
 * bodies the simulator (sim/host) serves and the HTTP adapter (main/host) sends. Hex fields are
 * upper-case hex strings; card dates YYYYMMDD, times hhmmss; business days YYYY-MM-DD in Beijing time.
 */
export type HostOrderStatus = 'AWAITING_PAYMENT' | 'PAID' | 'CLOSED' | 'LOADED' | 'UNLOADED' | 'REFUNDING' | 'REFUNDED';

/**
 * The host's channel list: the counter's QR / payment-code channels and `pos`, a bank card charged on the
 * outlet's own POS terminal (自营网点) — the journal's `PayChannel`, one list for both.
 */
export type HostChannel = PayChannel;

/** The longest long poll the host holds (`GET /v1/orders/{id}?waitMs=N`), in ms. */
export const MAX_ORDER_WAIT_MS = 30_000;

/**
 * What the customer is owed back for a paid order that never reached the card (docs/architecture.md §3a):
 * everything a refund slip (退款说明) prints beside amount, channel and trade number. Null on orders the
 * host will never refund by itself: unpaid, loaded, and POS orders (voided on the POS or refunded by the
 * issuer's own process).
 */
export interface HostRefund {
  /** The Beijing business day the order was paid on; its reconciliation starts the refund. */
  businessDay: string;
  /** The day by which the money is back on the original channel, if the order is still not loaded. */
  expectedDate: string;
  /**
   * True while a MAC2 of the order may still be on the card (an authorization not proven unused): the
   * refund waits for the card's evidence — confirm (then no refund) or `/unloaded` (then the refund).
   */
  heldForCard: boolean;
  /** The channel's refund number, once REFUNDED. */
  refundNo: string | null;
  refundedAt: string | null; // ISO, once REFUNDED
}

export interface HostOrder {
  orderId: string;
  clientOrderId: string;
  status: HostOrderStatus;
  /**
   * The channel's own status word: WeChat NOTPAY/USERPAYING/SUCCESS/CLOSED/REFUND, Alipay
   * WAIT_BUYER_PAY/TRADE_SUCCESS/TRADE_CLOSED, POS APPROVED/REFUNDED.
   */
  channelStatus: string;
  channel: HostChannel;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: Fen;
  terminalId: string; // the terminal that created the order
  qrPayload: string; // empty for a POS order
  /** The channel's trade number; for a POS order the slip's reference no. */
  tradeNo: string | null;
  createdAt: string; // ISO
  expiresAt: string; // ISO
  paidAt: string | null;
  loadedAt: string | null;
  refund: HostRefund | null;
  posVoucher: PosVoucher | null;
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
  channel: HostChannel;
  terminalId: string;
  balanceFen: Fen; // card balance at read, for the maximum-balance check
  /** Required with channel `pos`, refused with any other: the slip that paid; the order is PAID at once. */
  posVoucher?: PosVoucher;
}

/** `GET /v1/orders/{id}?waitMs=N&unless=STATUS`: answer at once unless the status is `unless`. */
export interface OrderWaitQuery { waitMs?: number; unless?: HostOrderStatus; }

/** `POST /v1/orders/{id}/micropay`: the customer's payment code (付款码), contract/payment-code.ts. */
export interface MicropayRequest { authCode: string; }

export interface AuthorizeRequest {
  cardNo: string;
  onlineSerial: number; // N from INITIALIZE FOR LOAD
  oldBalanceFen: Fen;
  amountFen: Fen;
  random: string; // 8 hex
  keyVersion: number;
  /** From INIT: 00 = 3DES; SM4 most likely 04 (docs/card-protocol.md §3: UNCONFIRMED). Picks the host's crypto. */
  algId: number;
  terminalId: string; // 12 hex
  mac1: string; // 8 hex
  /** 0015 byte 9, when the counter sends it: a high nibble 5 marks a dual-algorithm (SM4) card. */
  cardVersion?: number;
}
export interface AuthorizeResponse { mac2: string; hostDate: string; hostTime: string; }

export interface ConfirmRequest {
  onlineSerial: number; // N, before the load
  newBalanceFen: Fen;
  tac: string | null; // 8 hex, when the card gave one
  /** When no TAC is at hand (answer lost): what the card shows (docs/card-protocol.md §4 step 3). */
  evidence: CardEvidence | null;
  /** The journal's chain heads as the call leaves the counter (docs/architecture.md §3c); the host keeps them. */
  witness?: JournalWitness;
}

export interface UnloadedRequest {
  evidence: CardEvidence;
  /** As in `ConfirmRequest`. */
  witness?: JournalWitness;
}

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
  'orderId' | 'clientOrderId' | 'cardNo' | 'plate' | 'plateColor' | 'amountFen' | 'channel' | 'tradeNo' | 'status' | 'createdAt'
  | 'loadedAt' | 'refund'
>;

/**
 * One order of a terminal's business day (`GET /v1/terminals/{id}/days/{day}`, docs/architecture.md §3b):
 * created at this terminal that day, or loaded at it that day. `status` is the order's status now.
 */
export type TerminalDayOrder = Pick<
  HostOrder,
  'orderId' | 'clientOrderId' | 'cardNo' | 'plate' | 'plateColor' | 'amountFen' | 'channel' | 'channelStatus' | 'status'
  | 'tradeNo' | 'terminalId' | 'createdAt' | 'paidAt' | 'loadedAt' | 'refund' | 'posVoucher'
> & {
  /** The terminal whose authorization put the load on the card (may differ from the ordering `terminalId`). */
  loadTerminalId: string | null;
};

/** Count and sum of one channel × status in a terminal's day. */
export interface TerminalDayTotal { channel: HostChannel; status: HostOrderStatus; count: number; amountFen: Fen; }

/** The host's view of one terminal's business day, for 对账 (reconciliation). */
export interface TerminalDay {
  terminalId: string;
  day: string; // YYYY-MM-DD, Beijing
  generatedAt: string; // ISO host time of this view
  /** When the host's reconciliation with the channels covered this day (its refund job ran), else null. */
  reconciledAt: string | null;
  /** Oldest first (by creation). */
  orders: TerminalDayOrder[];
  /** One row per channel × status present, sorted by channel then status. */
  totals: TerminalDayTotal[];
  /** The journal heads the host keeps for this terminal (§3c), so that 对账 can compare the file with them. */
  witness?: HostWitness;
}

/**
 * Every error body: `{ code, message }` with a stable code, the message in Chinese, and the message's
 * parameters where the counter acts on them (e.g. `orderId` of POS_SLIP_USED: the order the slip funded).
 */
export interface HostErrorBody { code: string; message: string; params?: Record<string, string | number>; }

/**
 * The journal's hash chains (main/journal/chain.ts) that a witness names: recharge events, audit rows,
 * operator changes, day closures and PIN outcomes.
 */
export const WITNESS_CHAINS = ['events', 'audit', 'operators', 'closures', 'pins'] as const;
export type WitnessChain = (typeof WITNESS_CHAINS)[number];

/** One chain's head: the position of its last row (0: empty) and that row's hash (64 hex, zeros when empty). */
export interface ChainPosition { last: number; hash: string; }

/**
 * What a counter's journal looked like when a recharge ended at the host (docs/architecture.md §3c): the
 * journal's own random id (a new file is a new journal) and each chain's head. It travels with `confirm` and
 * `unloaded`; the host keeps, per terminal, the furthest head of each chain it was shown, so that a journal
 * cut short or rewritten later no longer matches what the host saw.
 */
export interface JournalWitness {
  journalId: string; // 32 hex
  events: ChainPosition;
  audit: ChainPosition;
  operators: ChainPosition;
  closures: ChainPosition;
  pins: ChainPosition;
}

/** `GET /v1/terminals/{id}/witness`: what the host keeps for one terminal; `witness` null before the first. */
export interface HostWitness {
  terminalId: string;
  witness: JournalWitness | null;
  /** When a chain last moved forward (ISO host time), or null. */
  receivedAt: string | null;
}
