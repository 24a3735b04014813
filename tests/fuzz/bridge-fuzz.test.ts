import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RechargeRecord } from '../../contract/recharge';
import { openSession, type BrowserSession } from '../../main/ipc/bridge-testing';
import { serve, type Served } from '../support/e2e';
import {
  CALLS_TO_FUZZ, exchange, httpRequest, invalidBody, pick, randomBytes, randomJson, randomText, rng, type Answer, type Rng,
} from './requests';

/**
 * Browser mode under attack from the same machine (docs/security.md, the bridge's threat model): a real
 * `etc-counter serve --training` process gets REQUESTS random and malformed requests — raw TCP garbage,
 * broken request lines, overlong URLs and headers, random paths, methods, headers, cookies and content
 * types, huge and truncated bodies, slow clients, and random JSON for every call of the contract without a
 * session, with a forged one, with a session not signed in and with a signed-in supervisor's — while a
 * training recharge is being loaded. The load must finish, the process stay up, every request be refused
 * (no call succeeds), and no journal row change but the recharge's own. Bounded in count and time,
 * loopback only; the seed is printed (FUZZ_SEED repeats a run).
 */
const REQUESTS = 12_000;
const WORKERS = 24;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let served: Served;
let port: number;
let driver: BrowserSession;
let anon: BrowserSession;
let signed: BrowserSession;
let recharge: RechargeRecord;

