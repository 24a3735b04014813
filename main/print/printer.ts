import type { PrinterView } from '../../contract/ipc';
import type { PaperFormat } from '../paper/html';

/** A printer as 系统设置 lists it (contract/ipc/setup-views.ts). */
export type PrinterInfo = PrinterView;

export interface PrintJob {
  /** The printer chosen in settings (`printerName`); null = nothing goes to paper, the PDF is still archived. */
  printer: string | null;
  format: PaperFormat;
}

/**
 * The printing port. Electron mode prints through its own Chromium (main/app/electron-printer.ts);
 * browser mode and the CLI use Debian's Chromium and CUPS (chromium-printer.ts).
 */
export interface Printer {
  listPrinters(): Promise<PrinterInfo[]>;
  /**
   * Prints these PDF bytes — the archived file's, read back (main/print/service.ts) — silently, without
   * rendering anything again; rejects with PRINT_FAILED, whose message says the PDF is archived.
   */
  printPdf(pdf: Buffer, job: PrintJob & { printer: string }): Promise<void>;
  toPdf(html: string, format: PaperFormat): Promise<Buffer>;
  /** Gets ready for the next document (browser started, fonts loaded) while nobody waits; optional. */
  prepare?(): Promise<void>;
  close?(): Promise<void>;
}
