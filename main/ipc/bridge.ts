import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callChannel, isCallName, type EventName, type EventPayloads } from '../../contract/ipc';
import { CSP, resolveRendererFile } from '../renderer-files';
import { guardConnections } from './bridge-conns';
import { answerClientError, BRIDGE_LIMITS, isJson, json, readBody, refusal, text, type BridgeLimits } from './bridge-http';
import { bridgeSessions, SECRET_HEADER } from './bridge-sessions';
import type { EventSink, IpcEventLike, IpcMainLike } from './port';

/**
 * Browser mode (the fallback where Electron cannot run, and the tests): the renderer served over loopback,
 * the same IPC handlers behind `POST /rpc/<call>` and the events as a Server-Sent-Events stream on
 * `GET /events`. Both API routes want a session — its cookie and the secret the page holds — which the page
 * of a one-time launch address gets once (`POST /session`, bridge-sessions.ts); each session is its own
 * client of the gate. Every request, however malformed, slow or large, gets an answer or a closed socket,
 * never an exception, and sockets that never carried a session cannot crowd out the one that did
 * (bridge-conns.ts, docs/security.md).
 */
export interface BridgeOptions {
  staticDir: string;
  port?: number; // 0 (default): a random free port
  limits?: Partial<BridgeLimits>;
  /** Unexpected failures (an exception in a route): reported here, answered 500. */
  log?: (line: string) => void;
}

export interface Bridge extends IpcMainLike {
  readonly origin: string;
  /** Open sockets by kind, and how many strangers gave way (bridge-conns.ts). */
  connections(): { trusted: number; untrusted: number; evicted: number };
  /** A one-time address for one browser (`/?code=…`); `onUsed` runs once a browser has exchanged it. */
  issueLaunchUrl(onUsed?: () => void): string;
  emit: EventSink;
  /** Who may receive which event: by default every stream; browser mode keeps recharges to signed-in clients. */
  setAudience(fn: (client: string, event: EventName) => boolean): void;
  /** The sender check for registerIpc: only requests that passed the session check reach a handler. */
  isTrustedSender(event: IpcEventLike): boolean;
  close(): Promise<void>;
}

interface Stream { res: ServerResponse; client: string }

