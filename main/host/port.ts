import type {
  AuthorizeRequest, AuthorizeResponse, CardCheckResponse, ConfirmRequest, CreateOrderRequest, HostOrder, HostRecord,
  SignInRequest, SignInResponse, UnloadedRequest,
} from '../../contract/host-api';

/**
 * The issuer host as the engine sees it (design.md §3). Every call is idempotent on the host side
 * (clientOrderId; order + serial for authorize), so the adapter may retry after a lost answer.
 * Failures are `AppError`s: HOST_UNREACHABLE, HOST_TIMEOUT, HOST_REJECTED (with the host's code), …
 */
export interface HostLink {
  signIn(req: SignInRequest): Promise<SignInResponse>;
  checkCard(cardNo: string): Promise<CardCheckResponse>;
  createOrder(req: CreateOrderRequest): Promise<HostOrder>;
  getOrder(orderId: string): Promise<HostOrder>;
  closeOrder(orderId: string): Promise<HostOrder>;
  authorize(orderId: string, req: AuthorizeRequest): Promise<AuthorizeResponse>;
  confirm(orderId: string, req: ConfirmRequest): Promise<HostOrder>;
  markUnloaded(orderId: string, req: UnloadedRequest): Promise<HostOrder>;
  records(q: { plate: string; plateColor: number; from: string; to: string }): Promise<HostRecord[]>;
}
