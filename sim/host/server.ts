import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import type { HostOrder } from '../../contract/host-api';
import { t } from '../../contract/i18n';
import { MAX_LOAD_FEN } from '../../contract/money';
import type { KeyFile } from '../crypto/keys';
import { AcquirerLedger } from './acquirer';
import { BusinessCalendar, type HostCalendar } from './calendar';
import type { Now } from './clock';
import type { HostContext } from './context';
import { HostError } from './errors';
import { HostFaults } from './faults';
import { failure, readBody, send, type Reply, type RequestInfo, type Route } from './http';
import { MicropayKnobs } from './micropay-knobs';
import { getOrder, payOrder } from './orders';
import { adminRefund, runRefunds, type RefundRun } from './refunds';
import { v1Routes } from './routes-v1';
import { simRoutes } from './routes-sim';
import { HostStore, type OrderEvent } from './store';
import { OrderWatch } from './watch';

/** Gansu 陇通卡 (network 6201): issuer id = 甘肃 in GB2312 + 62010001 (docs/card-protocol.md §1, UNCONFIRMED). */
export const DEFAULT_ISSUERS: Readonly<Record<string, string>> = { '6201': 'B8CACBE062010001' };

/** Serve HTTPS: PEM server certificate and key; with `ca`, client certificates are checked against it. */
export interface HostSimTls {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
  /** Refuse a client without a certificate from `ca` (mutual TLS, docs/architecture.md §3b). */
  requireClientCert?: boolean;
}

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
  /** Statutory holidays and extra working days for the refund job (default: Monday–Friday only). */
  calendar?: HostCalendar;
  /** Run the refund job by itself once per Beijing day (default false: only `POST /sim/refunds/run`). */
  autoRefunds?: boolean;
  /** Algorithm id of SM4 cards' INIT (default 0x04, UNCONFIRMED). */
  sm4AlgId?: number;
  tls?: HostSimTls;
}

export interface HostSim {
  url: string;
  port: number;
  faults: HostFaults;
  /** The last requests served, oldest first: how many tries a client made and what each got. */
  requests: RequestLogEntry[];
  store: HostStore;
  db: Database.Database;
  /** The acquirer's ledger of POS slips: `add` a slip, or `charge` as a simulated POS would. */
  acquirer: AcquirerLedger;
  /** How the next payment-code payments answer (wait for the customer, refuse). */
  micropay: MicropayKnobs;
  /** The customer pays, as `POST /sim/orders/{id}/pay` does. */
  pay(orderId: string): HostOrder;
  order(orderId: string): HostOrder;
  events(orderId: string): OrderEvent[];
  /** The refund job as the run of day `asOf` (YYYY-MM-DD, Beijing) would do it. */
  runRefunds(asOf: string): RefundRun;
  /** The issuer's administrator refunds a paid, not-loaded order (e.g. a POS payment). */
  refund(orderId: string): HostOrder;
  /** Long polls waiting now. */
  readonly waiting: number;
  /** Invalidates every token, as a host restart or a session timeout would. */
  revokeSessions(): void;
  setIssuer(network: string, issuerId: string): void;
  close(): Promise<void>;
}

export interface RequestLogEntry { method: string; path: string; status: number | 'lost' }
const REQUEST_LOG_SIZE = 1000;

export async function startHostSim(opts: HostSimOptions): Promise<HostSim> {
  if (opts.tls?.requireClientCert && !opts.tls.ca) throw new Error('requireClientCert needs the client CA (tls.ca)');
  const listenHost = opts.host ?? '127.0.0.1';
  const store = new HostStore(opts.dbPath);
  const now = opts.now ?? (() => new Date());
  const scheme = opts.tls ? 'https' : 'http';
  let port = opts.port ?? 0;
  const baseUrl = () => opts.publicUrl ?? `${scheme}://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}`;
  const timers = new Set<NodeJS.Timeout>();
  const watch = new OrderWatch();
  store.onOrderChange = (orderId) => watch.notify(orderId);
  const ctx: HostContext = {
    store, now, publicUrl: baseUrl,
    calendar: new BusinessCalendar(opts.calendar), acquirer: new AcquirerLedger(store, now), micropay: new MicropayKnobs(),
    later: (ms, fn) => {
      const timer = setTimeout(() => { timers.delete(timer); fn(); }, ms);
      timer.unref();
      timers.add(timer);
    },
    config: {
      keys: opts.keys,
      issuers: new Map(Object.entries({ ...DEFAULT_ISSUERS, ...opts.issuers }).map(([n, id]) => [n, id.toUpperCase()])),
      orderTtlMs: opts.orderTtlMs ?? 15 * 60_000,
      perLoadLimitFen: opts.perLoadLimitFen ?? MAX_LOAD_FEN,
      cardMaxBalanceFen: opts.cardMaxBalanceFen ?? 100_000_000,
      sessionTtlMs: opts.sessionTtlMs ?? 12 * 3600_000,
      recordsMaxDays: 30,
      sm4AlgId: opts.sm4AlgId ?? 0x04,
      autoRefunds: opts.autoRefunds ?? false,
    },
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server: Server = opts.tls
    ? createHttpsServer({
      cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, requestCert: opts.tls.ca !== undefined,
      rejectUnauthorized: opts.tls.requireClientCert ?? false,
    }, listener)
    : createHttpServer(listener);
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
  const routes: Route[] = [...v1Routes(ctx, watch), ...simRoutes(ctx, faults)];

  function authenticate(header: string | undefined): NonNullable<RequestInfo['session']> {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    const session = token ? store.liveSession(token, now().toISOString()) : null;
    if (!session) throw new HostError(401, 'TOKEN_INVALID');
    return session;
  }

  async function dispatch(method: string, url: URL, body: unknown, req: IncomingMessage, signal: AbortSignal): Promise<Reply> {
    for (const r of routes) {
      const m = r.pattern.exec(url.pathname);
      if (!m || r.method !== method) continue;
      const session = r.auth ? authenticate(req.headers.authorization) : null;
      return r.handle(m.slice(1).map((s) => decodeURIComponent(s)), body, { query: url.searchParams, session, signal });
    }
    throw new HostError(404, 'ROUTE_NOT_FOUND', { method, path: url.pathname });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sim-host');
    const api = url.pathname.startsWith('/v1/');
    const gone = new AbortController();
    res.once('close', () => { if (!res.writableFinished) gone.abort(); });
    let reply: Reply;
    try {
      const body = await readBody(req);
      if (api && faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
      const fail = api ? faults.take('fail', method, url.pathname) : null;
      reply = fail
        ? { status: fail.status, json: { code: 'HOST_FAULT', message: t('HOST_FAULT', { status: fail.status }) } }
        : await dispatch(method, url, body, req, gone.signal);
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
    get waiting() { return watch.size; },
    faults, requests, store, db: store.db, acquirer: ctx.acquirer, micropay: ctx.micropay,
    pay: (orderId) => payOrder(ctx, orderId),
    order: (orderId) => getOrder(ctx, orderId),
    events: (orderId) => store.events(orderId),
    runRefunds: (asOf) => runRefunds(ctx, asOf),
    refund: (orderId) => adminRefund(ctx, store.tx(() => {
      const row = store.order(orderId);
      if (!row) throw new HostError(404, 'ORDER_NOT_FOUND', { orderId });
      return row;
    })),
    revokeSessions: () => store.revokeSessions(),
    setIssuer: (network, issuerId) => void ctx.config.issuers.set(network, issuerId.toUpperCase()),
    close: async () => {
      watch.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (!faults.dispose()) await stop();
      store.onOrderChange = null;
      store.close();
    },
  };
}