export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const limits: BridgeLimits = { ...BRIDGE_LIMITS, ...o.limits };
  const log = o.log ?? (() => {});
  const listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const streams = new Set<Stream>();
  let audience: (client: string, event: EventName) => boolean = () => true;
  let origin = '';
  let sessions = bridgeSessions(0);

  // A page of another site (or DNS rebinding) must not reach the API even if it guessed the port.
  const sameOrigin = (req: IncomingMessage): boolean =>
    req.headers.host === new URL(origin).host && (req.headers.origin === undefined || req.headers.origin === origin);

  const server = createServer({
    maxHeaderSize: limits.maxHeaderBytes, requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs, requireHostHeader: true,
  }, (req, res) => {
    try {
      route(req, res);
    } catch (e) {
      failed(res, e);
    }
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.on('clientError', answerClientError);
  const connections = guardConnections(server, limits);

  function route(req: IncomingMessage, res: ServerResponse): void {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    res.on('error', () => {}); // a client gone mid-answer is no error of ours
    // A request line that is no URL (e.g. `GET http://[`) gets 400: nothing thrown here may reach the process.
    const url = parseUrl(req.url ?? '/', origin);
    if (!url) return text(res, 400, 'bad request');
    if (!sameOrigin(req)) return text(res, 403, 'forbidden');
    const method = req.method ?? '';
    if (url.pathname.startsWith('/rpc/')) {
      if (method !== 'POST') return notAllowed(res, method, 'POST');
      return void rpc(req, res, url.pathname.slice(5)).catch((e: unknown) => failed(res, e));
    }
    if (url.pathname === '/events') return method === 'GET' ? events(req, res) : notAllowed(res, method, 'GET');
    if (url.pathname === '/session') {
      if (method !== 'POST') return notAllowed(res, method, 'POST');
      return void launch(req, res).catch((e: unknown) => failed(res, e));
    }
    if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, method, 'GET, HEAD');
    // `/?code=…` is the page like any other (no-store): the page spends the code itself (POST /session).
    serveStatic(o.staticDir, url.pathname, method === 'HEAD', res);
  }

  /** The page's one-time code spent for a session: the cookie, and the secret in the answer (for the tab's memory). */
  async function launch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const close = { connection: 'close' };
    if (!isJson(req.headers['content-type'])) return json(res, 415, refusal('BRIDGE_CONTENT_TYPE'), close);
    const body = await readBody(req, 1024);
    if (!body.ok) {
      if (body.reason === 'too-large') json(res, 413, refusal('BRIDGE_BODY_TOO_LARGE', { max: 1024 }), close);
      return;
    }
    let code: unknown;
    try {
      code = (JSON.parse(body.text || '{}') as { code?: unknown }).code;
    } catch {
      return json(res, 400, refusal('BRIDGE_BODY_NOT_JSON'), close);
    }
    const session = typeof code === 'string' ? sessions.exchange(code) : null;
    if (!session) return json(res, 401, refusal('BRIDGE_SESSION_REQUIRED'), close);
    connections.trust(req.socket);
    json(res, 200, { ok: true, data: { secret: session.secret } }, { 'set-cookie': sessions.setCookie(session) });
  }

  /** The session a request carries (cookie and secret), trusting its socket; null when it carries none. */
  function sessionOf(req: IncomingMessage): string | null {
    const client = sessions.clientOf(req.headers.cookie, req.headers[SECRET_HEADER]);
    if (client) connections.trust(req.socket);
    return client;
  }

  async function rpc(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const close = { connection: 'close' }; // refused before its body was read: the socket goes, the body with it
    const client = sessionOf(req);
    if (!client) return json(res, 401, refusal('BRIDGE_SESSION_REQUIRED'), close);
    if (!isJson(req.headers['content-type'])) return json(res, 415, refusal('BRIDGE_CONTENT_TYPE'), close);
    const listener = isCallName(name) ? listeners.get(callChannel(name)) : undefined;
    if (!listener) return json(res, 404, refusal('IPC_UNKNOWN_CALL', { name: name.slice(0, 64) }), close);
    const body = await readBody(req, limits.maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'too-large') json(res, 413, refusal('BRIDGE_BODY_TOO_LARGE', { max: limits.maxBodyBytes }), close);
      return; // aborted: nobody is listening for an answer
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text || '{}');
    } catch {
      return json(res, 400, refusal('BRIDGE_BODY_NOT_JSON'));
    }
    json(res, 200, await listener({ senderFrame: { url: origin + '/' }, client }, parsed));
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    const client = sessionOf(req);
    if (!client) return json(res, 401, refusal('BRIDGE_SESSION_REQUIRED'));
    const mine = [...streams].filter((s) => s.client === client);
    for (const old of mine.slice(0, Math.max(0, mine.length - limits.maxStreamsPerSession + 1))) old.res.end();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const stream: Stream = { res, client };
    streams.add(stream);
    const ping = setInterval(() => write(stream, ': ping\n\n'), 15_000);
    res.on('close', () => { clearInterval(ping); streams.delete(stream); });
  }

  function write(s: Stream, frame: string): void {
    if (s.res.destroyed || s.res.writableEnded) streams.delete(s);
    else s.res.write(frame);
  }

  function failed(res: ServerResponse, e: unknown): void {
    log(`bridge: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    if (!res.headersSent) text(res, 500, 'internal error', { connection: 'close' });
    else res.destroy();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', (e) => log(`bridge server: ${e.stack ?? e.message}`));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  sessions = bridgeSessions(port);

  return {
    origin,
    connections: () => connections.counts(),
    issueLaunchUrl: (onUsed) => `${origin}/?code=${sessions.issueCode(onUsed)}`,
    handle(channel, listener) { listeners.set(channel, listener); },
    removeHandler(channel) { listeners.delete(channel); },
    isTrustedSender: (event) => event.senderFrame?.url === origin + '/' && typeof event.client === 'string',
    setAudience(fn) { audience = fn; },
    emit<E extends EventName>(name: E, payload: EventPayloads[E]) {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) if (audience(s.client, name)) write(s, frame);
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of streams) s.res.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer', // a launch address carries its one-time code
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function notAllowed(res: ServerResponse, method: string, allow: string): void {
  json(res, 405, refusal('BRIDGE_METHOD_NOT_ALLOWED', { method: method.slice(0, 16) }), { allow, connection: 'close' });
}

/** The renderer's files, by the policy both servers share (main/renderer-files.ts); public, as an installer's are. */
function serveStatic(root: string, pathname: string, head: boolean, res: ServerResponse): void {
  const file = resolveRendererFile(root, pathname);
  if (!file) return text(res, 404, 'not found');
  res.writeHead(200, { 'content-type': file.contentType, 'cache-control': file.cacheControl });
  if (head) return void res.end();
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy()); // removed between the check and the read
  stream.pipe(res);
}

function parseUrl(target: string, base: string): URL | null {
  try {
    return new URL(target, base);
  } catch {
    return null;
  }
}
