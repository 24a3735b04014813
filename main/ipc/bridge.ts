import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../contract/errors';
import { callChannel, isCallName, type EventName, type EventPayloads } from '../../contract/ipc';
import { CSP, resolveRendererFile } from '../renderer-files';
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
    // A request line that is no URL (e.g. `GET http://[`) gets 400: nothing thrown here may reach the process.
    const url = parseUrl(req.url ?? '/', origin);
    if (!url) return text(res, 400, 'bad request');
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

/** The renderer's files, by the policy both servers share (main/renderer-files.ts). */
function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const file = resolveRendererFile(root, pathname);
  if (!file) return text(res, 404, 'not found');
  res.writeHead(200, { 'content-type': file.contentType, 'cache-control': file.cacheControl });
  createReadStream(file.path).pipe(res);
}

function parseUrl(target: string, base: string): URL | null {
  try {
    return new URL(target, base);
  } catch {
    return null;
  }
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
