import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayView, PendingItem, SettingsView } from '../../contract/ipc';
import { counterData, openTrainingCounter, readCard, shot, signIn, typeAmount, type TrainingCounter } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * Refunds in Chromium (training mode, browser): a paid recharge the host refunds (已退款, and 退款中 with the
 * expected date in 待处理 and 充值记录), resumed without the card, and the customer's refund slip (退款说明)
 * downloaded and turned into a PNG. The supervisor's resolution and 对账 are in money-admin.test.ts.
 */
let counter: TrainingCounter;
let page: Page;
let hostUrl = '';
const tmp = mkdtempSync(join(tmpdir(), 'e2e-money-'));
const RECEIPTS = join(process.cwd(), 'artifacts', 'receipts');

beforeAll(async () => {
  mkdirSync(RECEIPTS, { recursive: true });
  counter = await openTrainingCounter();
  ({ page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

async function sim(method: string, path: string, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(hostUrl + path, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());
/** The next Saturday after today (Beijing): the refund job of a non-working day only starts refunds (REFUNDING). */
function nextSaturday(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  do d.setUTCDate(d.getUTCDate() + 1); while (d.getUTCDay() !== 6);
  return d.toISOString().slice(0, 10);
}

/** 读卡 → amount → pay with 模拟扫码支付; returns when the result step shows. */
async function recharge(amount: string): Promise<void> {
  await page.getByTestId('nav-recharge').click();
  if (await page.getByTestId('result-new').isVisible()) await page.getByTestId('result-new').click();
  await readCard(page);
  await page.getByTestId('to-amount').click();
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('pay-qr').waitFor();
  await page.getByTestId('pay-simulate').click();
  await page.getByTestId('step-result').waitFor({ timeout: 30_000 });
}
async function downloadPdf(testId: string, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(tmp, name);
  await download.saveAs(path);
  return path;
}
function pdfText(path: string, png?: string): string {
  if (png) {
    execFileSync('pdftoppm', ['-r', '130', '-png', '-singlefile', path, join(tmp, 'page')]);
    copyFileSync(join(tmp, 'page.png'), join(RECEIPTS, png));
  }
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('refunds in the browser (training mode)', () => {
  it('signs in and learns the training host simulator', async () => {
    await page.getByTestId('sign-in').waitFor();
    await signIn(page, 'A01');
    hostUrl = (await counterData<SettingsView>(page, 'settings')).trainingHostUrl ?? '';
    expect(hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await page.getByTestId('insert-normal').click();
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
  });

  it('a paid recharge the host cannot authorize and then refunds: 继续 ends 已退款 without the card; the refund slip downloads', async () => {
    await sim('POST', '/sim/faults', { fail: { path: '/authorize$', times: 20, status: 503 } });
    await recharge('33.30');
    expect(await page.getByTestId('step-result').getAttribute('data-state')).toBe('INIT');
    const orderId = String((await counterData<PendingItem[]>(page, 'pending'))[0]?.orderId);
    const token = String((await sim('POST', '/v1/sessions', { terminalId: '000001000050', operatorId: 'e2e' })).token);
    const expected = String(((await sim('GET', `/v1/orders/${orderId}`, undefined, token)).refund as { expectedDate: string }).expectedDate);
    await sim('POST', '/sim/refunds/run', { asOf: expected });
    await sim('POST', '/sim/faults', { clear: true });
    await page.getByTestId('result-resume').click();
    await expect.poll(() => page.getByTestId('step-result').getAttribute('data-state'), { timeout: 20_000 }).toBe('REFUNDED');
    expect(await page.getByTestId('result-next-step').textContent()).toContain('款项已原路退还');
    await page.getByTestId('refund-slip-print').click();
    await expect.poll(() => page.getByTestId('receipt-status').textContent()).toContain('退款说明已存档');
    await shot(page, 'money-10-refunded-result');
    const text = pdfText(await downloadPdf('receipt-download', 'refund.pdf'), 'e2e-refund-slip.png');
    for (const want of ['退款说明', '33.30', '叁拾叁元叁角整', expected, '隔天通过对账后原路退还', '法定节假日顺延，收假后两天内退还']) expect(text).toContain(want);
  });

  it('another one left paid, refunding over the weekend: 待处理 shows 退款中 with the expected date and the refund slip; 充值记录 too', async () => {
    await sim('POST', '/sim/faults', { fail: { path: '/authorize$', times: 20, status: 503 } });
    await recharge('12');
    await sim('POST', '/sim/refunds/run', { asOf: nextSaturday() });
    await sim('POST', '/sim/faults', { clear: true });
    await page.getByTestId('result-resume').click();
    await expect.poll(() => page.getByTestId('step-result').getAttribute('data-state'), { timeout: 20_000 }).toBe('REFUNDING');
    await page.getByTestId('nav-pending').click();
    await expect.poll(() => page.getByTestId('pending-state').first().textContent()).toBe('退款中');
    const pending = await counterData<PendingItem[]>(page, 'pending');
    expect(await page.getByTestId('pending-refund').textContent()).toContain(pending[0]?.refund?.expectedDate ?? 'none');
    expect(await page.getByTestId('pending-refund-slip').isVisible()).toBe(true);
    await shot(page, 'money-11-pending-refunding');
    await page.getByTestId('nav-records').click();
    await page.getByTestId('records-plate').fill('甘A12345');
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('records-table').textContent()).toContain('退款中');
    expect(await page.getByTestId('records-table').textContent()).toContain('已退款');
    expect(await page.getByTestId('record-refund').first().textContent()).toMatch(/预计 \d{4}-\d{2}-\d{2} 退回|已退回/);
    await shot(page, 'money-12-records-refunds');
    const day = await counterData<DayView>(page, 'dayView', { date: today() });
    expect(day.report.refunds.map((l) => l.status).sort()).toEqual(['refunded', 'refunding']);
  });
});
