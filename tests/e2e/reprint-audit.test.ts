import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, CounterStatus, PrintResult } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { REPO_ROOT } from '../../main/app/renderer-build';
import { readCard, shot, signIn, typeAmount, type Served, callCounter, openTrainingCounter, type TrainingCounter } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * Receipts in training mode: a recharge's receipt is archived as PDF by itself and downloadable in browser
 * mode (kept as a PNG artifact); 补打 is refused to operator A01 by main, allowed to supervisor S01 (the
 * copy marked 补打), and the supervisor's 审计日志 shows the `reprint` entry.
 */
const RECEIPTS = join(REPO_ROOT, 'artifacts', 'receipts');
let counter: TrainingCounter;
let served: Served;
let page: Page;
let rechargeId = '';
const tmp = mkdtempSync(join(tmpdir(), 'e2e-receipt-'));

beforeAll(async () => {
  mkdirSync(RECEIPTS, { recursive: true });
  counter = await openTrainingCounter();
  ({ served, page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

const api = <T>(name: string, req: object = {}) => callCounter<T>(page, name, req);
/** Clicks the download button and returns the saved PDF's path and its text (pdftotext). */
async function downloadPdf(name: string): Promise<{ path: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('receipt-download').click()]);
  const path = join(tmp, name);
  await download.saveAs(path);
  return { path, text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }) };
}
/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());

describe('receipts and 补打 (training mode, browser)', () => {
  it('archives the receipt of a finished recharge by itself; the downloaded PDF becomes artifacts/receipts/e2e-receipt.png', async () => {
    await page.getByTestId('sign-in').waitFor();
    await signIn(page, 'A01');
    await page.getByTestId('insert-normal').click();
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
    await readCard(page);
    await page.getByTestId('to-amount').click();
    await typeAmount(page, '66');
    await page.getByTestId('amount-confirm').waitFor();
    expect(await page.getByTestId('amount-confirm').textContent()).toContain('陆拾陆元整');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    expect(await page.getByTestId('pay-amount').textContent()).toContain('66.00');
    await page.getByTestId('pay-simulate').click();
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
    const st = await api<CounterStatus>('status');
    rechargeId = st.ok ? st.data.activeRechargeId ?? '' : '';
    expect(rechargeId).toMatch(/^[0-9a-f-]{36}$/);

    await expect.poll(() => page.getByTestId('receipt-status').textContent(), { timeout: 30_000 }).toContain('回单已存档');
    await shot(page, 'receipt-01-result');
    const { path, text } = await downloadPdf('receipt.pdf');
    for (const words of ['充值回单', '66.00', '陆拾陆元整', '6201 0000 0000 0000 0001', '甘A12345', '培训模式']) expect(text).toContain(words);
    expect(text).not.toContain('补打');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path, join(tmp, 'receipt')]);
    copyFileSync(join(tmp, 'receipt.png'), join(RECEIPTS, 'e2e-receipt.png'));
    const archived = join(served.home, 'training', 'archive', today(), `${rechargeId}-receipt.pdf`);
    expect(existsSync(archived)).toBe(true);
    // Shown again (a reload of the result page): the archived original, no second original.
    const again = await api<PrintResult>('receiptPrint', { id: rechargeId });
    expect(again).toMatchObject({ ok: true, data: { already: true, reprint: null } });
  });

  it('refuses 补打 to operator A01: the button shows main\'s refusal, and the call from the page is refused too', async () => {
    await page.getByTestId('receipt-reprint').click();
    await expect.poll(() => page.getByTestId('receipt-error').textContent()).toContain('主管权限');
    await shot(page, 'receipt-02-reprint-refused');
    expect(await api('receiptReprint', { id: rechargeId })).toMatchObject({ ok: false, code: 'AUTH_FORBIDDEN' });
    expect(existsSync(join(served.home, 'training', 'archive', today(), `${rechargeId}-receipt-reprint-1.pdf`))).toBe(false);
    await page.getByTestId('result-new').click();
    await page.getByTestId('step-read').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('status-operator').textContent()).toContain('未登录');
  });

  it('lets supervisor S01 reprint from 充值记录: the copy says 补打, and 审计日志 shows the reprint', async () => {
    await signIn(page, 'S01');
    await page.getByTestId('nav-records').click();
    await page.getByTestId('records-plate').fill('甘A12345');
    await page.getByTestId('records-query').click();
    await page.getByTestId(`record-paper-${rechargeId}`).click();
    await page.getByTestId('record-paper-dialog').waitFor();
    expect(await page.getByTestId('record-paper-dialog').textContent()).toContain('66.00 元');
    await page.getByTestId('receipt-reprint').click();
    await expect.poll(() => page.getByTestId('receipt-status').textContent(), { timeout: 30_000 }).toContain('补打第 1 份');
    await shot(page, 'receipt-03-reprinted');
    const { text } = await downloadPdf('reprint.pdf');
    expect(text).toContain('补打');
    expect(text).toContain('S01');
    expect(existsSync(join(served.home, 'training', 'archive', today(), `${rechargeId}-receipt-reprint-1.pdf`))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('record-paper-dialog').count()).toBe(0);

    await page.getByTestId('nav-audit').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('补打回单');
    // The object is the recharge by its card and amount, never its UUID.
    expect(await page.getByTestId('audit-table').textContent()).not.toContain(rechargeId);
    expect(await page.getByTestId('audit-target').first().textContent()).toBe('充值：卡号尾号 0001，66.00 元');
    // The entry's detail in words: which copy, the card number grouped, the amount in yuan — no JSON.
    const table = ((await page.getByTestId('audit-table').textContent()) ?? '').replace(/\u00a0/g, ' '); // the card number's no-break spaces
    expect(table).toContain('补打第 1 份回单（80 mm 热敏纸）：卡号 6201 0000 0000 0000 0001，66.00 元');
    expect(table).not.toContain('"copy"');
    await shot(page, 'receipt-04-audit');
    const log = await api<AuditEntry[]>('auditList', { from: today(), to: today(), action: 'reprint' });
    expect(log.ok).toBe(true);
    const entries = log.ok ? log.data : [];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ operatorId: 'S01', role: 'supervisor', action: 'reprint', target: rechargeId, detail: { copy: 1 } });
    const rec = await api<{ record: RechargeRecord }>('rechargeGet', { id: rechargeId });
    expect(rec.ok && rec.data.record.state).toBe('VERIFIED');
  });
});
