import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../contract/ipc';
import { counterData, openTrainingCounter, readCard, shot, signIn, typeAmount, type TrainingCounter } from '../support/e2e';

/**
 * The customer display (客显, docs/ui.md "Customer display") in browser mode, training: the clerk opens it from
 * the top bar (客显), and it shows — at the sizes of customer screens, 800×480 and 1024×600 — the amount in figures
 * and 大写, the QR code to scan, 请勿拔卡 while the card is written (the host held back so that it can be seen),
 * then the balances; nothing else of the clerk's screen. Screenshots: artifacts/screenshots/customer-*.png.
 */
let counter: TrainingCounter;
let page: Page;
let customer: Page;
let hostUrl = '';
/** The normal training card: what the clerk's screen shows and the customer's must not. */
const CARD_NO = '62010000000000000001';

beforeAll(async () => {
  counter = await openTrainingCounter();
  ({ page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

async function sim(path: string, body: unknown): Promise<void> {
  const res = await fetch(hostUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
}
const screenOf = (): Promise<string | null> => customer.getByTestId('customer-display').getAttribute('data-screen');
/** Everything the customer can read. */
const customerText = async (): Promise<string> => ((await customer.locator('body').innerText()) ?? '').replace(/\s+/g, ' ');

/** One QR recharge, the customer's screen checked and photographed at every step. */
async function rechargeWatched(size: { width: number; height: number }, amount: string, words: string): Promise<void> {
  const tag = `${size.width}x${size.height}`;
  await customer.setViewportSize(size);
  await expect.poll(screenOf).toBe('idle');
  expect(await customerText()).toContain('欢迎办理 ETC 陇通卡充值');
  await shot(customer, `customer-${tag}-1-welcome`);

  await readCard(page);
  expect(await screenOf()).toBe('idle'); // reading the card and typing show the customer nothing yet
  await page.getByTestId('to-amount').click();
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  await expect.poll(screenOf).toBe('confirm');
  expect(await customer.getByTestId('customer-amount').textContent()).toContain(amount);
  expect(await customer.getByTestId('customer-upper').textContent()).toContain(words);
  expect(await customer.getByTestId('plate').textContent()).toContain('甘A12345');
  await shot(customer, `customer-${tag}-2-confirm`);

  await page.keyboard.press('Enter');
  await page.getByTestId('pay-qr').waitFor();
  await expect.poll(screenOf).toBe('pay');
  await customer.getByTestId('customer-qr').waitFor();
  expect(await customer.getByTestId('customer-pay-prompt').textContent()).toContain('请用微信“扫一扫”扫描二维码付款');
  expect(await customer.getByTestId('customer-qr').getAttribute('alt')).toBe('支付二维码');
  expect(await customer.getByTestId('customer-upper').textContent()).toContain(words);
  // Nothing else of the clerk's screen: no card number, order, operator, buttons of the counter.
  const orderId = (await page.getByTestId('pay-order').textContent()) ?? '';
  const paying = await customerText();
  for (const secret of [CARD_NO, '6201 0000 0000 0000 0001', orderId, 'A01', '模拟扫码支付', '取消订单', '读卡器']) expect(paying).not.toContain(secret);
  expect(await customer.evaluate(() => 'counter' in window)).toBe(false);
  await shot(customer, `customer-${tag}-3-qr`);

  // The host answers slowly: the load takes long enough for the customer to be told not to pull the card.
  await sim('/sim/faults', { delayMs: 2500 });
  await page.getByTestId('pay-simulate').click();
  await expect.poll(screenOf, { timeout: 20_000, interval: 50 }).toBe('loading');
  expect(await customer.getByTestId('customer-do-not-remove').textContent()).toContain('请勿拔卡');
  await shot(customer, `customer-${tag}-4-loading`);
  await sim('/sim/faults', { clear: true });

  await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
  await expect.poll(screenOf).toBe('done');
  const before = (await page.locator('[data-test="result-equation"] .amount-l').first().textContent()) ?? '';
  const after = (await page.getByTestId('result-after').textContent()) ?? '';
  expect(await customer.getByTestId('customer-before').textContent()).toBe(before.trim());
  expect(await customer.getByTestId('customer-after').textContent()).toBe(after.trim());
  expect(await customerText()).toContain('充值成功');
  await shot(customer, `customer-${tag}-5-done`);

  await page.getByTestId('result-new').click();
  await expect.poll(screenOf).toBe('idle'); // the next customer starts from the welcome
}

describe('the customer display (客显), browser mode', () => {
  it('is opened by the clerk from the top bar as a page of its own, which loads nothing of the counter\'s screens', async () => {
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('customer-open').count()).toBe(0); // only for a signed-in clerk
    await signIn(page, 'A01');
    hostUrl = (await counterData<SettingsView>(page, 'settings')).trainingHostUrl ?? '';
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(await page.getByTestId('customer-open').textContent()).toBe('客显');
    await shot(page, 'customer-0-clerk-top-bar');
    const scripts: string[] = [];
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('customer-open').click()]);
    customer = popup;
    customer.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
    await customer.getByTestId('customer-display').waitFor();
    expect(new URL(customer.url()).pathname).toBe('/customer.html');
    expect(await customer.title()).toContain('客户显示');
    expect(await customer.getByTestId('customer-training').textContent()).toContain('培训模式');
    await customer.reload(); // its scripts, counted from a fresh load
    await customer.getByTestId('customer-display').waitFor();
    expect(scripts.some((s) => /\/assets\/customer-/.test(s))).toBe(true);
    expect(scripts.filter((s) => /(index|recharge|SettingsForm|RecordsView|DayEndView)-/.test(s))).toEqual([]);
    await page.getByTestId('insert-normal').click();
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
  });

  it('shows the amount, the QR code, 请勿拔卡 and the balances at 800×480', async () => {
    await rechargeWatched({ width: 800, height: 480 }, '150.50', '壹佰伍拾元伍角整');
  });

  it('shows the same at 1024×600', async () => {
    await rechargeWatched({ width: 1024, height: 600 }, '88', '捌拾捌元整');
  });

  it('shows the payment code or the POS in words, never a QR code, when the customer pays that way', async () => {
    await readCard(page);
    await page.getByTestId('to-amount').click();
    await page.getByTestId('channel-code').click();
    await typeAmount(page, '20');
    await page.keyboard.press('Enter');
    await expect.poll(screenOf).toBe('pay');
    expect(await customer.getByTestId('customer-pay-prompt').textContent()).toContain('付款码');
    expect(await customer.getByTestId('customer-qr').count()).toBe(0);
    await shot(customer, 'customer-1024x600-6-payment-code');
  });

  it('goes back to the welcome when the clerk signs out, and when the clerk\'s window goes away', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    await expect.poll(screenOf).toBe('idle');
    await signIn(page, 'A01');
    await readCard(page);
    await page.getByTestId('to-amount').click();
    await typeAmount(page, '30');
    await expect.poll(screenOf).toBe('confirm');
    // The clerk's window leaves the counter (closed, or here navigated away; closing it would close this test's
    // browser context): the display must not keep the last customer's screen.
    await page.goto('about:blank');
    await expect.poll(screenOf, { timeout: 20_000 }).toBe('idle');
  });
});
