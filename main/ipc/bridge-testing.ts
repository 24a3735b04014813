import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * Test helpers for the browser bridge (main/ipc/bridge.ts): requests whose every header the test controls
 * (fetch adds Origin and forbids Host and Cookie), a browser's session got the way a browser gets it, and
 * raw sockets for what no HTTP client would send. Used by main/ipc/*.test.ts and tests/fuzz, tests/e2e.
 */
export interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

export function send(origin: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * A browser's session, got as the page gets it (renderer/bridge-client.ts): the launch address's code spent
 * with `POST /session` for the cookie and the secret, both sent with every call.
 */
export interface BrowserSession {
  origin: string;
  cookie: string;
  /** The page's session secret (sent as `x-counter-session`). */
  secret: string;
  /** Both, as request headers. */
  headers: Record<string, string>;
  call(name: string, body?: unknown, headers?: Record<string, string>): Promise<Answer & { json: unknown }>;
}

export async function openSession(launchUrl: string): Promise<BrowserSession> {
  const u = new URL(launchUrl);
  const code = u.searchParams.get('code') ?? '';
  const first = await send(u.origin, '/session', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: u.origin }, body: JSON.stringify({ code }),
  });
  const set = first.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set[0] : set)?.split(';')[0];
  let secret: unknown;
  try { secret = (JSON.parse(first.body) as { data?: { secret?: unknown } }).data?.secret; } catch { /* not JSON */ }
  if (first.status !== 200 || !cookie || typeof secret !== 'string') throw new Error(`launch address gave no session (HTTP ${first.status})`);
  const headers = { cookie, 'x-counter-session': secret };
  return {
    origin: u.origin,
    cookie,
    secret,
    headers,
    async call(name, body = {}, more = {}) {
      const a = await send(u.origin, `/rpc/${name}`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...more }, body: JSON.stringify(body),
      });
      let json: unknown = null;
      try { json = JSON.parse(a.body); } catch { /* not JSON: the test looks at the status */ }
      return { ...a, json };
    },
  };
}

/**
 * Writes `bytes` on a fresh socket and gives back the first line the server answers ('' when it closed
 * without a word), or 'timeout' when it said nothing within `waitMs`.
 */
export function rawExchange(origin: string, bytes: string | Buffer, waitMs = 10_000): Promise<string> {
  const u = new URL(origin);
  return new Promise((resolve) => {
    let head = '';
    let done = false;
    const finish = (line: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(line);
    };
    const socket = connect(Number(u.port), u.hostname, () => socket.write(bytes));
    const timer = setTimeout(() => finish('timeout'), waitMs);
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n');
      if (end >= 0) finish(head.slice(0, end));
    });
    socket.on('close', () => finish(head.split('\r\n')[0] ?? ''));
    socket.on('error', () => finish(head.split('\r\n')[0] ?? ''));
  });
}
