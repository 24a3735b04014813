import type { z } from 'zod';
import { AppError } from '../../contract/errors';
import type {
  AuthorizeRequest, AuthorizeResponse, CardCheckRequest, CardCheckResponse, ConfirmRequest, CreateOrderRequest, HostOrder,
  HostRecord, HostWitness, MicropayRequest, RecordsQuery, SignInRequest, SignInResponse, TerminalDay, UnloadedRequest,
} from '../../contract/host-api';
import {
  AuthorizeResponseSchema, CardCheckResponseSchema, HostErrorBodySchema, HostOrderSchema, HostRecordsSchema, HostWitnessSchema,
  SignInResponseSchema, TerminalDaySchema,
} from '../../contract/host-schemas';
import { HostRejectedError } from './errors';
import type { HostLink, OrderWait, WitnessSource } from './port';
import { HostTransport, type HostTls } from './transport';

export interface HttpHostLinkOptions {
  /** e.g. `https://issuer.example:8443`; `http://127.0.0.1:8700` for the simulator only. `/v1/…` is appended. */
  baseUrl: string;
  /** The issuer's CA and the terminal's client certificate for HTTPS (PEM contents, not paths). */
  tls?: HostTls;
  /** Used to sign in before the first call when `signIn` was not called; `signIn` replaces it. */
  credentials?: SignInRequest;
  /** Per attempt, including reading the answer; a long poll gets its wait on top. Default 10 s. */
  timeoutMs?: number;
  /** Tries per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Pause before the second try; doubled before each further one. Default 300 ms. */
  backoffMs?: number;
}

/**
 * `HostLink` over the JSON/HTTP(S) API of docs/architecture.md §3. Every call of this host is idempotent
 * (client order id; order + serial + random for authorize; order + payment code for micropay; confirm,
 * close, unloaded; GETs), so a lost answer, a timeout, a refused connection or a 5xx is retried a bounded
 * number of times with backoff. A 4xx is the host's decision and is never retried — except 401, answered
 * by signing in again, once per call. A TLS refusal (untrusted or misnamed certificate, client certificate
 * missing or refused) is never retried either. An aborted long poll ends with HOST_REQUEST_CANCELLED.
 */
export class HttpHostLink implements HostLink, WitnessSource {
  private readonly transport: HostTransport;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private credentials: SignInRequest | null;
  private token: string | null = null;
  private signingIn: Promise<SignInResponse> | null = null;

  constructor(opts: HttpHostLinkOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.transport = new HostTransport(this.baseUrl, opts.tls);
    this.credentials = opts.credentials ?? null;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
    this.backoffMs = opts.backoffMs ?? 300;
  }

  async signIn(req: SignInRequest): Promise<SignInResponse> {
    this.credentials = req;
    const r = await this.call('POST', '/v1/sessions', req, SignInResponseSchema, { auth: false });
    this.token = r.token;
    return r;
  }

  checkCard(cardNo: string, req: CardCheckRequest = {}): Promise<CardCheckResponse> {
    return this.call('POST', `/v1/cards/${encodeURIComponent(cardNo)}/check`, req, CardCheckResponseSchema);
  }

  createOrder(req: CreateOrderRequest): Promise<HostOrder> {
    return this.call('POST', '/v1/orders', req, HostOrderSchema);
  }

  getOrder(orderId: string, wait: OrderWait = {}): Promise<HostOrder> {
    const query = new URLSearchParams();
    if (wait.unless !== undefined) query.set('unless', wait.unless);
    if (wait.waitMs !== undefined && wait.waitMs > 0) query.set('waitMs', String(wait.waitMs));
    const q = query.size > 0 ? `?${query.toString()}` : '';
    return this.call('GET', `/v1/orders/${encodeURIComponent(orderId)}${q}`, undefined, HostOrderSchema, {
      extraMs: wait.unless !== undefined ? wait.waitMs ?? 0 : 0, signal: wait.signal,
    });
  }

  closeOrder(orderId: string): Promise<HostOrder> {
    return this.call('POST', `/v1/orders/${encodeURIComponent(orderId)}/close`, {}, HostOrderSchema);
  }

  micropay(orderId: string, req: MicropayRequest): Promise<HostOrder> {
    return this.call('POST', `/v1/orders/${encodeURIComponent(orderId)}/micropay`, req, HostOrderSchema);
  }

