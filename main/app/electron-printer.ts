import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { AppError } from '../../contract/errors';
import type { PaperFormat } from '../paper/html';
import type { Printer, PrinterInfo, PrintJob } from '../print';
import { lpPrintPdf } from '../print/cups';
import { contentHeightPx, pdfPageMicrons, ROLL_WIDTH_PX, withRollPage, type DevtoolsSession } from './paper-fit';

/** Paper sizes for Windows' silent print of the archived PDF (the 80 mm roll's length is the PDF's own). */
const MICRONS: Record<PaperFormat, { width: number; height: number }> = {
  '80mm': { width: 80_000, height: 297_000 },
  A5: { width: 148_000, height: 210_000 },
  A4: { width: 210_000, height: 297_000 },
};

/**
 * The Printer port in Electron mode: Electron's own Chromium renders the slip to PDF in a hidden, sandboxed
 * window without JavaScript; paper is that archived PDF (printPdf). Kept thin on purpose: everything that can be tested lives in main/print.
 */
export class ElectronPrinter implements Printer {
  /** Electron 45 no longer reports which printer is the system default. */
  async listPrinters(): Promise<PrinterInfo[]> {
    return this.withPage('<!DOCTYPE html><title></title>', async (win) =>
      (await win.webContents.getPrintersAsync()).map((p) => ({ name: p.name, displayName: p.displayName, isDefault: false })));
  }

  /**
   * The archived PDF's own bytes to paper (main/print/service.ts reads them back from the archive). On Linux
   * and macOS through CUPS `lp`, exactly as browser mode prints (main/print/cups.ts). On Windows, where
   * there is no `lp`, a hidden window opens the PDF in Electron's PDF viewer and prints it silently —
   * Electron fixed silent printing of PDF documents in 35 (electron/electron#47378); this path has not run
   * on this project's Linux CI machines (docs/security.md says so).
   */
  async printPdf(pdf: Buffer, job: PrintJob & { printer: string }): Promise<void> {
    if (process.platform !== 'win32') return lpPrintPdf(pdf, job);
    const dir = mkdtempSync(join(tmpdir(), 'etc-print-'));
    const file = join(dir, 'slip.pdf');
    const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, plugins: true } });
    try {
      writeFileSync(file, pdf, { flag: 'wx', mode: 0o600 });
      await win.loadFile(file);
      await new Promise<void>((resolve, reject) => {
        const pageSize = (job.format === '80mm' ? pdfPageMicrons(pdf) : null) ?? MICRONS[job.format];
        win.webContents.print({ silent: true, deviceName: job.printer, printBackground: true, pageSize },
          (ok, reason) => (ok ? resolve() : reject(new AppError('PRINT_FAILED', { detail: reason }))));
      });
    } finally {
      win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * A5/A4 as their CSS page says; an 80 mm slip as long as its content (main/app/paper-fit.ts): laid out
   * in a window the roll's width, measured through the DevTools protocol, printed with that page length.
   */
  async toPdf(html: string, format: PaperFormat): Promise<Buffer> {
    try {
      const fitted = format !== '80mm' ? html : await this.withPage(html, async (win) => {
        const wc = win.webContents;
        wc.debugger.attach('1.3');
        try {
          const cdp: DevtoolsSession = { send: (method, params) => wc.debugger.sendCommand(method, params) as Promise<unknown> };
          return withRollPage(html, await contentHeightPx(cdp));
        } finally {
          wc.debugger.detach();
        }
      });
      return await this.withPage(fitted, (win) => win.webContents.printToPDF({
        preferCSSPageSize: true, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 },
      }));
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('PRINT_PDF_FAILED', { detail: e instanceof Error ? e.message : String(e) }, { cause: e });
    }
  }

  private async withPage<T>(html: string, fn: (win: BrowserWindow) => Promise<T>): Promise<T> {
    const win = new BrowserWindow({
      show: false, width: ROLL_WIDTH_PX, height: 100, useContentSize: true, webPreferences: { sandbox: true, contextIsolation: true, javascript: false },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      return await fn(win);
    } finally {
      win.destroy();
    }
  }
}
