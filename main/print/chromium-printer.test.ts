import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RechargeRecord } from '../../contract/recharge';
import { ChromiumPrinter } from './chromium-printer';
import { receiptData, renderReceipt } from './receipt';

/** A loaded recharge as the journal has it (INIT answered serial 7). */
const record: RechargeRecord = {
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', createdAt: '2025-03-01T02:30:00.000Z', updatedAt: '2025-03-01T02:31:05.000Z',
  state: 'VERIFIED', training: true, terminalId: '000001000050', operatorId: 'A01', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 123450, channel: 'wechat', balanceBeforeFen: 10000, orderId: 'H2025030100000123456',
  tradeNo: '4200001234202503011234567890', qrPayload: null, orderExpiresAt: null, onlineSerial: 7, hostDateTime: '20250301103100',
  balanceAfterFen: 133450, tac: '1A2B3C4D', error: null, posVoucher: null, authCodeMasked: null, cardVersion: 0x10, keyVersion: 1, algId: 0,
};
const ctx = { branch: '兰州城关营业厅', terminalId: '000001000050', operatorId: 'A01', printedAt: '2025-03-01T02:32:00.000Z', timeZone: 'Asia/Shanghai' };
const dir = mkdtempSync(join(tmpdir(), 'chromium-printer-'));
const printer = new ChromiumPrinter();
afterAll(() => printer.close());

/** The PDF's text as a person reads its lines (poppler's pdftotext -layout), and its fonts (pdffonts). */
function read(pdf: Buffer, name: string): { text: string; pageMm: [number, number] } {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const [, w = '0', h = '0'] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
  return { text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }), pageMm: [Number(w) * 25.4 / 72, Number(h) * 25.4 / 72] };
}

describe('ChromiumPrinter (Debian Chromium, one page kept for every document)', () => {
  it('prints an 80 mm receipt on a roll cut to its content, the 流水号 whole on one line', async () => {
    await printer.prepare(); // the browser and its page ready before the slip, as while a customer pays
    const html = renderReceipt(receiptData(record, ctx), '80mm', { timeZone: 'Asia/Shanghai' });
    const { text, pageMm } = read(await printer.toPdf(html, '80mm'), 'roll.pdf');
    expect(text).toMatch(new RegExp(`^\\s*${record.id}\\s*$`, 'm')); // the whole id, alone on its line
    expect(text).toMatch(/^\s*4200001234202503011234567890\s*$/m);
    expect(text).toMatch(/卡片联机序号\s+8\s*$/m);
    expect(text).toContain('票根');
    expect(pageMm[0]).toBeCloseTo(80, 0);
    expect(pageMm[1]).toBeGreaterThan(120); // the whole slip…
    expect(pageMm[1]).toBeLessThan(297); // …and not a full A4 length of empty roll
  }, 60_000);

  it('renders documents given at once one after the other on its one page, each whole', async () => {
    const a5 = renderReceipt(receiptData(record, ctx), 'A5', { timeZone: 'Asia/Shanghai' });
    const reprint = renderReceipt(receiptData(record, ctx), 'A5', { timeZone: 'Asia/Shanghai', reprint: { at: ctx.printedAt, by: 'S01' } });
    const [first, second] = await Promise.all([printer.toPdf(a5, 'A5'), printer.toPdf(reprint, 'A5')]);
    const one = read(first, 'a5.pdf');
    const two = read(second, 'a5-reprint.pdf');
    expect(one.text).toContain('ETC 陇通卡充值回单');
    expect(one.text).not.toContain('补打');
    expect(two.text).toContain('补打');
    expect(one.pageMm[0]).toBeCloseTo(148, 0);
    expect(one.text).toMatch(new RegExp(`流水号\\s+${record.id}`)); // A5 is wide enough: beside its label
  }, 60_000);
});
