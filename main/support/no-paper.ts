import { AppError } from '../../contract/errors';
import type { PaperFormat } from '../paper/html';
import type { Printer, PrinterInfo } from '../print';

/**
 * The printing port of the commands that never print (`support bundle`, `key passphrase`): no printer
 * is listed and any paper is refused with its reason, so these commands load neither Chromium nor
 * playwright-core — which the installed app does not ship (docs/release.md §9).
 */
export class NoPaperPrinter implements Printer {
  async listPrinters(): Promise<PrinterInfo[]> {
    return [];
  }
  async printPdf(): Promise<void> {
    throw new AppError('PRINT_FAILED', { detail: 'no printing from this command' });
  }
  async toPdf(_html: string, _format: PaperFormat): Promise<Buffer> {
    throw new AppError('PRINT_PDF_FAILED', { detail: 'no printing from this command' });
  }
}