interface Tables { recharges: unknown[]; events: unknown[]; audit: unknown[]; operators: unknown[]; meta: unknown[] }
/** Every row of the journal's tables, as stored (a read-only connection beside the running app). */
function snapshot(): Tables {
  const db = new Database(join(served.home, 'training', 'journal.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const all = (sql: string): unknown[] => db.prepare(sql).all();
    return {
      recharges: all('SELECT * FROM recharges ORDER BY id'),
      events: all('SELECT r.id AS rechargeId, e.* FROM recharge_events e JOIN recharges r ON r.rid = e.rid ORDER BY e.rid, e.seq'),
      audit: all('SELECT * FROM audit ORDER BY seq'),
      operators: all('SELECT * FROM operators ORDER BY id'),
      meta: all('SELECT * FROM meta ORDER BY 1'),
    };
  } finally {
    db.close();
  }
}
async function ok<T>(s: BrowserSession, name: string, body: unknown = {}): Promise<T> {
  const r = (await s.call(name, body)).json as { ok: boolean; data: T; code?: string };
  if (!r.ok) throw new Error(`${name}: ${r.code}`);
  return r.data;
}

beforeAll(async () => {
  served = await serve(['--training']);
  port = Number(new URL(served.origin).port);
  driver = await openSession(served.url);
  anon = await openSession(await served.newUrl());
  signed = await openSession(await served.newUrl());
  await ok(driver, 'signIn', { operatorId: 'A01', password: '123456' });
  await ok(signed, 'signIn', { operatorId: 'S01', password: '888888' });
  await ok(driver, 'trainingInsert', { profileId: 'normal' });
  await ok(driver, 'readCard');
  recharge = await ok<RechargeRecord>(driver, 'rechargeStart', { amountFen: 8800, channel: 'alipay' });
  await ok(driver, 'trainingPay', { id: recharge.id });
  expect((await ok<RechargeRecord>(driver, 'rechargeCheckPayment', { id: recharge.id })).state).toBe('PAID');
}, 120_000);
afterAll(() => served?.stop());

interface Job { kind: string; send(): Promise<Answer & { call?: boolean }> }

/** One random or malformed request. */
function job(r: Rng, n: number): Job {
  const host = `127.0.0.1:${port}`;
  // A session is its cookie and its secret (main/ipc/bridge-sessions.ts); a borrowed cookie without the secret is one more kind.
  const sessions: [string, string | null, string | null][] = [
    ['no session', null, null], ['forged session', `counter-session-${port}=${randomText(r, 50)}`, randomText(r, 43)],
    ['session cookie without its secret', signed.cookie, null], ['session, not signed in', anon.cookie, anon.secret],
    ['signed-in supervisor', signed.cookie, signed.secret],
  ];
  // Every call of the contract, over and over, in every kind of session.
  if (n % 2 === 0) {
    const name = CALLS_TO_FUZZ[(n / 2) % CALLS_TO_FUZZ.length] ?? 'status';
    const [who, cookie, secret] = sessions[Math.floor(n / 2 / CALLS_TO_FUZZ.length) % sessions.length] ?? sessions[0]!;
    const body = (cookie === null || secret === null) && r() < 0.5 ? JSON.stringify(randomJson(r, 4)) : invalidBody(r, name);
    const headers: [string, string][] = [['Host', host], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))]];
    if (cookie) headers.push(['Cookie', cookie]);
    if (secret) headers.push(['X-Counter-Session', secret]);
    return { kind: `call (${who})`, send: async () => ({ ...(await exchange(port, httpRequest('POST', `/rpc/${name}`, headers, body), { readBody: true })), call: true }) };
  }
  const k = r();
  const [, cookie, secret] = pick(r, sessions);
  const withCookie = (h: [string, string][]): [string, string][] =>
    [...h, ...(cookie ? [['Cookie', cookie] as [string, string]] : []), ...(secret ? [['X-Counter-Session', secret] as [string, string]] : [])];
  // With a real session, a body the call's schema would take would really run it (trainingRemove in the
  // middle of the load…): those requests carry bodies every schema refuses. Without one, anything goes.
  const real = secret === anon.secret || secret === signed.secret;
  const bodyFor = (call: (typeof CALLS_TO_FUZZ)[number]): string => (real ? invalidBody(r, call) : JSON.stringify(randomJson(r, 5)) ?? '');
  if (k < 0.1) return { kind: 'raw TCP garbage', send: () => exchange(port, randomBytes(r, 3000), { halfClose: r() < 0.5, waitMs: 5_000 }) };
  if (k < 0.18) {
    const line = pick(r, [
      `${randomText(r, 10)} / HTTP/1.1`, `GET ${randomText(r, 60)} HTTP/1.1`, `GET / HTTP/${int(r, 9)}.${int(r, 9)}`, 'GET http://[ HTTP/1.1',
      `GET /${'a'.repeat(17_000 + int(r, 20_000))} HTTP/1.1`, 'GET /\u0000 HTTP/1.1', `PRI * HTTP/2.0`, `GET / HTTP/1.1 extra`,
    ]);
    return { kind: 'broken request line / overlong URL', send: () => exchange(port, `${line}\r\nHost: ${host}\r\n\r\n`, { waitMs: 5_000 }) };
  }
  if (k < 0.26) {
    const headers: [string, string][] = pick(r, [
      [['Host', host], ['X-Big', 'h'.repeat(17_000 + int(r, 10_000))]],
      [['Host', host], ...Array.from({ length: 300 }, (_, i): [string, string] => [`X-${i}`, randomText(r, 60)])],
      [['Host', host], ['Host', 'evil.example']], [['Host', 'evil.example']], [], [['Host', host], [randomText(r, 8) || 'x y', 'v']],
      [['Host', host], ['Content-Length', 'abc']], [['Host', host], ['Content-Length', '-1']], [['Host', host], ['Content-Length', '5'], ['Content-Length', '6']],
      [['Host', host], ['Transfer-Encoding', 'chunked'], ['Content-Length', '3']], [['Host', host], ['Transfer-Encoding', 'gzip, chunked, x']],
      [['Host', host], ['Origin', 'http://evil.example']], [['Host', host], ['Cookie', randomText(r, 9000)]], [['Host', host], ['Expect', '100-continue']],
    ]);
    return { kind: 'bad or overlong headers', send: () => exchange(port, httpRequest(pick(r, ['GET', 'POST']), pick(r, ['/', '/rpc/status', '/events']), withCookie(headers)), { waitMs: 5_000 }) };
  }
  if (k < 0.42) {
    const path = pick(r, [
      `/${randomText(r, 80)}`, `/%${randomText(r, 2)}`, '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd', '/../../etc/passwd', '/%2e%2e/%2e%2e/',
      `/assets/${randomText(r, 30)}.js`, '/index.html', '/', `/rpc/${randomText(r, 20)}`, `/events?${randomText(r, 40)}`, `/?code=${randomText(r, 43)}`,
      `/${encodeURIComponent(randomText(r, 50))}`, '/%00', `//${randomText(r, 20)}`, `/?${'a=1&'.repeat(2000)}`,
    ]).replace(/[\s#]/g, '_');
    return { kind: 'random path', send: () => exchange(port, httpRequest(pick(r, ['GET', 'HEAD']), path, withCookie([['Host', host]])), { waitMs: 5_000 }) };
  }
  if (k < 0.52) {
    const method = pick(r, ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', randomText(r, 8).replace(/[^A-Z]/gi, 'X') || 'X', 'GET', 'POST']);
    const call = pick(r, CALLS_TO_FUZZ);
    const path = pick(r, ['/', '/events', '/index.html', '/session', `/rpc/${call}`]);
    const body = path.startsWith('/rpc/') ? bodyFor(call) : '';
    const headers: [string, string][] = [['Host', host], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))]];
    return { kind: 'random method', send: () => exchange(port, httpRequest(method, path, withCookie(headers), body), { waitMs: 5_000 }) };
  }
  const name = pick(r, CALLS_TO_FUZZ);
  if (k < 0.62) {
    const type = pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '', randomText(r, 30)]);
    const body = invalidBody(r, name);
    return { kind: 'wrong content type', send: () => exchange(port, httpRequest('POST', `/rpc/${name}`, withCookie([['Host', host], ['Content-Type', type], ['Content-Length', String(Buffer.byteLength(body))]]), body), { waitMs: 5_000 }) };
  }
  if (k < 0.72) {
    const declared = 70_000 + int(r, 10_000_000);
    const chunked = r() < 0.5;
    const bytes = chunked
      ? httpRequest('POST', `/rpc/${name}`, withCookie([['Host', host], ['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']]), `10000\r\n${'['.repeat(0x10000)}\r\n10000\r\n${'['.repeat(0x10000)}\r\n0\r\n\r\n`)
      : httpRequest('POST', `/rpc/${name}`, withCookie([['Host', host], ['Content-Type', 'application/json'], ['Content-Length', String(declared)]]), '{"a":'.repeat(200));
    return { kind: 'huge body', send: () => exchange(port, bytes, { waitMs: 5_000 }) };
  }
  if (k < 0.84) {
    const body = JSON.stringify(randomJson(r, 3)) ?? '';
    const cut = body.slice(0, Math.max(0, body.length - 1 - int(r, body.length)));
    const bytes = httpRequest('POST', `/rpc/${name}`, withCookie([['Host', host], ['Content-Type', 'application/json'], ['Content-Length', String(body.length + 10)]]), cut);
    return { kind: 'truncated body', send: () => exchange(port, bytes, { halfClose: true, waitMs: 5_000 }) };
  }
  // JSON for a call, in a random session or none at all.
  const body = bodyFor(name);
  return { kind: 'random JSON, random cookie', send: () => exchange(port, httpRequest('POST', `/rpc/${name}`, withCookie([['Host', host], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))]]), body), { readBody: true, waitMs: 5_000 }) };
}
const int = (r: Rng, max: number): number => Math.floor(r() * max);

