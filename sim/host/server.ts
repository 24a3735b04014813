import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import { ZodError, type z } from 'zod';
import type { HostOrder, SignInResponse } from '../../contract/host-api';
import {
  AuthorizeRequestSchema, CardCheckRequestSchema, CardNoSchema, ConfirmRequestSchema, CreateOrderRequestSchema,
  RecordsQuerySchema, SignInRequestSchema, UnloadedRequestSchema,
} from '../../contract/host-schemas';
import { t } from '../../contract/i18n';
import { MAX_LOAD_FEN } from '../../contract/money';
import type { KeyFile } from '../crypto/keys';
import type { Now } from './clock';
import { HostError } from './errors';
import { FaultRequestSchema, HostFaults } from './faults';
import { authorize, confirm, markUnloaded } from './load';
import { checkCard, closeOrder, createOrder, getOrder, payOrder, records, type HostContext } from './orders';
import { payPage } from './pay-page';
import { HostStore, type OrderEvent } from './store';

/** Gansu 陇通卡 (network 6201): issuer id = 甘肃 in GB2312 + 62010001 (docs/card-protocol.md §1, UNCONFIRMED). */
export const DEFAULT_ISSUERS: Readonly<Record<string, string>> = { '6201': 'B8CACBE062010001' };

export interface HostSimOptions {
  port?: number;
  /** Interface to listen on; loopback unless a phone on the LAN should open the training QR page. */
  host?: string;
  keys: KeyFile;
  dbPath: string;
  now?: Now;
  /** Network number → issuer id, merged over DEFAULT_ISSUERS. */
  issuers?: Record<string, string>;
  orderTtlMs?: number; // default 15 min
  perLoadLimitFen?: number; // default 10,000,000 fen
  cardMaxBalanceFen?: number; // default 100,000,000 fen (docs/card-protocol.md §5: UNCONFIRMED)
  sessionTtlMs?: number; // default 12 h
  /** Base of the training QR URL, when the host is reached under another name than it listens on. */
  publicUrl?: string;
}

export interface HostSim {
  url: string;
  port: number;
  faults: HostFaults;
  /** The last requests served, oldest first: how many tries a client made and what each got. */
  requests: RequestLogEntry[];
  store: HostStore;
  db: Database.Database;
  /** The customer pays, as `POST /sim/orders/{id}/pay` does. */
  pay(orderId: string): HostOrder;
  order(orderId: string): HostOrder;
  events(orderId: string): OrderEvent[];
  /** Invalidates every token, as a host restart or a session timeout would. */
  revokeSessions(): void;
  setIssuer(network: string, issuerId: string): void;
  close(): Promise<void>;
}

export interface RequestLogEntry { method: string; path: string; status: number | 'lost' }
const REQUEST_LOG_SIZE = 1000;

interface Reply { status: number; json?: unknown; html?: string; after?: () => void }
type Handler = (m: string[], body: unknown, query: URLSearchParams) => Reply;
interface Route { method: string; pattern: RegExp; auth: boolean; handle: Handler }

const ok = (json: unknown): Reply => ({ status: 200, json });

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HostError(400, 'REQUEST_INVALID', { detail: describeZod(r.error) });
  return r.data;
}

function describeZod(e: ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) reject(new HostError(400, 'REQUEST_INVALID', { detail: 'body too large' }));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new HostError(400, 'REQUEST_INVALID', { detail: 'body is not JSON' }));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' }).end(reply.html);
  } else {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.json ?? {}));
  }
}

