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
 * The customer's PIN is never burned (docs/architecture.md §2a), in the browser over pcscd/vpcd: a card whose
 * PIN is not the configured default answers 63C2 once; from then on the card's tries stay where they are until
 * the operator types the customer's PIN in the dialog, which shows the tries left.
 */
const READER = 'Virtual PCD 00 01';
const VPCD_PORT = 35964;
const tmp = mkdtempSync(join(tmpdir(), 'e2e-pin-'));

let sim: HostSim;
let card: VirtualCard;
let link: VpcdLink;
let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(tmp, 'host.sqlite') });
  card = new VirtualCard({ ...fixtureProfile('normal'), pin: '909090' }, fixtureKeys(), { statePath: join(tmp, 'card.json') });
  link = await attachVpcd(card, { port: VPCD_PORT, connectTimeoutMs: 10_000 });
  served = await serve(['--host', sim.url], { settings: { readerName: READER }, env: { ETC_COUNTER_ADMIN_PASSWORD: 'money-pin-1' } });
  browser = await launchChromium();
  page = await newCounterPage(browser, served.url);
  await signIn(page, 'admin', 'money-pin-1');
  await confirmRecoveryCode(page);
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await link?.close();
  await sim?.close();
});

describe('the customer\'s PIN in the browser, over pcscd/vpcd', () => {
  it('63C2 once, then no VERIFY without the operator; a wrong typed PIN costs one try, the right one loads', async () => {
    const tries = card.snapshot().pinTriesLeft;
    const before = card.snapshot().balanceFen;
    await page.getByTestId('nav-recharge').click();
    await expect.poll(() => page.getByTestId('status-card').textContent(), { timeout: 15_000 }).toContain('有卡');
    await readCard(page);
    await page.keyboard.press('Enter');
    await typeAmount(page, '15');
    await page.getByTestId('amount-confirm').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    const orderId = (await page.getByTestId('pay-order').textContent())?.trim() ?? '';
    sim.pay(orderId);
    // main's long poll sees the payment and loads at once (no click: 已完成支付 is only the manual check).

    // The default PIN was refused once (63C2): the dialog asks for the customer's, with the tries left.
    const dialog = page.getByTestId('pin-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(card.snapshot().pinTriesLeft).toBe(tries - 1);
    expect(await page.getByTestId('pin-tries').textContent()).toContain(`还可尝试 ${tries - 1} 次`);
    await page.waitForTimeout(500); // only so the screenshot shows the dialog after its fade-in
    await shot(page, 'money-20-pin-dialog');

    // Cancelled: nothing more reaches the card; asking again (继续) sends no VERIFY either.
    await page.getByTestId('pin-cancel').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(card.snapshot().pinTriesLeft).toBe(tries - 1);
    await page.getByTestId('result-resume').click();
    await dialog.waitFor({ timeout: 30_000 });
    expect(card.snapshot().pinTriesLeft).toBe(tries - 1);

    // A bad format is refused in the dialog; a wrong PIN costs exactly one try; the right one loads.
    await page.getByTestId('pin-input').fill('12');
    await page.getByTestId('pin-ok').click();
    expect(await page.getByTestId('pin-error').textContent()).toContain('4 到 12 位数字');
    expect(card.snapshot().pinTriesLeft).toBe(tries - 1);
    await page.getByTestId('pin-input').fill('123456');
    await page.getByTestId('pin-ok').click();
    await expect.poll(() => page.getByTestId('pin-tries').textContent(), { timeout: 20_000 }).toContain(`还可尝试 ${tries - 2} 次`);
    expect(card.snapshot().pinTriesLeft).toBe(tries - 2);
    await page.getByTestId('pin-input').fill('909090');
    await page.getByTestId('pin-ok').click();
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    expect(card.snapshot().balanceFen).toBe(before + 1500);
    expect(card.snapshot().pinTriesLeft).toBe(fixtureProfile('normal').pinTries);
    expect(sim.order(orderId).status).toBe('LOADED');
  });
});
