import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { AppError } from '../../contract/errors';
import type { PaperFormat } from '../paper/html';
import { lpPrintPdf } from './cups';
import type { Printer, PrinterInfo, PrintJob } from './printer';

const run = promisify(execFile);

export interface ChromiumPrinterOptions {
  /** Default: Debian's /usr/bin/chromium. */
  executablePath?: string;
  /** CUPS commands, for a machine where they live elsewhere. */
  lp?: string;
  lpstat?: string;
}

const MM_PER_PX = 25.4 / 96;

/**
 * HTML → PDF with a headless Chromium driven by playwright-core (one browser, started on first use,
 * one fresh page per document, JavaScript off and every request refused: a slip loads nothing), and
 * the archived PDF → paper with CUPS `lp` (cups.ts). A thermal-roll PDF is cut to the content's height, as the roll is.
 */
export class ChromiumPrinter implements Printer {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly o: ChromiumPrinterOptions = {}) {}

  async listPrinters(): Promise<PrinterInfo[]> {
    let out: string;
    try {
      out = (await run(this.o.lpstat ?? 'lpstat', ['-e'])).stdout;
    } catch {
      return []; // no CUPS on this machine: nothing to choose, receipts are archived only
    }
    let def = '';
    try {
      def = /:\s*(\S+)\s*$/.exec((await run(this.o.lpstat ?? 'lpstat', ['-d'])).stdout)?.[1] ?? '';
    } catch { /* no default printer */ }
    return out.split('\n').map((l) => l.trim()).filter(Boolean).map((name) => ({ name, displayName: name, isDefault: name === def }));
  }

  /** The archived PDF's bytes to CUPS (cups.ts). */
  printPdf(pdf: Buffer, job: PrintJob & { printer: string }): Promise<void> {
    return lpPrintPdf(pdf, job, this.o.lp);
  }

  async toPdf(html: string, format: PaperFormat): Promise<Buffer> {
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        if (format === '80mm') await page.setViewportSize({ width: Math.round(80 / MM_PER_PX), height: 100 });
        await page.setContent(html, { waitUntil: 'load' });
        // Strings, not functions: main is compiled without the DOM library.
        await page.evaluate('document.fonts.ready.then(() => true)');
        if (format !== '80mm') return await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const heightPx = await page.evaluate<number>('document.body.getBoundingClientRect().height');
        // The page size goes in as CSS: given to pdf() as width/height, Chromium shrinks the slip to fit instead.
        // (addStyleTag needs page JavaScript, which is off: the rule goes into the document instead.)
        const size = `<style>@page { size: 80mm ${Math.ceil(heightPx * MM_PER_PX) + 2}mm; margin: 0; }</style></head>`;
        await page.setContent(html.replace('</head>', size), { waitUntil: 'load' });
        return await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } finally {
        await context.close();
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('PRINT_PDF_FAILED', { detail: describe(e) }, { cause: e });
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close();
  }

  private launch(): Promise<Browser> {
    // playwright-core is a development package: loaded only when a PDF is made, so that a command line
    // installed without it (`npm ci --omit=dev`) still reads cards and recharges, and says why paper fails.
    this.browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({
      executablePath: this.o.executablePath ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    }));
    const pending = this.browser;
    // A failed launch must not poison every later attempt.
    pending.catch(() => { if (this.browser === pending) this.browser = null; });
    return pending;
  }
}

function describe(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr?.trim() || err.message || String(e)).split('\n')[0] ?? '';
}
