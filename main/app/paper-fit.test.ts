import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RechargeRecord } from '../../contract/recharge';
import { receiptData, renderReceipt } from '../print/receipt';
import { contentHeightPx, MM_PER_PX, pdfPageMicrons, ROLL_WIDTH_PX, rollPageMm, withRollPage } from './paper-fit';

/**
 * The Electron printer's 80 mm path (main/app/electron-printer.ts) speaks the DevTools protocol to its hidden
 * window; here the same commands go to Debian's Chromium (the engine Electron embeds), laid out the same
 * way (the roll's width, JavaScript off), and the PDF's page is measured against the slip's content.
 */
const record: RechargeRecord = {
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', createdAt: '2026-03-01T02:30:00.000Z', updatedAt: '2026-03-01T02:31:05.000Z',
  state: 'VERIFIED', training: false, terminalId: '000001000050', operatorId: 'B07', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 50_000, channel: 'wechat', balanceBeforeFen: 10_000, orderId: 'H0001',
  tradeNo: '4200001234202603011234567890', qrPayload: null, orderExpiresAt: null, onlineSerial: 7, hostDateTime: '20260301103100',
  balanceAfterFen: 60_000, tac: '1A2B3C4D', error: null, posVoucher: null, authCodeMasked: null, cardVersion: 0x10, keyVersion: 1, algId: 0,
};
let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 60_000);
afterAll(async () => { await browser?.close(); });

function pdfinfo(file: string): { pages: number; heightMm: number; widthMm: number } {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const [, w = '0', h = '0'] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out) ?? [];
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1]), widthMm: (Number(w) * 25.4) / 72, heightMm: (Number(h) * 25.4) / 72 };
}

describe('an 80 mm receipt on the Electron path', () => {
  it('is one page exactly as long as its content, not 297 mm', async () => {
    const html = renderReceipt(receiptData(record, { branch: '兰州东岗支行', terminalId: '000001000050', operatorId: 'B07', printedAt: '2026-03-01T02:32:00.000Z', timeZone: 'Asia/Shanghai' }), '80mm');
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: ROLL_WIDTH_PX, height: 100 } });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const cdp = await context.newCDPSession(page);
      const heightPx = await contentHeightPx({ send: (m, p) => cdp.send(m as 'Page.getLayoutMetrics', p) });
      expect(heightPx).toBeGreaterThan(300); // a receipt is taller than the 100 px window it is laid out in
      await page.setContent(withRollPage(html, heightPx), { waitUntil: 'load' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const file = join(mkdtempSync(join(tmpdir(), 'etc-roll-')), 'receipt.pdf');
      writeFileSync(file, pdf);
      const info = pdfinfo(file);
      const contentMm = heightPx * MM_PER_PX;
      process.stdout.write(`80 mm receipt: content ${contentMm.toFixed(1)} mm, page ${info.widthMm.toFixed(1)} × ${info.heightMm.toFixed(1)} mm, ${info.pages} page(s)\n`);
      expect(info.pages).toBe(1);
      expect(info.widthMm).toBeCloseTo(80, 0);
      expect(info.heightMm).toBeCloseTo(rollPageMm(heightPx), 0);
      expect(info.heightMm - contentMm).toBeGreaterThanOrEqual(0);
      expect(info.heightMm - contentMm).toBeLessThan(4);
      expect(info.heightMm).toBeLessThan(297);
      // The whole slip is on the page: its last line (the print time) is in the text.
      expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toMatch(/打印：终端 000001000050 柜员 B07 2026-03-01\s+10:32:00/);
      const size = pdfPageMicrons(pdf);
      expect(size!.height / 1000).toBeCloseTo(info.heightMm, 0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
