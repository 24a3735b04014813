import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import { ReceiptArchive, type ArchiveEntry } from './archive';
import { ChromiumPrinter } from './chromium-printer';
import type { PaperFormat } from '../paper/html';
import type { Printer, PrintJob } from './printer';
import { keepPaperReady } from './keep-ready';
import { PrintService } from './service';

const record: RechargeRecord = {
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', createdAt: '2025-03-01T02:30:00.000Z', updatedAt: '2025-03-01T02:31:05.000Z',
  state: 'VERIFIED', training: false, terminalId: '000001000050', operatorId: 'op01', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 123450, channel: 'wechat', balanceBeforeFen: 10000, orderId: 'H0001',
  tradeNo: '4200001234202503011234567890', qrPayload: null, orderExpiresAt: null, onlineSerial: 7, hostDateTime: '20250301103100',
  balanceAfterFen: 133450, tac: '1A2B3C4D', error: null, posVoucher: null, authCodeMasked: null, cardVersion: null, keyVersion: null, algId: null,
};
const settings = { branch: '兰州城关营业厅', terminalId: '000001000050', printerName: 'Counter-80' };

/** A printer that renders a PDF whose bytes differ every time (as a real render's timestamps do) and keeps what it is asked to print. */
class RecordingPrinter implements Printer {
  renders = 0;
  prepared = 0;
  lastHtml = '';
  printed: { pdf: Buffer; job: PrintJob }[] = [];
  async listPrinters() { return []; }
  async prepare() { this.prepared++; }
  async toPdf(html: string, format: PaperFormat): Promise<Buffer> {
    this.renders++;
    this.lastHtml = html;
    return Buffer.from(`%PDF-1.7 render ${this.renders} ${format} ${html.length} ${Math.random()}`);
  }
  async printPdf(pdf: Buffer, job: PrintJob & { printer: string }): Promise<void> {
    this.printed.push({ pdf, job });
  }
}

describe('what goes to paper is the archived PDF', () => {
  it('renders once, archives, and prints the archived file\'s bytes (no second rendering)', async () => {
    const printer = new RecordingPrinter();
    const svc = new PrintService({ printer, archive: new ReceiptArchive(mkdtempSync(join(tmpdir(), 'svc-'))), settings, timeZone: 'Asia/Shanghai' });
    const out = await svc.printReceipt(record, { operatorId: 'op01', format: '80mm' });
    expect(out).toMatchObject({ printed: true, error: null });
    expect(printer.renders).toBe(1);
    expect(printer.printed).toHaveLength(1);
    expect(printer.printed[0]?.pdf.equals(readFileSync(out.archived.path))).toBe(true);
    expect(printer.printed[0]?.job).toEqual({ printer: 'Counter-80', format: '80mm' });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints nothing when the archived file no longer matches what was rendered', async () => {
    const printer = new RecordingPrinter();
    class TamperedArchive extends ReceiptArchive {
      override save(o: Parameters<ReceiptArchive['save']>[0]): ArchiveEntry {
        const entry = super.save(o);
        writeFileSync(entry.path, '%PDF-something else'); // a disk error, or someone between save and print
        return entry;
      }
    }
    const svc = new PrintService({ printer, archive: new TamperedArchive(mkdtempSync(join(tmpdir(), 'svc-'))), settings });
    const out = await svc.printReceipt(record, { operatorId: 'op01', format: 'A5' });
    expect(out.printed).toBe(false);
    expect(out.error?.code).toBe('PRINT_ARCHIVE_MISMATCH');
    expect(printer.printed).toEqual([]);
  });

  it('hands CUPS lp the very bytes it is given (ChromiumPrinter.printPdf, a stand-in lp)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-'));
    const lp = join(dir, 'lp');
    // Copies the file it is given and records its arguments, as a print queue would take the job.
    writeFileSync(lp, `#!/bin/sh\nfor a; do last="$a"; done\ncp "$last" ${dir}/job.pdf\necho "$@" > ${dir}/args\n`);
    chmodSync(lp, 0o755);
    const bytes = Buffer.from('%PDF-1.7 the archived bytes \x00\xff');
    await new ChromiumPrinter({ lp }).printPdf(bytes, { printer: 'Counter-80', format: '80mm' });
    expect(readFileSync(join(dir, 'job.pdf')).equals(bytes)).toBe(true);
    expect(readFileSync(join(dir, 'args'), 'utf8')).toMatch(/^-d Counter-80 -o media=Custom\.80x297mm -o fit-to-page \/.*\/slip\.pdf\n$/);
    await expect(new ChromiumPrinter({ lp: join(dir, 'missing-lp') }).printPdf(bytes, { printer: 'X', format: 'A5' }))
      .rejects.toMatchObject({ code: 'PRINT_FAILED' });
  });
});

describe('paper without waiting (docs/ui.md "Receipts")', () => {
  it('hands back the very HTML the archived PDF was made from, for the window\'s print dialog', async () => {
    const printer = new RecordingPrinter();
    const svc = new PrintService({ printer, archive: new ReceiptArchive(mkdtempSync(join(tmpdir(), 'svc-'))), settings: { ...settings, printerName: null } });
    const out = await svc.printReceipt(record, { operatorId: 'op01', format: '80mm' });
    expect(out).toMatchObject({ printed: false, error: null });
    expect(out.html).toBe(printer.lastHtml);
    expect(out.html).toContain(record.id);
  });

  it('gets the printer ready when a recharge gets under way, not for finished ones; stops when unsubscribed', async () => {
    const printer = new RecordingPrinter();
    const svc = new PrintService({ printer, archive: new ReceiptArchive(mkdtempSync(join(tmpdir(), 'svc-'))), settings });
    const listeners = new Set<(r: RechargeRecord) => void>();
    const engine = { onChange(l: (r: RechargeRecord) => void) { listeners.add(l); return () => listeners.delete(l); } };
    const change = (state: RechargeState) => { for (const l of listeners) l({ ...record, state }); };
    const off = keepPaperReady(engine, svc);
    change('VERIFIED');
    change('CANCELLED');
    await Promise.resolve();
    expect(printer.prepared).toBe(0);
    change('ORDERED');
    change('PAID');
    await Promise.resolve();
    expect(printer.prepared).toBe(2); // each asks; a ready printer makes nothing of it (ChromiumPrinter.prepare)
    off();
    change('READ');
    await Promise.resolve();
    expect(printer.prepared).toBe(2);
  });

  it('never fails because getting ready failed: the slip itself says what is wrong', async () => {
    const printer = new RecordingPrinter();
    printer.prepare = () => Promise.reject(new Error('no browser'));
    const svc = new PrintService({ printer, archive: new ReceiptArchive(mkdtempSync(join(tmpdir(), 'svc-'))), settings });
    await expect(svc.prepare()).resolves.toBeUndefined();
  });
});
