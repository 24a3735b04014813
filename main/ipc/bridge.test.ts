import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callChannel } from '../../contract/ipc';
import { startBridge, type Bridge } from './bridge';
import type { BridgeLimits } from './bridge-http';
import { openSession, rawExchange, send, type BrowserSession } from './bridge-testing';

let bridge: Bridge;
let root: string;
const logged: string[] = [];

async function start(limits: Partial<BridgeLimits> = {}): Promise<void> {
  bridge = await startBridge({ staticDir: root, limits, log: (l) => logged.push(l) });
  bridge.handle(callChannel('pending'), (event, req) => ({ ok: true, data: { from: event.senderFrame?.url, client: event.client, req } }));
  bridge.handle(callChannel('status'), () => { throw new Error('a handler that throws'); });
}

beforeEach(async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bridge-'));
  root = join(scratch, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>counter</p>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'secret.txt'), 'nope');
  logged.length = 0;
});
afterEach(() => bridge?.close());

const get = (path: string, headers: Record<string, string> = {}) => send(bridge.origin, path, { headers });
const rpcRaw = (name: string, headers: Record<string, string>, body = '{}') =>
  send(bridge.origin, `/rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('browser bridge: one-time launch codes, session cookies and secrets', () => {
  beforeEach(() => start());

  it('listens on loopback only and hands out one-time launch addresses', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const a = bridge.issueLaunchUrl();
    const b = bridge.issueLaunchUrl();
    expect(a).toMatch(new RegExp(`^${bridge.origin}/\\?code=[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
  });

  it('serves the launch page without spending its code; the page spends it once for a cookie and a secret', async () => {
    const url = new URL(bridge.issueLaunchUrl());
    let used = 0;
    const counted = new URL(bridge.issueLaunchUrl(() => used++));
    const page = await get(url.pathname + url.search);
    expect([page.status, page.headers['set-cookie'], page.body]).toEqual([200, undefined, expect.stringContaining('counter')]);
    const spend = (code: string, headers: Record<string, string> = {}) => send(bridge.origin, '/session', {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code }),
    });
    const first = await spend(url.searchParams.get('code') ?? '');
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/^counter-session-\d+=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const { data } = JSON.parse(first.body) as { data: { secret: string } };
    expect(data.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain(data.secret); // the secret never travels in a cookie
    const again = await spend(url.searchParams.get('code') ?? '');
    expect([again.status, again.headers['set-cookie'], JSON.parse(again.body).code]).toEqual([401, undefined, 'BRIDGE_SESSION_REQUIRED']);
    expect((await spend('x'.repeat(43))).status).toBe(401);
    expect((await send(bridge.origin, '/session', { method: 'GET' })).status).toBe(405);
    expect((await spend(counted.searchParams.get('code') ?? '', { origin: 'http://127.0.0.1:24999' })).status).toBe(403); // another port's page
    expect(used).toBe(0);
    expect((await spend(counted.searchParams.get('code') ?? '')).status).toBe(200);
    expect(used).toBe(1);
  });

  it('answers a call only with a live session\'s cookie AND its secret, naming that browser as its own client', async () => {
    expect((await rpcRaw('pending', {})).status).toBe(401);
    const wrong = await rpcRaw('pending', { cookie: `counter-session-${new URL(bridge.origin).port}=${'x'.repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, code: 'BRIDGE_SESSION_REQUIRED' });
    const one = await openSession(bridge.issueLaunchUrl());
    const two = await openSession(bridge.issueLaunchUrl());
    // What a program listening on another loopback port gets when the browser visits it: the cookie, never the secret.
    expect((await rpcRaw('pending', { cookie: one.cookie })).status).toBe(401);
    expect((await rpcRaw('pending', { 'x-counter-session': one.secret })).status).toBe(401);
    expect((await rpcRaw('pending', { cookie: one.cookie, 'x-counter-session': two.secret })).status).toBe(401);
    expect((await rpcRaw('pending', { cookie: one.cookie, 'x-counter-session': `${one.secret}x` })).status).toBe(401);
    const a = await one.call('pending', { a: 1 });
    const b = await two.call('pending');
    expect(a.json).toMatchObject({ ok: true, data: { from: `${bridge.origin}/`, req: { a: 1 } } });
    const clientOf = (x: { json: unknown }) => (x.json as { data: { client: string } }).data.client;
    expect(clientOf(a)).toMatch(/^br:\d+$/);
    expect(clientOf(b)).not.toBe(clientOf(a));
    expect(bridge.isTrustedSender({ senderFrame: { url: `${bridge.origin}/` }, client: 'br:1' })).toBe(true);
    expect(bridge.isTrustedSender({ senderFrame: { url: `${bridge.origin}/` } })).toBe(false);
    expect(bridge.isTrustedSender({ senderFrame: { url: 'http://evil.example/' }, client: 'br:1' })).toBe(false);
  });

  it('refuses calls the contract does not name, and requests from another origin or host name', async () => {
    const s = await openSession(bridge.issueLaunchUrl());
    const unknown = await s.call('shutdown');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ok: false, code: 'IPC_UNKNOWN_CALL' });
    expect((await s.call('pending', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await s.call('pending', {}, { host: 'evil.example' })).status).toBe(403);
  });

  it('streams events only to a session, and only those its audience rule allows', async () => {
    expect((await get('/events')).status).toBe(401);
    const s = await openSession(bridge.issueLaunchUrl());
    expect((await get('/events', { cookie: s.cookie })).status).toBe(401); // the cookie alone: no stream
    bridge.setAudience((_client, event) => event !== 'recharge');
    const u = new URL(bridge.origin);
    const got = await new Promise<string>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/events', headers: s.headers }, (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes(': connected')) {
            bridge.emit('payment', { id: 'r', state: 'PAID', checkedAt: 'now' });
            bridge.emit('recharge', {} as never);
            bridge.emit('host', { online: true });
          }
          if (buf.includes('event: host')) { resolve(buf); req.destroy(); }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(got).toContain('event: payment');
    expect(got).not.toContain('event: recharge');
    expect(got).toContain('event: host\ndata: {"online":true}\n\n');
  });
});

describe('browser bridge: every malformed request gets an error answer, and it keeps serving', () => {
  let s: BrowserSession;
  beforeEach(async () => {
    await start({
      headersTimeoutMs: 600, requestTimeoutMs: 900, checkIntervalMs: 100, maxConnections: 8, maxUntrustedConnections: 6, maxBodyBytes: 1024,
    });
    s = await openSession(bridge.issueLaunchUrl());
  });
  const host = () => new URL(bridge.origin).host;
  /** The session's cookie and secret as raw header lines. */
  const credentials = () => `Cookie: ${s.cookie}\r\nX-Counter-Session: ${s.secret}\r\n`;

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('counter');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%E0%A4%A']) {
      expect((await get(p)).status, p).toBe(404);
    }
  });

  it('answers a request line that is no URL, garbage bytes and an overlong header', async () => {
    expect(await rawExchange(bridge.origin, `GET http://[ HTTP/1.1\r\nHost: ${host()}\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawExchange(bridge.origin, '\x00\x01\x02 garbage \xff\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawExchange(bridge.origin, `GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))
      .toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(await rawExchange(bridge.origin, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`))
      .toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(await rawExchange(bridge.origin, 'GET / HTTP/1.1\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request'); // no Host
    expect((await get('/')).status).toBe(200);
  });

  it('refuses wrong methods (405 with Allow), wrong content types (415), huge bodies (413) and bad JSON (400)', async () => {
    const wrongMethod = await send(bridge.origin, '/rpc/pending', { headers: s.headers });
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'POST']);
    expect((await send(bridge.origin, '/', { method: 'DELETE' })).headers.allow).toBe('GET, HEAD');
    expect((await send(bridge.origin, '/events', { method: 'POST' })).status).toBe(405);
    expect((await s.call('pending', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    const form = await send(bridge.origin, '/rpc/pending', { method: 'POST', headers: { ...s.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(415);
    const big = await send(bridge.origin, '/rpc/pending', { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(5000) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, code: 'BRIDGE_BODY_TOO_LARGE' });
    const chunked = await rawExchange(bridge.origin, `POST /rpc/pending HTTP/1.1\r\nHost: ${host()}\r\n${credentials()}` +
      `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n${'a'.repeat(0x800)}\r\n0\r\n\r\n`);
    expect(chunked).toBe('HTTP/1.1 413 Payload Too Large');
    const notJson = await send(bridge.origin, '/rpc/pending', { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: '{"a":' });
    expect([notJson.status, JSON.parse(notJson.body).code]).toEqual([400, 'BRIDGE_BODY_NOT_JSON']);
    expect((await s.call('pending')).status).toBe(200);
  });

  it('survives a truncated body and times out one that stops halfway (408), serving others meanwhile', async () => {
    const head = `POST /rpc/pending HTTP/1.1\r\nHost: ${host()}\r\n${credentials()}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`;
    const cut = connect(Number(new URL(bridge.origin).port), '127.0.0.1', () => { cut.write(head); cut.end(); });
    cut.resume(); // read what it answers (400: the body ended early), so that the socket can close
    await new Promise((r) => cut.on('close', r));
    const stalled = rawExchange(bridge.origin, head, 5_000);
    expect((await s.call('pending')).status).toBe(200);
    expect(await stalled).toBe('HTTP/1.1 408 Request Timeout');
    expect((await s.call('pending')).status).toBe(200);
  });

  it('closes a slowloris client whose headers never end (408), and serves others meanwhile', async () => {
    const u = new URL(bridge.origin);
    const slow = connect(Number(u.port), u.hostname);
    let answer = '';
    slow.on('data', (d: Buffer) => { answer += d.toString(); });
    slow.on('error', () => {});
    const closed = new Promise((r) => slow.on('close', r));
    slow.write(`GET / HTTP/1.1\r\nHost: ${u.host}\r\n`);
    const drip = setInterval(() => { if (!slow.destroyed) slow.write('X-Drip: 1\r\n'); }, 100);
    expect((await get('/')).status).toBe(200);
    await closed;
    clearInterval(drip);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('makes room for a new connection by closing the oldest stranger, never a signed session\'s socket', async () => {
    const u = new URL(bridge.origin);
    const open = (): Promise<Socket> => new Promise((resolve) => {
      const c = connect(Number(u.port), u.hostname, () => resolve(c));
      c.on('error', () => {});
    });
    // The session's own keep-alive socket, trusted once it carried a call.
    const mine = await open();
    const answers: string[] = [];
    mine.on('data', (d: Buffer) => answers.push(d.toString('latin1')));
    const callOn = async (): Promise<string> => {
      const before = answers.length;
      mine.write(`POST /rpc/pending HTTP/1.1\r\nHost: ${host()}\r\n${credentials()}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
      await expect.poll(() => answers.length, { timeout: 3_000 }).toBeGreaterThan(before);
      return answers.at(-1)?.split('\r\n')[0] ?? '';
    };
    expect(await callOn()).toBe('HTTP/1.1 200 OK');
    const strangers: Socket[] = [];
    for (let i = 0; i < 12; i++) strangers.push(await open()); // more than every place there is
    await expect.poll(() => strangers.filter((c) => c.destroyed || c.readableEnded).length, { timeout: 3_000 }).toBeGreaterThanOrEqual(6);
    expect(bridge.connections()).toMatchObject({ trusted: 1, untrusted: 6 });
    expect(bridge.connections().evicted).toBeGreaterThanOrEqual(6);
    expect(await callOn()).toBe('HTTP/1.1 200 OK'); // the signed session's socket was kept
    expect((await s.call('pending')).status).toBe(200); // and a new connection of the session gets in
    expect((await get('/')).status).toBe(200); // so does a stranger's new one, at the cost of the oldest stranger
    for (const c of [mine, ...strangers]) c.destroy();
  });

  it('closes strangers whose headers do not arrive in time, long before the headers timeout of a request', async () => {
    await bridge.close();
    await start({ untrustedHeadersTimeoutMs: 300, headersTimeoutMs: 10_000, checkIntervalMs: 100 });
    const u = new URL(bridge.origin);
    const half = Array.from({ length: 5 }, () => rawExchange(bridge.origin, `GET / HTTP/1.1\r\nHost: ${u.host}\r\nX-Half: `, 5_000));
    const silent = rawExchange(bridge.origin, '', 5_000);
    expect(await Promise.all([...half, silent])).toEqual(['', '', '', '', '', '']); // closed without a word, not 'timeout'
    expect((await get('/')).status).toBe(200);
  });

  it('answers 500 when a route throws, logs the stack, and goes on', async () => {
    const r = await s.call('status');
    expect(r.status).toBe(500);
    expect(logged.join('\n')).toContain('a handler that throws');
    expect((await s.call('pending')).status).toBe(200);
  });
});
