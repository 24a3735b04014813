import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callChannel } from '../../contract/ipc';
import { startBridge, TOKEN_HEADER, type Bridge } from './bridge';

let bridge: Bridge;
let root: string;

beforeEach(async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bridge-'));
  root = join(scratch, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>counter</p>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'secret.txt'), 'nope');
  bridge = await startBridge({ staticDir: root });
  bridge.handle(callChannel('pending'), (event, req) => ({ ok: true, data: { from: event.senderFrame?.url, req } }));
});
afterEach(() => bridge.close());

/** A raw request, so the test controls every header (fetch would add Origin and forbid Host). */
function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const u = new URL(bridge.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const rpc = (name: string, headers: Record<string, string>, body = '{}') =>
  send(`/rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('browser bridge', () => {
  it('listens on loopback only, with the token on the page URL', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/?token=${encodeURIComponent(bridge.token)}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a call only with the run token in the header', async () => {
    expect((await rpc('pending', {})).status).toBe(401);
    const wrong = await rpc('pending', { [TOKEN_HEADER]: 'x'.repeat(bridge.token.length) });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, code: 'BRIDGE_TOKEN_REQUIRED' });
    const ok = await rpc('pending', { [TOKEN_HEADER]: bridge.token }, '{"a":1}');
    expect(JSON.parse(ok.body)).toEqual({ ok: true, data: { from: `${bridge.origin}/`, req: { a: 1 } } });
    expect(bridge.isTrustedSender({ senderFrame: { url: `${bridge.origin}/` } })).toBe(true);
    expect(bridge.isTrustedSender({ senderFrame: { url: 'http://evil.example/' } })).toBe(false);
  });

  it('refuses calls the contract does not name, and requests from another origin or host name', async () => {
    const unknown = await rpc('shutdown', { [TOKEN_HEADER]: bridge.token });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, code: 'IPC_UNKNOWN_CALL' });
    expect((await rpc('pending', { [TOKEN_HEADER]: bridge.token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await rpc('pending', { [TOKEN_HEADER]: bridge.token, host: 'evil.example' })).status).toBe(403);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await send('/?token=abc');
    expect(page.status).toBe(200);
    expect(page.body).toContain('counter');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await send('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    expect((await send('/../secret.txt')).status).toBe(404);
    expect((await send('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('answers a malformed request line or path with 400/404 and keeps serving', async () => {
    const status = (target: string) => new Promise<string>((resolve, reject) => {
      const u = new URL(bridge.origin);
      const socket = connect(Number(u.port), u.hostname, () =>
        socket.write(`GET ${target} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n\r\n`));
      let head = '';
      socket.on('data', (d: Buffer) => { head += d.toString(); });
      socket.on('close', () => resolve(head.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });
    expect(await status('http://[')).toBe('HTTP/1.1 400 Bad Request');
    expect(await status('/%E0%A4%A')).toBe('HTTP/1.1 404 Not Found');
    expect((await send('/')).status).toBe(200);
  });

  it('streams events to a client holding the token', async () => {
    expect((await send('/events')).status).toBe(401);
    const u = new URL(bridge.origin);
    const got = await new Promise<string>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/events', headers: { [TOKEN_HEADER]: bridge.token } }, (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes(': connected')) bridge.emit('host', { online: true });
          if (buf.includes('event: host')) { resolve(buf); req.destroy(); }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(got).toContain('event: host\ndata: {"online":true}\n\n');
  });
});
