import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../../contract/errors';

/**
 * The bridge's HTTP plumbing (main/ipc/bridge.ts): the limits it keeps against slow, huge or broken
 * requests, reading a body within them, and writing answers that never throw — a client that has gone
 * away, or a socket already destroyed, is simply not answered (docs/security.md, the bridge's threat model).
 */
export interface BridgeLimits {
  /** Request line and headers together (node's maxHeaderSize): larger is 431. */
  maxHeaderBytes: number;
  /** Until the headers are complete (slowloris): 408 and the socket closed. */
  headersTimeoutMs: number;
  /** Until the whole request, body included, has arrived: 408. The answer may take longer (a card write). */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often node looks for requests over those timeouts. */
  checkIntervalMs: number;
  /** Sockets open at once (bridge-conns.ts): the oldest untrusted one gives way to a new one. */
  maxConnections: number;
  /** Of those, sockets that never carried a session's call; the rest is kept for the signed-in browser. */
  maxUntrustedConnections: number;
  /** An untrusted socket's first request headers must arrive within this, or it is closed. */
  untrustedHeadersTimeoutMs: number;
  /** Requests on one keep-alive socket, then it is closed. */
  maxRequestsPerSocket: number;
  /** A call's JSON body: larger is 413. */
  maxBodyBytes: number;
  /** Event streams one session may hold (a reload opens a new one): the oldest is ended. */
  maxStreamsPerSession: number;
}

export const BRIDGE_LIMITS: BridgeLimits = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 64,
  maxUntrustedConnections: 48,
  untrustedHeadersTimeoutMs: 2_000,
  maxRequestsPerSocket: 1_000,
  maxBodyBytes: 64 * 1024,
  maxStreamsPerSession: 4,
};

export type Body = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * The body as UTF-8 text, at most `max` bytes. A declared Content-Length over the limit is refused before
 * a byte is read; a body that outgrows it, or a client that stops halfway (truncated, reset), ends the read
 * with a reason instead of an exception. The request timeout bounds a body that trickles in.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    let size = 0;
    let done = false;
    const chunks: Buffer[] = [];
    const finish = (b: Body): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(b);
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > max) {
        req.pause();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}

/** `application/json`, with or without parameters (charset): a form or text/plain post is not a call. */
export function isJson(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && contentType.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Whether `res` can still be written to (the client may have gone). */
const writable = (res: ServerResponse): boolean => !res.headersSent && !res.destroyed && !res.writableEnded;

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

export function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  send(res, status, 'text/plain; charset=utf-8', body, headers);
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string>): void {
  if (!writable(res)) return;
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), 'cache-control': 'no-store', ...headers });
  res.end(bytes);
}

/** `{ok:false, code, message}` in the contract's shape, for answers the gate never saw. */
export function refusal(code: string, params: Record<string, string | number> = {}) {
  const e = new AppError(code, params);
  return { ok: false as const, code: e.code, message: e.message };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * What node's parser could not make a request of (garbage, a header over the limit, a timeout): a bare
 * status line and the socket closed. node's own default does the same; this one never writes to a dead socket.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const attached = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || attached?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  setTimeout(() => socket.destroy(), 2_000).unref(); // a client that never reads does not keep the socket
}
