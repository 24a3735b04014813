import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, DayView, RecordsView } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { REPO_ROOT } from '../../main/app/renderer-build';
import { readCard, shot, signIn, typeAmount, callCounter, counterData, openTrainingCounter, type TrainingCounter } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * 日结 in training mode: two recharges (WeChat and Alipay) and one left awaiting payment; the day's report
 * shows them; CSV and XLSX are downloaded and read back against the journal's records; closing the day is
 * refused with the pending one listed, allowed once it is cancelled, audited, and refused a second time.
 */
const RECEIPTS = join(REPO_ROOT, 'artifacts', 'receipts');
let counter: TrainingCounter;
let page: Page;
const tmp = mkdtempSync(join(tmpdir(), 'e2e-day-'));
/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());
let pendingId = '';

beforeAll(async () => {
  mkdirSync(RECEIPTS, { recursive: true });
  counter = await openTrainingCounter();
  ({ page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

const data = <T>(name: string, req: object = {}) => counterData<T>(page, name, req);
const api = <T>(name: string, req: object = {}) => callCounter<T>(page, name, req);
async function download(testId: string, name: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  // Every file a person saves says what it is and which day: never day-report.pdf.
  expect(d.suggestedFilename()).toMatch(new RegExp(`^etc-000001000050-${today()}\\.(csv|xlsx)$|^日结单-000001000050-${today()}\\.pdf$`));
  const path = join(tmp, name);
  await d.saveAs(path);
  return readFileSync(path);
}
/** RFC 4180 read independently of main/report's writer: quotes, doubled quotes, CRLF. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
async function recharge(amount: string, channel: 'wechat' | 'alipay', pay: boolean): Promise<void> {
  await page.getByTestId('nav-recharge').click();
  await readCard(page);
  await page.getByTestId('to-amount').click();
  await page.getByTestId(`channel-${channel}`).click();
  expect(await page.getByTestId(`channel-${channel}`).getAttribute('aria-checked')).toBe('true');
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  expect(await page.getByTestId('amount-confirm').textContent()).toContain(channel === 'wechat' ? '微信扫码' : '支付宝扫码');
  await page.getByTestId('amount-confirm-button').click();
  await page.getByTestId('pay-qr').waitFor();
  expect(await page.getByTestId('pay-amount').textContent()).toContain(Number(amount).toFixed(2));
  if (!pay) return;
  await page.getByTestId('pay-simulate').click();
  await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
  await page.getByTestId('result-new').click();
  await page.getByTestId('step-read').waitFor();
  expect(await page.getByTestId('card-summary').count()).toBe(0);
}
/** Where an element ends, in CSS pixels from the top of the window. */
async function bottomOf(testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return box.y + box.height;
}
const line = (key: string) => page.locator(`[data-test="day-lines"] tr[data-line="${key}"]`).textContent();
const channelLine = (key: string) => page.locator(`[data-test="day-channels"] tr[data-line="${key}"]`).textContent();

describe('日结 (training mode, browser)', () => {
  it('shows the day after two recharges and one awaiting payment', async () => {
    await page.getByTestId('sign-in').waitFor();
    await signIn(page, 'S01');
    await page.getByTestId('insert-normal').click();
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
    // A counter's 1366×768 screen: the day's page must keep its close button above the status bar.
    await page.setViewportSize({ width: 1366, height: 768 });
    await recharge('100', 'wechat', true);
    await recharge('50.50', 'alipay', true);
    await recharge('20', 'wechat', false); // the customer walks away: ORDERED, in 待处理
    pendingId = (await data<RechargeRecord[]>('pending'))[0]?.id ?? '';
    expect(pendingId).not.toBe('');
    await page.getByTestId('nav-dayend').click();
    await expect.poll(() => page.locator('.el-message-box').textContent()).toContain('支付二维码仍有效');
    await page.getByRole('button', { name: '离开' }).click(); // the QR code was live: leaving asks first

    await page.getByTestId('view-dayend').waitFor();
    expect(await page.getByTestId('day-date').locator('input').inputValue()).toBe(today()); // YYYY-MM-DD, not the browser's 12/01/2026
    await expect.poll(() => line('loaded')).toMatch(/已圈存\s*2\s*150\.50/);
    expect(await channelLine('wechat')).toMatch(/1\s*100\.00/);
    expect(await channelLine('alipay')).toMatch(/1\s*50\.50/);
    expect(await line('pending')).toMatch(/1\s*20\.00/);
    expect(await line('paid')).toMatch(/2\s*150\.50/);
    expect(await line('recharges')).toMatch(/3/);
    expect(await page.getByTestId('day-blockers').textContent()).toContain('甘A12345');
    expect(await page.getByTestId('day-blockers').textContent()).toContain('6201 0000 0000 0000 0001');
    // Whole and visible, above the status bar, without scrolling (the actions bar sticks to the bottom).
    expect(await page.getByTestId('day-close').isVisible()).toBe(true);
    const statusBarTop = (await page.getByTestId('status-bar').boundingBox())?.y ?? 0;
    expect(await bottomOf('day-close')).toBeLessThan(statusBarTop);
    expect(await bottomOf('day-actions')).toBeLessThanOrEqual(statusBarTop + 1); // rests on the bar (sub-pixel rounding)
    await shot(page, 'dayend-01-report');
  });

  it('exports CSV (UTF-8 with BOM) and XLSX whose rows are the journal\'s records of the day', async () => {
    const journal = (await data<RecordsView>('records', { plate: '甘A12345', plateColor: 0, from: today(), to: today() })).rows;
    expect(journal).toHaveLength(3);
    const byId = new Map(journal.map((r) => [r.rechargeId, r]));

    const csv = await download('day-export-csv', 'day.csv');
    await expect.poll(() => page.getByTestId('day-note').textContent()).toContain(`已导出：etc-000001000050-${today()}.csv`);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Digits-only text (card no, trade no, terminal id) comes as ="…", which Excel shows as text, never 6.2E+19.
    const raw = readCsv(csv.subarray(3).toString('utf8'));
    expect(raw.flat().filter((c) => /^\d{12,}$/.test(c))).toEqual([]);
    const rows = raw.map((r) => r.map((c) => (/^="\d+"$/.test(c) ? c.slice(2, -1) : c)));
    // After the table, an empty line and the day's hash-chain head (docs/security.md) as a `# ` note, not a recharge.
    expect(rows.pop()?.[0]).toMatch(/^# 日志哈希链（截至当日结束）：.*校验码 [0-9A-F ]+$/);
    expect(rows.pop()).toEqual(['']);
    const header = rows[0] ?? [];
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(4);
    for (const r of rows.slice(1)) {
      const j = byId.get(r[col('流水号')] ?? '');
      expect(j, `CSV row ${r.join(',')}`).toBeDefined();
      expect(Number(r[col('金额（分）')])).toBe(j?.amountFen);
      expect(r[col('卡号')]).toBe(j?.cardNo);
      expect(r[col('订单号')]).toBe(j?.orderId);
    }
    const states = rows.slice(1).map((r) => r[col('状态')]).sort();
    expect(states).toEqual(['已圈存（余额已核对）', '已圈存（余额已核对）', '待付款']);

    const xlsx = await download('day-export-xlsx', 'day.xlsx');
    await expect.poll(() => page.getByTestId('day-note').textContent()).toContain(`已导出：etc-000001000050-${today()}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['充值明细', '交易日志事件', '对账', '日结汇总']);
    const sheet = wb.worksheets[0];
    const sheetRows: string[][] = [];
    // row.values is 1-based and sparse: Array.from turns its holes (empty cells) into ''.
    sheet?.eachRow((row) => { sheetRows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))); });
    // The same table, cell for cell (a sheet row has no trailing empty cells, where a CSV row has its commas).
    const trim = (r: string[]) => { const c = [...r]; while (c.length > 0 && c.at(-1) === '') c.pop(); return c; };
    expect(sheetRows.map(trim)).toEqual(rows.map(trim));
    const summary = wb.getWorksheet('日结汇总');
    const found: string[] = [];
    summary?.eachRow((row) => { found.push(Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? '')).join('|')); });
    expect(found).toContain('已圈存|2|150.50|15050');
    expect(found).toContain('待处理（未完成）|1|20.00|2000');
    await shot(page, 'dayend-02-exported');
  });

  it('prints the day report to PDF (artifacts/receipts/e2e-day-report.png)', async () => {
    const pdf = await download('day-print', 'report.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await expect.poll(() => page.getByTestId('day-note').textContent()).toContain('已存档：');
    execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', join(tmp, 'report.pdf'), join(tmp, 'report')]);
    copyFileSync(join(tmp, 'report.png'), join(RECEIPTS, 'e2e-day-report.png'));
    const text = execFileSync('pdftotext', ['-layout', join(tmp, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('日结报表');
    expect(text).toContain('150.50');
  });

  it('refuses to close the day with the pending recharge listed; after it is cancelled, closes once, audited', async () => {
    await page.getByTestId('day-close').click();
    await expect.poll(() => page.locator('.el-message-box').textContent()).toContain(`确认对 ${today()} 进行日结`);
    await page.locator('.el-message-box .el-button--primary').click(); // the box's own 日结 button
    await expect.poll(() => page.getByTestId('day-error').textContent()).toContain('尚未处理完毕');
    expect(await page.getByTestId('day-error').isVisible()).toBe(true);
    expect(await page.getByTestId('day-error').textContent()).toContain('甘A12345 20.00');
    await shot(page, 'dayend-03-close-refused');

    expect((await data<RechargeRecord>('rechargeCancel', { id: pendingId })).state).toBe('CANCELLED');
    await page.getByTestId('day-show').click();
    await page.getByTestId('day-ready').waitFor();
    expect(await page.getByTestId('day-ready').textContent()).toContain('可以日结');
    expect(await page.getByTestId('day-blockers').count()).toBe(0);
    await page.getByTestId('day-close').click();
    await page.locator('.el-message-box .el-button--primary').click(); // the box's own 日结 button
    await expect.poll(() => page.getByTestId('day-closed').textContent()).toContain('已日结');
    expect(await page.getByTestId('day-closed').textContent()).toContain('S01');
    expect(await page.getByTestId('day-close').count()).toBe(0); // once closed, nothing to press
    await shot(page, 'dayend-04-closed');

    expect(await api<DayView>('dayClose', { date: today() })).toMatchObject({ ok: false, code: 'DAY_ALREADY_CLOSED' });
    const log = await data<AuditEntry[]>('auditList', { from: today(), to: today(), action: 'day-close' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ operatorId: 'S01', target: today(), detail: { recharges: 3, loaded: { count: 2, sumFen: 15_050 } } });

    // The supervisor reads the same entry in 审计日志 as a sentence, not as JSON.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-action').selectOption('day-close');
    await page.getByTestId('audit-query').click();
    await expect.poll(() => page.getByTestId('audit-detail').first().textContent()).toContain('当日充值 3 笔');
    const detail = (await page.getByTestId('audit-detail').first().textContent()) ?? '';
    expect(detail).toContain('已圈存 2 笔 150.50 元');
    expect(detail).not.toMatch(/[{}"]/);
    await shot(page, 'dayend-05-audit');
  });
});
