import type { z } from 'zod';
import { AppError } from '../../contract/errors';
import type {
  AuthorizeRequest, AuthorizeResponse, CardCheckRequest, CardCheckResponse, ConfirmRequest, CreateOrderRequest, HostOrder,
  HostRecord, RecordsQuery, SignInRequest, SignInResponse, UnloadedRequest,
} from '../../contract/host-api';
import {
  AuthorizeResponseSchema, CardCheckResponseSchema, HostErrorBodySchema, HostOrderSchema, HostRecordsSchema,
  SignInResponseSchema,
} from '../../contract/host-schemas';
import { HostRejectedError } from './errors';
import type { HostLink } from './port';

export interface HttpHostLinkOptions {
  /** e.g. `http://127.0.0.1:8700` — the `/v1/…` paths of docs/architecture.md §3 are appended. */
  baseUrl: string;
  /** Used to sign in before the first call when `signIn` was not called; `signIn` replaces it. */
  credentials?: SignInRequest;
  /** Per attempt, including reading the answer. Default 10 s. */
  timeoutMs?: number;
  /** Tries per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Pause before the second try; doubled before each further one. Default 300 ms. */
  backoffMs?: number;
}

type Outcome = { kind: 'answer'; status: number; json: unknown } | { kind: 'failed'; error: AppError };

/**
 * `HostLink` over the JSON/HTTP API of docs/architecture.md §3. Every host call is idempotent by design (client
 * order id; order + serial for authorize; confirm, close, unloaded; GETs), so a lost answer, a timeout,
 * a refused connection or a 5xx is retried a bounded number of times with backoff. A 4xx is the host's
 * decision and is never retried — except 401, answered by signing in again, once per call.
 */
export class HttpHostLink implements HostLink {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private credentials: SignInRequest | null;
  private token: string | null = null;
  private signingIn: Promise<SignInResponse> | null = null;

  constructor(opts: HttpHostLinkOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.credentials = opts.credentials ?? null;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
    this.backoffMs = opts.backoffMs ?? 300;
  }

  async signIn(req: SignInRequest): Promise<SignInResponse> {
    this.credentials = req;
    const r = await this.call('POST', '/v1/sessions', req, SignInResponseSchema, false);
    this.token = r.token;
    return r;
  }

  checkCard(cardNo: string, req: CardCheckRequest = {}): Promise<CardCheckResponse> {
    return this.call('POST', `/v1/cards/${encodeURIComponent(cardNo)}/check`, req, CardCheckResponseSchema);
  }

  createOrder(req: CreateOrderRequest): Promise<HostOrder> {
    return this.call('POST', '/v1/orders', req, HostOrderSchema);
  }

  getOrder(orderId: string): Promise<HostOrder> {
    return this.call('GET', `/v1/orders/${encodeURIComponent(orderId)}`, undefined, HostOrderSchema);
  }

  closeOrder(orderId: string): Promise<HostOrder> {
    return this.call('POST', `/v1/orders/${encodeURIComponent(orderId)}/close`, {}, HostOrderSchema);
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

  /** Signs in once for all callers waiting on it. */
  private async ensureSignedIn(): Promise<void> {
    if (this.token !== null) return;
    if (this.credentials === null) throw new AppError('HOST_NOT_SIGNED_IN');
    this.signingIn ??= this.signIn(this.credentials).finally(() => { this.signingIn = null; });
    await this.signingIn;
  }

  private async call<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S, auth = true): Promise<z.output<S>> {
    if (auth) await this.ensureSignedIn();
    let signedInAgain = false;
    let last: AppError = new AppError('HOST_UNREACHABLE', { url: this.baseUrl });
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const outcome = await this.attempt(method, path, body, auth);
      if (outcome.kind === 'failed') {
        last = outcome.error;
      } else if (outcome.status === 401 && auth && !signedInAgain && this.credentials !== null) {
        signedInAgain = true; // the host forgot the session (restart, expiry): sign in, then the same try again
        this.token = null;
        await this.ensureSignedIn();
        attempt--;
        continue;
      } else if (outcome.status >= 200 && outcome.status < 300) {
        const parsed = schema.safeParse(outcome.json);
        if (!parsed.success) {
          const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
          throw new AppError('HOST_BAD_RESPONSE', { detail, path });
        }
        return parsed.data;
      } else {
        const err = HostErrorBodySchema.safeParse(outcome.json);
        const hostCode = err.success ? err.data.code : `HTTP_${outcome.status}`;
        const hostMessage = err.success ? err.data.message : `HTTP ${outcome.status}`;
        if (outcome.status < 500) throw new HostRejectedError(outcome.status, hostCode, hostMessage);
        last = new AppError('HOST_ERROR', { status: outcome.status, hostCode, hostMessage });
      }
      if (attempt < this.maxAttempts) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
    }
    throw last;
  }

  /** One HTTP exchange, answer body included, under the per-attempt timeout. Never throws. */
  private async attempt(method: string, path: string, body: unknown, auth: boolean): Promise<Outcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.token !== null) headers.authorization = `Bearer ${this.token}`;
    try {
      const res = await fetch(this.baseUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal,
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = null; // a proxy's HTML error page: judged by its status alone
      }
      return { kind: 'answer', status: res.status, json };
    } catch (e) {
      if (timedOut) return { kind: 'failed', error: new AppError('HOST_TIMEOUT', { seconds: this.timeoutMs / 1000, path }, { cause: e }) };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
      return { kind: 'failed', error: new AppError('HOST_UNREACHABLE', { url: this.baseUrl, detail, path }, { cause: e }) };
    } finally {
      clearTimeout(timer);
    }
  }
}
