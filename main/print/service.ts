import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CardInfo } from '../../contract/card';
import { AppError, isAppError } from '../../contract/errors';
import type { HostRefund } from '../../contract/host-api';
import type { RechargeEvent, RechargeRecord } from '../../contract/recharge';
import type { Settings } from '../../contract/settings';
import { systemClock, type Clock } from '../clock';
import { localDateOf } from '../journal/dates';
import type { ReceiptArchive, ArchiveEntry, ArchiveKind } from './archive';
import { evidenceData, renderEvidence } from './evidence';
import type { PaperFormat } from '../paper/html';
import type { Printer, PrinterInfo } from './printer';
import { receiptData, renderReceipt, type ReceiptFormat } from './receipt';
import { refundSlipData, renderRefundSlip } from './refund-slip';
import { renderTestPage } from './test-page';

export interface PrintOutcome {
  archived: ArchiveEntry;
  /** SHA-256 of the archived PDF (hex): what went to the printer, byte for byte. */
  sha256: string;
  /** True when a printer is configured and took the job. */
  printed: boolean;
  /** Why paper failed (PRINT_FAILED …); the PDF is archived all the same. */
  error: { code: string; message: string } | null;
  /** The document the PDF was made from, byte for byte: the window's own print dialog prints it when no printer took the PDF. */
  html: string;
}

export interface PrintServiceOptions {
  printer: Printer;
  archive: ReceiptArchive;
  settings: Pick<Settings, 'branch' | 'terminalId' | 'printerName'>;
  timeZone?: string;
  clock?: Clock;
}

/**
 * What IPC calls to put a slip on paper: render, archive the PDF first (so a jammed printer never
 * loses a receipt), then print silently to the configured printer. Who may reprint and the audit
 * entry for it are the caller's (main/auth): this service only marks the copy 补打.
 */
export class PrintService {
  private readonly clock: Clock;

  constructor(private readonly o: PrintServiceOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** The original receipt, or with `reprint` a 补打 copy. An original printed twice is refused (PRINT_ARCHIVE_EXISTS). */
  printReceipt(record: RechargeRecord, o: { operatorId: string; format: ReceiptFormat; reprint?: boolean }): Promise<PrintOutcome> {
    const at = this.clock.now();
    const data = receiptData(record, { ...this.ctx(o.operatorId, at) });
    const html = renderReceipt(data, o.format, { reprint: o.reprint ? { at, by: o.operatorId } : undefined, timeZone: this.o.timeZone });
    return this.output(html, o.format, { id: record.id, kind: 'receipt', date: this.dayOf(record), reprint: o.reprint ?? false });
  }

  /** Whether the original receipt exists, i.e. the next print of it is a reprint. */
  receiptPrinted(record: RechargeRecord): boolean {
    return this.o.archive.original(this.dayOf(record), record.id, 'receipt') !== null;
  }

  /** The evidence slip of a NEEDS_ADMIN recharge; printing it again is always allowed and numbered. */
  printEvidence(record: RechargeRecord, events: RechargeEvent[], o: { operatorId: string; card?: CardInfo | null; hostStatus?: string | null }):
  Promise<PrintOutcome> {
    const at = this.clock.now();
    const html = renderEvidence(evidenceData(record, events, { ...this.ctx(o.operatorId, at), card: o.card, hostStatus: o.hostStatus }));
    const date = this.dayOf(record);
    const again = this.o.archive.original(date, record.id, 'evidence') !== null;
    return this.output(html, 'A4', { id: record.id, kind: 'evidence', date, reprint: again });
  }

  /** The customer's refund slip (退款说明) of a paid recharge not on the card; printing it again is allowed and numbered. */
  printRefundSlip(record: RechargeRecord, refund: HostRefund | null, o: { operatorId: string; format: ReceiptFormat }): Promise<PrintOutcome> {
    const date = this.dayOf(record);
    const again = this.o.archive.original(date, record.id, 'refund') !== null;
    const html = renderRefundSlip(refundSlipData(record, refund, this.ctx(o.operatorId, this.clock.now())), o.format, { reprint: again });
    return this.output(html, o.format, { id: record.id, kind: 'refund', date, reprint: again });
  }

  /** Any rendered A4 document of a day (the day report from main/report), archived as `day-report`. */
  printDocument(html: string, o: { date: string; kind: ArchiveKind; id: string; format: PaperFormat }): Promise<PrintOutcome> {
    const again = this.o.archive.original(o.date, o.id, o.kind) !== null;
    return this.output(html, o.format, { id: o.id, kind: o.kind, date: o.date, reprint: again });
  }

  /**
   * Gets the printer ready for the next slip (browser mode: Chromium started, fonts loaded) while nobody waits
   * for it — main/print/keep-ready.ts calls it when a recharge gets under way. Never throws: the slip itself
   * will say what is wrong.
   */
  async prepare(): Promise<void> {
    await this.o.printer.prepare?.().catch(() => undefined);
  }

  /** The printers this computer has (Electron: Chromium's list; browser mode: CUPS `lpstat -e`; none: empty). */
  listPrinters(): Promise<PrinterInfo[]> {
    return this.o.printer.listPrinters();
  }

  /** 系统设置's test page on `printer` and `format`; nothing archived. A printer's refusal is answered, not thrown. */
  async printTest(o: { printer: string; format: ReceiptFormat; operatorId: string }): Promise<{ printed: boolean; error: { code: string; message: string } | null }> {
    const html = renderTestPage({ ...o, branch: this.o.settings.branch, terminalId: this.o.settings.terminalId, at: this.clock.now() });
    try {
      await this.o.printer.printPdf(await this.o.printer.toPdf(html, o.format), { printer: o.printer, format: o.format });
      return { printed: true, error: null };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { printed: false, error: { code: e.code, message: e.message } };
    }
  }

  /**
   * Renders once, archives, then prints the archived file's own bytes, read back and checked against what
   * was rendered (SHA-256): the paper is the archive, never a second rendering (docs/security.md).
   */
  private async output(html: string, format: PaperFormat, a: { id: string; kind: ArchiveKind; date: string; reprint: boolean }):
  Promise<PrintOutcome> {
    const pdf = await this.o.printer.toPdf(html, format);
    const sha256 = digest(pdf);
    const archived = this.o.archive.save({ ...a, pdf });
    const printer = this.o.settings.printerName;
    if (!printer) return { archived, sha256, printed: false, error: null, html };
    try {
      const bytes = readFileSync(archived.path);
      if (digest(bytes) !== sha256) throw new AppError('PRINT_ARCHIVE_MISMATCH', { path: archived.path });
      await this.o.printer.printPdf(bytes, { printer, format });
      return { archived, sha256, printed: true, error: null, html };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { archived, sha256, printed: false, error: { code: e.code, message: e.message }, html };
    }
  }

  private ctx(operatorId: string, at: Date) {
    return { branch: this.o.settings.branch, terminalId: this.o.settings.terminalId, operatorId, printedAt: at, timeZone: this.o.timeZone };
  }

  private dayOf(record: RechargeRecord): string {
    return localDateOf(new Date(record.createdAt), this.o.timeZone);
  }
}

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
