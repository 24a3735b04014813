import type {
  AuthorizeRequest, AuthorizeResponse, CardCheckRequest, CardCheckResponse, ConfirmRequest, CreateOrderRequest, HostOrder,
  HostRecord, HostWitness, MicropayRequest, OrderWaitQuery, RecordsQuery, SignInRequest, SignInResponse, TerminalDay,
  UnloadedRequest,
} from '../../contract/host-api';

/** A long poll of `getOrder`: wait up to `waitMs` (≤ MAX_ORDER_WAIT_MS) while the status is `unless`. */
export interface OrderWait extends OrderWaitQuery {
  /** Ends the wait early (the operator cancelled); the call then rejects with HOST_REQUEST_CANCELLED. */
  signal?: AbortSignal;
}

/**
 * The issuer host as the engine sees it (docs/architecture.md §3, §3a, §3b). Every call is idempotent on
 * the host side (clientOrderId; order + serial + random for authorize; order + payment code for
 * micropay), so the adapter may retry after a lost answer. Failures are `AppError`s: HOST_UNREACHABLE,
 * HOST_TIMEOUT, HOST_ERROR (5xx), HOST_BAD_RESPONSE, HOST_TLS_* (certificate refusals), HOST_REQUEST_CANCELLED,
 * and HOST_REJECTED (a `HostRejectedError` whose `hostCode` is the host's own code, e.g. MAC1_INVALID).
 */
export interface HostLink {
  signIn(req: SignInRequest): Promise<SignInResponse>;
  /** 圈存检测; pass the balance just read so the host can answer the real room left on the card. */
  checkCard(cardNo: string, req?: CardCheckRequest): Promise<CardCheckResponse>;
  /** A QR / payment-code order, or with channel `pos` and the slip's voucher an order paid at once. */
  createOrder(req: CreateOrderRequest): Promise<HostOrder>;
  /** The order now; with `wait`, a long poll that answers when its status is no longer `wait.unless`. */
  getOrder(orderId: string, wait?: OrderWait): Promise<HostOrder>;
  closeOrder(orderId: string): Promise<HostOrder>;
  /**
   * 付款码: PAID, or AWAITING_PAYMENT while the customer confirms on the phone (then long-poll getOrder),
   * or HOST_REJECTED with the channel's refusal (PAY_NOT_ENOUGH, AUTH_CODE_EXPIRED, …).
   */
  micropay(orderId: string, req: MicropayRequest): Promise<HostOrder>;
  authorize(orderId: string, req: AuthorizeRequest): Promise<AuthorizeResponse>;
  confirm(orderId: string, req: ConfirmRequest): Promise<HostOrder>;
  markUnloaded(orderId: string, req: UnloadedRequest): Promise<HostOrder>;
  records(q: RecordsQuery): Promise<HostRecord[]>;
  /** The host's view of this terminal's business day (YYYY-MM-DD, Beijing), for 对账. */
  terminalDay(terminalId: string, day: string): Promise<TerminalDay>;
}

/**
 * What the host keeps of this terminal's journal (docs/architecture.md §3c): each chain's furthest head it
 * was shown with `confirm` and `unloaded`. `journal verify` compares the file with it. Apart from
 * `HostLink`: the engine never asks for it.
 */
export interface WitnessSource {
  witness(terminalId: string): Promise<HostWitness>;
}