  authorize(orderId: string, req: AuthorizeRequest): Promise<AuthorizeResponse> {
    return this.call('POST', `/v1/orders/${encodeURIComponent(orderId)}/authorize`, req, AuthorizeResponseSchema);
  }

  confirm(orderId: string, req: ConfirmRequest): Promise<HostOrder> {
    return this.call('POST', `/v1/orders/${encodeURIComponent(orderId)}/confirm`, req, HostOrderSchema);
  }

  markUnloaded(orderId: string, req: UnloadedRequest): Promise<HostOrder> {
    return this.call('POST', `/v1/orders/${encodeURIComponent(orderId)}/unloaded`, req, HostOrderSchema);
  }

  records(q: RecordsQuery): Promise<HostRecord[]> {
    const query = new URLSearchParams({ plate: q.plate, plateColor: String(q.plateColor), from: q.from, to: q.to });
    return this.call('GET', `/v1/records?${query.toString()}`, undefined, HostRecordsSchema);
  }

  terminalDay(terminalId: string, day: string): Promise<TerminalDay> {
    return this.call('GET', `/v1/terminals/${encodeURIComponent(terminalId)}/days/${encodeURIComponent(day)}`, undefined, TerminalDaySchema);
  }

  witness(terminalId: string): Promise<HostWitness> {
    return this.call('GET', `/v1/terminals/${encodeURIComponent(terminalId)}/witness`, undefined, HostWitnessSchema);
  }

  /** Drops the kept-alive connections. */
  close(): void {
    this.transport.close();
  }

  /** Signs in once for all callers waiting on it. */
  private async ensureSignedIn(): Promise<void> {
    if (this.token !== null) return;
    if (this.credentials === null) throw new AppError('HOST_NOT_SIGNED_IN');
    this.signingIn ??= this.signIn(this.credentials).finally(() => { this.signingIn = null; });
    await this.signingIn;
  }

  private async call<S extends z.ZodType>(
    method: string, path: string, body: unknown, schema: S, o: { auth?: boolean; extraMs?: number; signal?: AbortSignal } = {},
  ): Promise<z.output<S>> {
    const auth = o.auth ?? true;
    if (auth) await this.ensureSignedIn();
    let signedInAgain = false;
    let last: AppError = new AppError('HOST_UNREACHABLE', { url: this.baseUrl });
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (auth && this.token !== null) headers.authorization = `Bearer ${this.token}`;
      const outcome = await this.transport.exchange(
        method, path, headers, body === undefined ? undefined : JSON.stringify(body), this.timeoutMs + (o.extraMs ?? 0), o.signal,
      );
      if (outcome.kind === 'aborted') throw new AppError('HOST_REQUEST_CANCELLED', { path });
      if (outcome.kind === 'timeout') {
        last = new AppError('HOST_TIMEOUT', { seconds: this.timeoutMs / 1000, path });
      } else if (outcome.kind === 'failed') {
        if (!outcome.retry) throw outcome.error;
        last = outcome.error;
      } else if (outcome.status === 401 && auth && !signedInAgain && this.credentials !== null) {
        signedInAgain = true; // the host forgot the session (restart, expiry): sign in, then the same try again
        this.token = null;
        await this.ensureSignedIn();
        attempt--;
        continue;
      } else {
        let json: unknown = null;
        try {
          json = outcome.text === '' ? null : JSON.parse(outcome.text);
        } catch {
          json = null; // a proxy's HTML error page: judged by its status alone
        }
        if (outcome.status >= 200 && outcome.status < 300) {
          const parsed = schema.safeParse(json);
          if (!parsed.success) {
            const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
            throw new AppError('HOST_BAD_RESPONSE', { detail, path });
          }
          return parsed.data;
        }
        const err = HostErrorBodySchema.safeParse(json);
        const hostCode = err.success ? err.data.code : `HTTP_${outcome.status}`;
        const hostMessage = err.success ? err.data.message : `HTTP ${outcome.status}`;
        if (outcome.status < 500) throw new HostRejectedError(outcome.status, hostCode, hostMessage, err.success ? err.data.params : undefined);
        last = new AppError('HOST_ERROR', { status: outcome.status, hostCode, hostMessage });
      }
      if (attempt < this.maxAttempts) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
    }
    throw last;
  }
}
