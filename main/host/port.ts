import type {
  AuthorizeRequest, AuthorizeResponse, CardCheckRequest, CardCheckResponse, ConfirmRequest, CreateOrderRequest, HostOrder,
  HostRecord, RecordsQuery, SignInRequest, SignInResponse, UnloadedRequest,
} from '../../contract/host-api';

/**
 * The issuer host as the engine sees it (docs/architecture.md §3). Every call is idempotent on the host side
 * (clientOrderId; order + serial for authorize), so the adapter may retry after a lost answer.
 * Failures are `AppError`s: HOST_UNREACHABLE, HOST_TIMEOUT, HOST_ERROR (5xx), HOST_BAD_RESPONSE, and
 * HOST_REJECTED (a `HostRejectedError` whose `hostCode` is the host's own code, e.g. MAC1_INVALID).
 */
export interface HostLink {
  signIn(req: SignInRequest): Promise<SignInResponse>;
  /** 圈存检测; pass the balance just read so the host can answer the real room left on the card. */
  checkCard(cardNo: string, req?: CardCheckRequest): Promise<CardCheckResponse>;
  createOrder(req: CreateOrderRequest): Promise<HostOrder>;
  getOrder(orderId: string): Promise<HostOrder>;
  closeOrder(orderId: string): Promise<HostOrder>;
  authorize(orderId: string, req: AuthorizeRequest): Promise<AuthorizeResponse>;
  confirm(orderId: string, req: ConfirmRequest): Promise<HostOrder>;
  markUnloaded(orderId: string, req: UnloadedRequest): Promise<HostOrder>;
  records(q: RecordsQuery): Promise<HostRecord[]>;
}
