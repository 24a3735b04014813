import { BrowserWindow } from 'electron';
import { AppError } from '../../contract/errors';
import type { PaperFormat } from '../paper/html';
import type { Printer, PrinterInfo, PrintJob } from '../print';

const MICRONS: Record<PaperFormat, { width: number; height: number }> = {
  '80mm': { width: 80_000, height: 297_000 },
  A5: { width: 148_000, height: 210_000 },
  A4: { width: 210_000, height: 297_000 },
};

/**
 * The Printer port in Electron mode: Electron's own Chromium renders the slip in a hidden, sandboxed
 * window without JavaScript. Kept thin on purpose: everything that can be tested lives in main/print.
 */
export class ElectronPrinter implements Printer {
  /** Electron 45 no longer reports which printer is the system default. */
  async listPrinters(): Promise<PrinterInfo[]> {
    return this.withPage('<!DOCTYPE html><title></title>', async (win) =>
      (await win.webContents.getPrintersAsync()).map((p) => ({ name: p.name, displayName: p.displayName, isDefault: false })));
  }

  async print(html: string, job: PrintJob): Promise<void> {
    if (!job.printer) return;
    const printer = job.printer;
    await this.withPage(html, (win) => new Promise<void>((resolve, reject) => {
      win.webContents.print({ silent: true, deviceName: printer, printBackground: true, pageSize: MICRONS[job.format] },
        (ok, reason) => (ok ? resolve() : reject(new AppError('PRINT_FAILED', { detail: reason }))));
    }));
  }

  toPdf(html: string, format: PaperFormat): Promise<Buffer> {
    return this.withPage(html, async (win) => {
      try {
        return await win.webContents.printToPDF({ preferCSSPageSize: format !== '80mm', printBackground: true,
          pageSize: format === '80mm' ? { width: 80 / 25.4, height: 297 / 25.4 } : format, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
      } catch (e) {
        throw new AppError('PRINT_PDF_FAILED', { detail: e instanceof Error ? e.message : String(e) }, { cause: e });
      }
    });
  }

  private async withPage<T>(html: string, fn: (win: BrowserWindow) => Promise<T>): Promise<T> {
    const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
    try {
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      return await fn(win);
    } finally {
      win.destroy();
    }
  }
}
