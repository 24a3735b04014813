import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { AppError } from '../../contract/errors';
import { callChannel, isCallName, type EventName, type EventPayloads } from '../../contract/ipc';
import type { EventSink, IpcEventLike, IpcMainLike } from './port';

/**
 * Browser mode (development and tests): the renderer served over loopback, with the same IPC handlers
 * behind `POST /rpc/<call>` and the events as a Server-Sent-Events stream on `GET /events`. Both require
 * the per-run token in the `x-counter-token` header; the page gets it as `?token=` on its URL.
 */
export interface BridgeOptions {
  staticDir: string;
  port?: number; // 0 (default): a random free port
  token?: string;
}

export interface Bridge extends IpcMainLike {
  readonly url: string; // with ?token=
  readonly origin: string;
  readonly token: string;
  emit: EventSink;
  /** The sender check for registerIpc: only requests that passed the token check reach a handler. */
  isTrustedSender(event: IpcEventLike): boolean;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-counter-token';
const MAX_BODY = 64 * 1024;

/** Strict CSP: only our own scripts; inline styles for Element Plus' positioning; QR codes as data: images. */
export const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const streams = new Set<ServerResponse>();
  let origin = '';

  const authorized = (req: IncomingMessage): boolean => {
    const got = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
    return got.length === tokenBuf.length && timingSafeEqual(got, tokenBuf);
  };
  // A page of another site (or DNS rebinding) must not reach the API even if it guessed the port.
  const sameOrigin = (req: IncomingMessage): boolean =>
    req.headers.host === new URL(origin).host && (req.headers.origin === undefined || req.headers.origin === origin);

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', origin);
    if (!sameOrigin(req)) return text(res, 403, 'forbidden');
    if (url.pathname.startsWith('/rpc/') && req.method === 'POST') return void rpc(req, res, url.pathname.slice(5));
    if (url.pathname === '/events' && req.method === 'GET') return events(req, res);
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(o.staticDir, url.pathname, res);
    text(res, 405, 'method not allowed');
  });

  async function rpc(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!authorized(req)) return json(res, 401, refusal('BRIDGE_TOKEN_REQUIRED'));
    const listener = isCallName(name) ? listeners.get(callChannel(name)) : undefined;
    if (!listener) return json(res, 404, refusal('IPC_UNKNOWN_CALL', { name }));
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || '{}');
    } catch {
      return json(res, 400, refusal('INVALID_INPUT', { detail: 'body is not JSON' }));
    }
    json(res, 200, await listener({ senderFrame: { url: origin + '/' } }, body));
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    if (!authorized(req)) return json(res, 401, refusal('BRIDGE_TOKEN_REQUIRED'));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => { clearInterval(ping); streams.delete(res); });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    handle(channel, listener) { listeners.set(channel, listener); },
    removeHandler(channel) { listeners.delete(channel); },
    isTrustedSender: (event) => event.senderFrame?.url === origin + '/',
    emit<E extends EventName>(name: E, payload: EventPayloads[E]) {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) s.write(frame);
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of streams) s.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer', // the page URL carries the token
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function refusal(code: string, params: Record<string, string> = {}) {
  const e = new AppError(code, params);
  return { ok: false, code: e.code, message: e.message };
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^[/\\]+/, '');
  const file = join(root, rel);
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return text(res, 404, 'not found');
  }
  const isIndex = rel === 'index.html';
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // Hashed asset names never change; the page itself must always be fresh after a rebuild.
    'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(res);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