export async function startHostSim(opts: HostSimOptions): Promise<HostSim> {
  const listenHost = opts.host ?? '127.0.0.1';
  const store = new HostStore(opts.dbPath);
  const now = opts.now ?? (() => new Date());
  let port = opts.port ?? 0;
  const baseUrl = () => opts.publicUrl ?? `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}`;
  const ctx: HostContext = {
    store, now, publicUrl: baseUrl,
    config: {
      keys: opts.keys,
      issuers: new Map(Object.entries({ ...DEFAULT_ISSUERS, ...opts.issuers }).map(([n, id]) => [n, id.toUpperCase()])),
      orderTtlMs: opts.orderTtlMs ?? 15 * 60_000,
      perLoadLimitFen: opts.perLoadLimitFen ?? MAX_LOAD_FEN,
      cardMaxBalanceFen: opts.cardMaxBalanceFen ?? 100_000_000,
      sessionTtlMs: opts.sessionTtlMs ?? 12 * 3600_000,
      recordsMaxDays: 30,
    },
  };

  const server = createServer((req, res) => void handle(req, res));
  const start = () => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  const faults = new HostFaults({ start, stop });
  const requests: RequestLogEntry[] = [];
  const log = (entry: RequestLogEntry) => {
    requests.push(entry);
    if (requests.length > REQUEST_LOG_SIZE) requests.shift();
  };

  const routes: Route[] = [
    { method: 'POST', pattern: /^\/v1\/sessions$/, auth: false, handle: (_m, body) => {
      const r = parse(SignInRequestSchema, body);
      const at = now();
      const token = randomBytes(24).toString('hex');
      store.insertSession({
        token, terminalId: r.terminalId.toUpperCase(), operatorId: r.operatorId, createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + ctx.config.sessionTtlMs).toISOString(),
      });
      return ok({ token, hostTime: at.toISOString() } satisfies SignInResponse);
    } },
    { method: 'POST', pattern: /^\/v1\/cards\/([^/]+)\/check$/, auth: true, handle: ([cardNo], body) =>
      ok(checkCard(ctx, parse(CardNoSchema, cardNo), parse(CardCheckRequestSchema, body))) },
    { method: 'POST', pattern: /^\/v1\/orders$/, auth: true, handle: (_m, body) => ok(createOrder(ctx, parse(CreateOrderRequestSchema, body))) },
    { method: 'GET', pattern: /^\/v1\/orders\/([^/]+)$/, auth: true, handle: ([id]) => ok(getOrder(ctx, id ?? '')) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/close$/, auth: true, handle: ([id]) => ok(closeOrder(ctx, id ?? '')) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/authorize$/, auth: true, handle: ([id], body) =>
      ok(authorize(ctx, id ?? '', parse(AuthorizeRequestSchema, body))) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/confirm$/, auth: true, handle: ([id], body) =>
      ok(confirm(ctx, id ?? '', parse(ConfirmRequestSchema, body))) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/unloaded$/, auth: true, handle: ([id], body) =>
      ok(markUnloaded(ctx, id ?? '', parse(UnloadedRequestSchema, body))) },
    { method: 'GET', pattern: /^\/v1\/records$/, auth: true, handle: (_m, _b, q) =>
      ok(records(ctx, parse(RecordsQuerySchema, Object.fromEntries(q)))) },
    // Training and test hooks: no token, like the customer's phone and the test bench.
    { method: 'POST', pattern: /^\/sim\/orders\/([^/]+)\/pay$/, auth: false, handle: ([id]) => ok(payOrder(ctx, id ?? '')) },
    { method: 'GET', pattern: /^\/sim\/pay\/([^/]+)$/, auth: false, handle: ([id]) => ({ status: 200, html: payPage(getOrder(ctx, id ?? '')) }) },
    { method: 'GET', pattern: /^\/sim\/faults$/, auth: false, handle: () => ok(faults.snapshot()) },
    { method: 'POST', pattern: /^\/sim\/faults$/, auth: false, handle: (_m, body) => {
      const r = parse(FaultRequestSchema, body);
      faults.apply(r);
      if (r.down) return { ...ok({ ...faults.snapshot(), down: true }), after: () => void faults.down(r.downForMs ?? 5000) };
      return ok(faults.snapshot());
    } },
  ];

  function authenticate(header: string | undefined): void {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    if (!token || !store.liveSession(token, now().toISOString())) throw new HostError(401, 'TOKEN_INVALID');
  }

  function dispatch(method: string, path: string, query: URLSearchParams, body: unknown, authorization?: string): Reply {
    for (const r of routes) {
      const m = r.pattern.exec(path);
      if (!m || r.method !== method) continue;
      if (r.auth) authenticate(authorization);
      return r.handle(m.slice(1).map((s) => decodeURIComponent(s)), body, query);
    }
    throw new HostError(404, 'ROUTE_NOT_FOUND', { method, path });
  }

  function failure(e: unknown): Reply {
    if (e instanceof HostError) return { status: e.status, json: e.body() };
    const detail = e instanceof Error ? e.message : String(e);
    return { status: 500, json: { code: 'INTERNAL', message: t('INTERNAL', { detail }) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sim-host');
    const api = url.pathname.startsWith('/v1/');
    let reply: Reply;
    try {
      const body = await readBody(req);
      if (api && faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
      const fail = api ? faults.take('fail', method, url.pathname) : null;
      reply = fail
        ? { status: fail.status, json: { code: 'HOST_FAULT', message: t('HOST_FAULT', { status: fail.status }) } }
        : dispatch(method, url.pathname, url.searchParams, body, req.headers.authorization);
    } catch (e) {
      reply = failure(e);
    }
    if (api && faults.take('lose', method, url.pathname)) {
      log({ method, path: url.pathname, status: 'lost' });
      req.socket.destroy(); // the work is committed; only the answer is lost
      return;
    }
    log({ method, path: url.pathname, status: reply.status });
    send(res, reply);
    if (reply.after) res.once('finish', reply.after);
  }

  await start();
  return {
    get url() { return baseUrl(); },
    get port() { return port; },
    faults, requests, store, db: store.db,
    pay: (orderId) => payOrder(ctx, orderId),
    order: (orderId) => getOrder(ctx, orderId),
    events: (orderId) => store.events(orderId),
    revokeSessions: () => store.revokeSessions(),
    setIssuer: (network, issuerId) => void ctx.config.issuers.set(network, issuerId.toUpperCase()),
    close: async () => {
      if (!faults.dispose()) await stop();
      store.close();
    },
  };
}
