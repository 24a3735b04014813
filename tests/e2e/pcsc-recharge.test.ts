import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { attachVpcd, type VpcdLink } from '../../sim/card/vpcd';
import { startHostSim, type HostSim } from '../../sim/host';
import { confirmRecoveryCode, launchChromium, newCounterPage, readCard, serve, shot, signIn, typeAmount, type Served } from '../support/e2e';

/**
 * The real path: the app talks PC/SC (pcscd + vpcd, reader "Virtual PCD 00 01") to a virtual card that
 * this test holds, and HTTP to the host simulator this test runs. The test is the customer: it pays on
 * the host and pulls the card.
 */
const READER = 'Virtual PCD 00 01';
const VPCD_PORT = 35964;

let sim: HostSim;
let card: VirtualCard;
let link: VpcdLink;
let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'etc-e2e-pcsc-'));
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(scratch, 'host.sqlite') });
  card = new VirtualCard(fixtureProfile('normal'), fixtureKeys(), { statePath: join(scratch, 'card.json') });
  link = await attachVpcd(card, { port: VPCD_PORT, connectTimeoutMs: 10_000 });
  // A real counter's first start: supervisor `admin` from the environment (main/auth bootstrap).
  served = await serve(['--host', sim.url], { settings: { readerName: READER }, env: { ETC_COUNTER_ADMIN_PASSWORD: 'pcsc-admin-1' } });
  browser = await launchChromium();
  page = await newCounterPage(browser, served.url);
  await signIn(page, 'admin', 'pcsc-admin-1');
  await confirmRecoveryCode(page);
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await link?.close();
  await sim?.close();
});

/** From 读卡 to a live QR code; returns the host order id shown on the page. */
async function orderFor(amount: string): Promise<string> {
  await expect.poll(() => page.getByTestId('status-card').textContent(), { timeout: 15_000 }).toContain('有卡');
  await readCard(page);
  expect(await page.getByTestId('card-no').textContent()).toBe('6201 0000 0000 0000 0001');
  expect(await page.getByTestId('card-balance').textContent()).toContain((card.snapshot().balanceFen / 100).toFixed(2));
  await page.keyboard.press('Enter');
  await page.getByTestId('step-amount').waitFor();
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  expect(await page.getByTestId('confirm-amount').textContent()).toContain(Number(amount).toFixed(2));
  await page.keyboard.press('Enter');
  await page.getByTestId('pay-qr').waitFor();
  expect(await page.getByTestId('pay-amount').textContent()).toContain(Number(amount).toFixed(2));
  return (await page.getByTestId('pay-order').textContent())!.trim();
}

describe('recharge through pcscd/vpcd and the host simulator over HTTP', () => {
  it('is a real (non-training) counter: no training badge, no simulated payment', async () => {
    expect(await page.getByTestId('training-badge').count()).toBe(0);
    expect(await page.getByTestId('status-reader').textContent()).toContain(READER);
  });

  it('loads the card once the customer has paid', async () => {
    const before = card.snapshot().balanceFen;
    const orderId = await orderFor('30');
    expect(await page.getByTestId('pay-simulate').count()).toBe(0);
    sim.pay(orderId);
    // Slow host answers keep the write step on screen long enough to photograph it.
    sim.faults.delay(1500);
    await page.getByTestId('step-write').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('write-warning').textContent()).toContain('请勿移动或拔出卡片');
    await shot(page, '13-step-write');
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    sim.faults.delay(0);
    expect(card.snapshot().balanceFen).toBe(before + 3000);
    expect(sim.order(orderId).status).toBe('LOADED');
    expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
    expect(await page.getByTestId('result-after').textContent()).toContain(((before + 3000) / 100).toFixed(2));
    await shot(page, '30-pcsc-result');
    await page.getByTestId('result-new').click();
    await page.getByTestId('step-read').waitFor();
    expect(await page.getByTestId('card-summary').count()).toBe(0);
  });

  it('finishes from 待处理 a recharge whose card was pulled during the write, loading it exactly once', async () => {
    const before = card.snapshot().balanceFen;
    const orderId = await orderFor('12.34');
    // CREDIT FOR LOAD takes effect, then the card vanishes before answering: the outcome is unknown to the app.
    card.setFault('lose-answer-after-commit');
    await page.getByTestId('pay-done').click(); // not paid yet: the forced check says so
    await page.getByTestId('pay-not-yet').waitFor();
    expect(await page.getByTestId('pay-not-yet').textContent()).toContain('主机尚未收到付款');
    expect(await page.getByTestId('step-pay').isVisible()).toBe(true);
    sim.pay(orderId);
    // main's long poll sees the payment and loads at once (no click: 已完成支付 is only the manual check).
    await page.getByTestId('result-failed').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result-next-step').textContent()).toContain('放回读卡器');
    await shot(page, '31-card-pulled-next-step');

    card.insert(); // the operator puts the same card back; the vpcd link reconnects
    await expect.poll(() => page.getByTestId('status-card').textContent(), { timeout: 15_000 }).toContain('有卡');
    await page.getByTestId('nav-pending').click();
    await expect.poll(() => page.getByTestId('pending-table').textContent()).toContain('12.34');
    await shot(page, '32-pending-after-pull');
    expect(await page.getByTestId('pending-card-no').first().textContent()).toBe('6201 0000 0000 0000 0001');
    await page.getByTestId('pending-resume').first().click();
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
    expect(card.snapshot().balanceFen).toBe(before + 1234);
    expect(sim.order(orderId).status).toBe('LOADED');
    await shot(page, '33-resumed-result');
  });
});
