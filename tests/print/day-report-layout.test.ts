import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DayReport, RefundLine, Tally } from '../../contract/ipc';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { renderDayReport } from '../../main/report';

/**
 * The 日结单 as it comes off the printer: whatever the day's length, the signature line never stands alone on a
 * page — the closing lines (chain head, note, signatures) go over together. Days of 0 to 45 refund lines sweep the
 * end of the report across a whole A4 page, so every place a page can break near the end is met once.
 */
const printer = new ChromiumPrinter();
afterAll(async () => { await printer.close(); });
const tmp = mkdtempSync(join(tmpdir(), 'day-layout-'));
const t = (count: number, sumFen: number): Tally => ({ count, sumFen });

function day(refunds: number): DayReport {
  const lines: RefundLine[] = Array.from({ length: refunds }, (_, i) => ({
    id: `r${i}`, orderId: `HO2026120700000000${String(i).padStart(2, '0')}`, createdAt: '2026-12-07T02:00:00.000Z',
    cardNo: '62010000000000000001', plate: '甘A12345', amountFen: 1000 + i, channel: 'wechat', tradeNo: `42000000000000000000000000${String(i).padStart(2, '0')}`,
    state: 'UNLOADED', status: 'due', expectedDate: '2026-12-08', refundNo: null, refundedAt: null,
  }));
  return {
    date: '2026-12-07', terminalId: '000001000050', branch: '培训网点', training: true, generatedAt: '2026-12-07T10:00:00.000Z',
    byChannel: { wechat: t(refunds, 1000 * refunds), alipay: t(0, 0), pos: t(0, 0) }, loaded: t(0, 0), repaired: t(0, 0),
    unloaded: t(refunds, 1000 * refunds), pending: t(0, 0), needsAdmin: t(0, 0), cancelled: t(0, 0), refundsDue: t(refunds, 1000 * refunds),
    refunding: t(0, 0), refunded: t(0, 0), refunds: lines, totals: { recharges: refunds, paid: t(refunds, 1000 * refunds) }, posSlips: [],
    chain: { events: 120, audit: 40, digest: 'ab'.repeat(32) },
  };
}

function pages(pdf: string): string[] {
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
  return Array.from({ length: n }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', pdf, '-'], { encoding: 'utf8' }));
}

describe('the 日结单\'s page breaks', () => {
  it('never leaves the signature line alone on a page', async () => {
    const seen = new Set<number>();
    for (let n = 0; n <= 45; n += 3) {
      const pdf = join(tmp, `day-${n}.pdf`);
      writeFileSync(pdf, await printer.toPdf(renderDayReport(day(n), { reconciliation: null, reconcileError: '主机无应答' }), 'A4'));
      const texts = pages(pdf);
      seen.add(texts.length);
      const signed = texts.findIndex((p) => p.includes('主管签字'));
      expect(signed, `${n} refunds: a signature line`).toBeGreaterThanOrEqual(0);
      const page = (texts[signed] ?? '').replace(/\s+/g, '');
      // On the signature's page: the note above it, and the chain head — never the signatures by themselves.
      expect(page, `${n} refunds, page ${signed + 1} of ${texts.length}`).toContain('按充值创建日期统计');
      expect(page, `${n} refunds, page ${signed + 1} of ${texts.length}`).toContain('日志哈希链');
    }
    expect(seen.size, 'the sweep crossed a page end').toBeGreaterThan(1);
  }, 180_000);
});
