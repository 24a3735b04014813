import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RechargeRecord } from '../../contract/recharge';
import {
  counterData, launchChromium, newCounterPage, readCard, serve, shot, signIn, typeAmount, type Served,
} from '../support/e2e';

/**
 * The payment step's other ways, in Chromium through browser mode (training): the customer's payment code
 * typed by the keyboard as a USB scanner types it (digits, then Enter), and a POS slip typed from the
 * simulated POS's slip (manual entry; the host checks it with the simulated acquirer), used twice.
 */
let served: Served;
let page: Page;
let close: () => Promise<void>;
const MERCHANT = '898620154110001';

beforeAll(async () => {
  served = await serve(['--training'], { settings: { pos: { mode: 'manual', merchantNo: MERCHANT } } });
  const browser = await launchChromium();
  page = await newCounterPage(browser, served.url);
  close = async () => { await browser.close(); await served.stop(); };
  await page.getByTestId('sign-in').waitFor();
  await signIn(page, 'A01');
  await page.getByTestId('insert-normal').click();
  await page.getByTestId('status-card').filter({ hasText: '有卡' }).waitFor();
});
afterAll(async () => { await close?.(); });

/** 读卡 → amount → the way to pay → confirmed: the payment step of that way. */
async function toPayment(amount: string, way: 'code' | 'pos'): Promise<void> {
  await readCard(page);
  await page.keyboard.press('Enter');
  await page.getByTestId('step-amount').waitFor();
  await page.getByTestId(`channel-${way}`).click();
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  expect(await page.getByTestId('confirm-way').textContent()).toBe(way === 'code' ? '付款码' : '银行卡(POS)');
  await page.getByTestId('amount-confirm-button').click();
  await page.getByTestId(way === 'code' ? 'step-pay-code' : 'step-pay-pos').waitFor();
}
const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-test'));
async function pendingCount(): Promise<number> {
  return (await counterData<RechargeRecord[]>(page, 'pending')).length;
}

describe('付款码: the scanner types the customer’s code', () => {
  it('refuses a code of no known shape on the spot, before any order is made, and keeps the field ready', async () => {
    await toPayment('66', 'code');
    expect(await focused()).toBe('pay-code-input');
    await shot(page, '30-pay-code-step');
    await page.keyboard.type('9912345678', { delay: 8 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('pay-code-error').textContent()).toContain('付款码格式不正确');
    expect(await focused()).toBe('pay-code-input');
    expect(await pendingCount()).toBe(0);
  });

  it('takes the payment from a scanned WeChat code and loads the card', async () => {
    const before = (await page.getByTestId('pay-amount').textContent()) ?? '';
    expect(before).toContain('66.00');
    await page.keyboard.type('134512345678906789', { delay: 8 }); // as a scanner: digits, then Enter
    await page.keyboard.press('Enter');
    await page.getByTestId('step-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('result-success').waitFor();
    expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
    await shot(page, '31-pay-code-result');
    await page.getByTestId('result-new').click();
    await page.getByTestId('step-read').waitFor();
  });
});

describe('银行卡(POS): the operator types the slip', () => {
  let slip: { referenceNo: string; voucherNo: string; posTerminalNo: string };

  async function typeSlip(amount: string) {
    await page.getByTestId('pos-reference').fill(slip.referenceNo);
    await page.getByTestId('pos-voucher').fill(slip.voucherNo);
    await page.getByTestId('pos-terminal').fill(slip.posTerminalNo);
    await page.getByTestId('pos-amount').fill(amount);
  }

  it('the training panel prints a slip, the form takes it, the host checks it and the card is loaded', async () => {
    await page.getByTestId('training-slip-amount').fill('200.00');
    await page.getByTestId('training-slip').click();
    const line = (await page.getByTestId('training-slip-line').textContent()) ?? '';
    const m = /参考号 (\w{12}) · 凭证号 (\d{6}) · 终端号 (\w{8})/.exec(line);
    if (!m) throw new Error(`no slip line: ${line}`);
    slip = { referenceNo: m[1] ?? '', voucherNo: m[2] ?? '', posTerminalNo: m[3] ?? '' };

    await toPayment('200', 'pos');
    expect(await focused()).toBe('pos-reference');
    expect(await page.getByTestId('pos-note').textContent()).toContain('不会自动退回');
    await typeSlip('200.00');
    await shot(page, '32-pay-pos-step');
    await page.keyboard.press('Enter');
    await page.getByTestId('step-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('result-success').waitFor();
    await shot(page, '33-pay-pos-result');
    const [done] = (await counterData<{ rows: { channel: string; tradeNo: string | null }[] }>(page, 'records', {
      plate: '甘A12345', plateColor: 0, from: new Date().toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10),
    })).rows.filter((r) => r.channel === 'pos');
    expect(done?.tradeNo).toBe(slip.referenceNo);
    await page.getByTestId('result-new').click();
    await page.getByTestId('step-read').waitFor();
  });

  it('the same slip a second time is refused, naming the recharge it already paid', async () => {
    await toPayment('200', 'pos');
    await typeSlip('200.00');
    await page.getByTestId('pos-submit').click();
    await expect.poll(() => page.getByTestId('pay-error').textContent()).toContain('已于');
    const text = (await page.getByTestId('pay-error').textContent()) ?? '';
    expect(text).toContain(slip.referenceNo);
    expect(text).toContain('甘A12345');
    expect(text).toContain('200.00');
    expect(await page.getByTestId('step-pay-pos').isVisible()).toBe(true);
    await shot(page, '34-pay-pos-slip-used');
    expect(await pendingCount()).toBe(0);
  });

  it('a slip amount other than the recharge’s is refused before anything is read or journaled', async () => {
    await typeSlip('199.00');
    await page.getByTestId('pos-submit').click();
    await expect.poll(() => page.getByTestId('pay-error').textContent()).toContain('不一致');
  });
});
