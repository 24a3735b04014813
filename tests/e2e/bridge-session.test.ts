import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayView } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { send } from '../../main/ipc/bridge-testing';
import { callCounter, counterData, launchChromium, serve, shot, signIn, type Served } from '../support/e2e';

/**
 * Browser mode's session is useless anywhere but in the tab that opened the launch address
 * (docs/security.md "Sessions"): cookies do not tell ports apart, so a program listening on another loopback
 * port receives the session cookie when the browser visits it — and that cookie alone, replayed from another
 * process, reaches nothing: every call and the event stream also need the secret the page keeps in its tab.
 * Also 日结's 对账 with the host's witness of the journal (docs/architecture.md §3c), as the clerk sees it.
 */
let served: Served;
let browser: Browser;
let page: Page;
let listener: Server;
let listenerPort = 0;
const seen: { cookie: string | undefined; path: string }[] = [];

beforeAll(async () => {
  served = await serve(['--training']);
  browser = await launchChromium();
  // One browser context, as one Chromium profile at the counter: its tabs share the cookie jar.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
  await page.goto(served.url);
  await signIn(page, 'A01');
  // Any local program may listen on another loopback port: this one writes down what the browser sends it.
  listener = createServer((req, res) => {
    seen.push({ cookie: req.headers.cookie, path: req.url ?? '' });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>another program</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerPort = (listener.address() as AddressInfo).port;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await new Promise((r) => listener?.close(r));
});

describe('a session cookie borrowed by a program on another loopback port', () => {
  it('reaches the other port, and is refused there when replayed from another process', async () => {
    const port = new URL(served.origin).port;
    const other = await page.context().newPage();
    await other.goto(`http://127.0.0.1:${listenerPort}/`);
    const borrowed = seen.find((s) => s.cookie?.includes(`counter-session-${port}=`))?.cookie;
    expect(borrowed, 'the browser sends the session cookie to any port of 127.0.0.1').toBeDefined();
    // The other port's page cannot read the secret: storage is per origin, and the port is part of it.
    expect(await other.evaluate(() => window.sessionStorage.getItem('counter-session-secret'))).toBeNull();
    await other.close();

    const headers = { cookie: borrowed ?? '', 'content-type': 'application/json', origin: served.origin };
    const status = await send(served.origin, '/rpc/status', { method: 'POST', headers, body: '{}' });
    expect(status.status).toBe(401);
    expect(JSON.parse(status.body)).toMatchObject({ ok: false, code: 'BRIDGE_SESSION_REQUIRED' });
    const unlock = await send(served.origin, '/rpc/operatorUnlock', { method: 'POST', headers, body: '{"operatorId":"A01"}' });
    expect(unlock.status).toBe(401);
    expect((await send(served.origin, '/events', { headers: { cookie: borrowed ?? '' } })).status).toBe(401);

    // The clerk's tab goes on, a reload included (its secret is in the tab's sessionStorage).
    expect(await counterData<{ operatorId: string }>(page, 'status')).toMatchObject({ operatorId: 'A01' });
    await page.reload();
    await page.getByTestId('wizard').waitFor();
    expect(await page.getByTestId('status-operator').textContent()).toContain('A01');
    const secret = await page.evaluate(() => window.sessionStorage.getItem('counter-session-secret'));
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new URL(page.url()).search).toBe(''); // the code left the address before it was spent
    // With the tab's secret beside the cookie, the same request is the clerk's own: main's gate answers it.
    const own = await send(served.origin, '/rpc/status', { method: 'POST', headers: { ...headers, 'x-counter-session': secret ?? '' }, body: '{}' });
    expect(JSON.parse(own.body)).toMatchObject({ ok: true, data: { operatorId: 'A01' } });
  });

  it('a new tab of the same browser has the cookie but no secret: it is told how to get a session', async () => {
    const tab = await page.context().newPage();
    await tab.goto(served.origin);
    await expect.poll(() => tab.getByTestId('load-error').textContent(), { timeout: 15_000 }).toContain('此浏览器没有会话');
    await shot(tab, 'bridge-01-tab-without-secret');
    await tab.close();
  });
});

describe('日结: 对账 holds the journal against the host\'s witness', () => {
  it('shows the witness line after a recharge the host confirmed', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await counterData(page, 'trainingInsert', { profileId: 'normal' });
    await counterData(page, 'readCard');
    const r = await counterData<RechargeRecord>(page, 'rechargeStart', { amountFen: 5_000, channel: 'wechat' });
    await counterData(page, 'trainingPay', { id: r.id });
    await counterData(page, 'rechargeCheckPayment', { id: r.id });
    const done = await counterData<RechargeRecord>(page, 'rechargeLoad', { id: r.id });
    expect(done.state).toBe('VERIFIED');
    const today = new Date().toLocaleDateString('sv-SE');
    const view = await callCounter<DayView>(page, 'dayView', { date: today });
    expect(view.ok && view.data.reconciliation?.witness).toMatchObject({ status: 'ok', findings: [] });
    await page.getByTestId('nav-dayend').click();
    const line = page.getByTestId('reconcile-witness');
    await expect.poll(() => line.textContent(), { timeout: 15_000 }).toMatch(/日志见证：与主机见证一致（主机 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 见证到交易事件第 \d+ 条、审计第 \d+ 条）/);
    await line.scrollIntoViewIfNeeded();
    await shot(page, 'bridge-02-dayend-witness');
  });
});