describe('fuzzing the browser bridge during a training recharge', () => {
  it(`answers ${REQUESTS} random and malformed requests with refusals, keeps serving, and the load finishes untouched`, async () => {
    const r = rng(SEED);
    const before = snapshot();
    const { trainingHostUrl } = await ok<{ trainingHostUrl: string }>(driver, 'settings');
    // The host answers slowly, so that the card load runs through much of the fuzzing.
    await fetch(`${trainingHostUrl}/sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"delayMs":3000}' });
    let loading = true;
    const load = ok<RechargeRecord>(driver, 'rechargeLoad', { id: recharge.id }).finally(() => { loading = false; });

    const byStatus = new Map<string, number>();
    const byKind = new Map<string, number>();
    const calls = new Map<string, number>();
    let sent = 0;
    let duringLoad = 0;
    let succeeded = 0;
    // A few slow clients drip their headers the whole time (slowloris); the bridge cuts them at its headers timeout.
    const slow = Array.from({ length: 6 }, () => exchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `, { waitMs: 60_000 }));
    const deadline = Date.now() + 150_000;
    const worker = async (): Promise<void> => {
      while (sent < REQUESTS && Date.now() < deadline) {
        const n = sent++;
        const j = job(r, n);
        if (loading) duringLoad++;
        const a = await j.send();
        byKind.set(j.kind, (byKind.get(j.kind) ?? 0) + 1);
        byStatus.set(String(a.status), (byStatus.get(String(a.status)) ?? 0) + 1);
        if (a.call && a.status === 200) {
          const res = JSON.parse(a.body) as { ok: boolean; code?: string };
          if (res.ok) succeeded++;
          else calls.set(res.code ?? '?', (calls.get(res.code ?? '?') ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const slowAnswers = await Promise.all(slow);

    const done = await load;
    const alive = served.child.exitCode === null && served.child.signalCode === null;
    const page = await exchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    const status = await ok<{ operatorId: string }>(driver, 'status');

    const table = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `    ${k}: ${v}`).join('\n');
    const count = (pred: (status: string) => boolean) => [...byStatus].filter(([st]) => pred(st)).reduce((sum, [, v]) => sum + v, 0);
    const refusedCalls = [...calls.values()].reduce((a, b) => a + b, 0);
    const errors = count((st) => /^[45]\d\d$/.test(st)) + refusedCalls;
    const closed = count((st) => st === 'closed' || st === 'timeout');
    process.stdout.write([
      `fuzz (seed ${SEED}): requests sent: ${sent} (${duringLoad} while the card load ran), error answers: ${errors} ` +
        `(4xx, or 200 {ok:false} for a call), closed without an answer: ${closed}, other answers: ${sent - errors - closed} ` +
        `(public files and launch pages, event streams, 100 Continue), calls that succeeded: ${succeeded}, crashes: ${alive ? 0 : 1}`,
      '  by kind:', table(byKind), '  by HTTP status (closed: the bridge hung up without a status line, as for an incomplete request):', table(byStatus),
      '  calls answered 200 {ok:false}, by code:', table(calls),
      `  slow clients (headers dripped until the bridge's headers timeout): ${slowAnswers.map((a) => a.status).join(', ')}`, '',
    ].join('\n'));

    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(alive).toBe(true);
    expect(succeeded).toBe(0);
    expect(count((st) => /^5\d\d$/.test(st))).toBe(0); // a 500 would be a route that threw
    expect(duringLoad).toBeGreaterThan(0);
    expect(slowAnswers.every((a) => a.status === 408 || a.status === 'closed')).toBe(true);
    expect(page.status).toBe(200);
    expect(status.operatorId).toBe('A01');
    expect(done.state).toBe('VERIFIED');
    expect(done.balanceAfterFen).toBe(done.balanceBeforeFen + 8800);

    // Nothing in the journal changed but the recharge's own row and events.
    const after = snapshot();
    const others = (rows: unknown[], key: string) => rows.filter((row) => (row as Record<string, unknown>)[key] !== recharge.id);
    expect(others(after.recharges, 'id')).toEqual(others(before.recharges, 'id'));
    expect(others(after.events, 'rechargeId')).toEqual(others(before.events, 'rechargeId'));
    expect(after.audit).toEqual(before.audit);
    expect(after.operators).toEqual(before.operators);
    expect(after.meta).toEqual(before.meta);
    const own = after.events.filter((e) => (e as { rechargeId: string }).rechargeId === recharge.id).map((e) => (e as { state: string }).state);
    expect(own.slice(before.events.filter((e) => (e as { rechargeId: string }).rechargeId === recharge.id).length))
      // PAID: the INIT intent, journaled before the card is touched (docs/architecture.md §2b).
      .toEqual(['PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']);
  }, 300_000);
});
