import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCardNo } from '../../contract/format';
import { PrintService, ReceiptArchive } from '../../main/print';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { dayReport, renderDayReport } from '../../main/report';
import { trainingServices } from '../support/training';
import { fillDay, type FilledDay, type Training } from '../print/fill-day';

const ART = join(process.cwd(), 'artifacts', 'receipts');
let s: Training;
let day: FilledDay;
const printer = new ChromiumPrinter();
const settings = { branch: '兰州城关营业厅', terminalId: '000001000050', printerName: null };

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  s = await trainingServices();
  day = await fillDay(s);
}, 90_000);
afterAll(async () => {
  await printer.close();
  await s.dispose();
});

/** PDF → PNG with poppler, kept as an artifact; returns the PDF's text and page size in points. */
function toPng(pdf: string, name: string): { text: string; width: number; height: number; pages: number } {
  const tmp = mkdtempSync(join(tmpdir(), 'png-'));
  execFileSync('pdftoppm', ['-r', '120', '-png', '-singlefile', pdf, join(tmp, 'page')]);
  copyFileSync(join(tmp, 'page.png'), join(ART, name));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return {
    text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }),
    width: Number(size?.[1]), height: Number(size?.[2]), pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
  };
}

const MM = 72 / 25.4;

describe('slips through Chromium to PDF and PNG', () => {
  it('prints an 80 mm receipt cut to its content, archives it, and a 补打 as reprint 1', async () => {
    const archive = new ReceiptArchive(s.dataDir);
    const svc = new PrintService({ printer, archive, settings });
    const rec = s.journal.get(day.loaded.id);
    if (!rec) throw new Error('missing recharge');
    const first = await svc.printReceipt(rec, { operatorId: 'op01', format: '80mm' });
    expect(first).toMatchObject({ printed: false, error: null, archived: { reprint: null, kind: 'receipt' } });
    expect(svc.receiptPrinted(rec)).toBe(true);
    await expect(svc.printReceipt(rec, { operatorId: 'op01', format: '80mm' })).rejects.toMatchObject({ code: 'PRINT_ARCHIVE_EXISTS' });
    const again = await svc.printReceipt(rec, { operatorId: 'sup01', format: '80mm', reprint: true });
    expect(again.archived.reprint).toBe(1);
    expect(readFileSync(again.archived.path).subarray(0, 5).toString()).toBe('%PDF-');

    const page = toPng(again.archived.path, 'receipt-80mm.png');
    expect(page.pages).toBe(1);
    expect(Math.abs(page.width - 80 * MM)).toBeLessThan(1);
    expect(page.height).toBeLessThan(297 * MM); // cut to the slip, not a whole page of roll
    // …and cut just below the last line: no blank tail, and nothing shrunk to fit the roll.
    const bbox = execFileSync('pdftotext', ['-bbox', again.archived.path, '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)"/g)];
    const lastLine = Math.max(...words.map((m) => Number(m[3])));
    const widest = Math.max(...words.map((m) => Number(m[2])));
    expect(page.height - lastLine).toBeLessThan(15 * MM);
    expect(widest).toBeGreaterThan(70 * MM); // right-aligned values reach the right margin (4 mm)
    for (const t of ['ETC 陇通卡充值回单', '补打', 'sup01', '伍拾元整', '50.00', groupCardNo(rec.cardNo), rec.tac ?? 'no tac', '已圈存', '培训模式']) {
      expect(page.text, t).toContain(t);
    }
  });

  it('prints the repaired recharge on A5', async () => {
    const svc = new PrintService({ printer, archive: new ReceiptArchive(s.dataDir), settings });
    const rec = s.journal.get(day.repaired.id);
    if (!rec) throw new Error('missing recharge');
    const out = await svc.printReceipt(rec, { operatorId: 'op01', format: 'A5' });
    const page = toPng(out.archived.path, 'receipt-a5.png');
    expect(Math.abs(page.width - 148 * MM)).toBeLessThan(1);
    expect(Math.abs(page.height - 210 * MM)).toBeLessThan(1);
    for (const t of ['贰拾伍元整', '支付宝', '25.00', groupCardNo(rec.cardNo)]) expect(page.text, t).toContain(t);
  });

  it('prints the evidence slip of the NEEDS_ADMIN recharge on A4', async () => {
    const svc = new PrintService({ printer, archive: new ReceiptArchive(s.dataDir), settings });
    const rec = s.journal.get(day.needsAdmin.id);
    if (!rec) throw new Error('missing recharge');
    const out = await svc.printEvidence(rec, s.journal.events(rec.id), { operatorId: 'sup01' });
    expect(out.archived.kind).toBe('evidence');
    const page = toPng(out.archived.path, 'evidence.png');
    expect(Math.abs(page.width - 210 * MM)).toBeLessThan(1);
    for (const t of ['圈存异常证据单', groupCardNo(rec.cardNo), '9.87', 'PAID', '需管理员处理', '相符的圈存记录']) expect(page.text, t).toContain(t);
    const second = await svc.printEvidence(rec, s.journal.events(rec.id), { operatorId: 'sup01' });
    expect(second.archived.reprint).toBe(1);
  });

  it('prints the day report on A4', async () => {
    const svc = new PrintService({ printer, archive: new ReceiptArchive(s.dataDir), settings });
    const report = dayReport(s.journal, day.date, { terminalId: settings.terminalId, branch: settings.branch, training: true });
    const out = await svc.printDocument(renderDayReport(report), { date: day.date, id: 'day', kind: 'report', format: 'A4' });
    expect(out.archived.path.endsWith(join(day.date, 'day-report.pdf'))).toBe(true);
    const page = toPng(out.archived.path, 'day-report.png');
    for (const t of ['日结报表', '122.87', '39.87', '75.00', '微信支付', '支付宝']) expect(page.text, t).toContain(t);
  });

  it('keeps the PDF when the configured printer cannot be reached, and says so', async () => {
    const svc = new PrintService({ printer, archive: new ReceiptArchive(s.dataDir), settings: { ...settings, printerName: 'NoSuchPrinter' } });
    const rec = s.journal.get(day.unloaded.id);
    if (!rec) throw new Error('missing recharge');
    const out = await svc.printReceipt(rec, { operatorId: 'op01', format: 'A5' });
    // On this machine either CUPS is absent (lp not found) or the queue does not exist: paper fails.
    expect(out.printed).toBe(false);
    expect(out.error?.code).toBe('PRINT_FAILED');
    expect(out.error?.message).toContain('已存档为 PDF');
    expect(existsSync(out.archived.path) && statSync(out.archived.path).size > 1000).toBe(true);
    expect(await printer.listPrinters()).toEqual(expect.any(Array));
  });
});
