import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { AppError } from '../../contract/errors';
import { htmlDocument, type PaperFormat } from '../paper/html';
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
/** A line in the documents' faces (main/paper/html.ts), for `prepare`. */
const WARM_UP = htmlDocument({ title: '', format: '80mm', training: false, body: '<h1>回单</h1><p class="mono">0123</p>' });

/**
 * HTML → PDF with a headless Chromium driven by playwright-core, and the archived PDF → paper with CUPS `lp`
 * (cups.ts). One browser and one page, started on first use (or by `prepare`, while a customer pays) and kept:
 * a fresh page per document used to cost a renderer process each time. The page has JavaScript off and every
 * request refused (a slip loads nothing); documents go through it one at a time. A thermal-roll PDF is cut to
 * the content's height, as the roll is.
 */
export class ChromiumPrinter implements Printer {
  private browser: Promise<Browser> | null = null;
  private page: Promise<Page> | null = null;
  /** Documents are rendered one after the other on the one page. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

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

  /**
   * Starts the browser and its page and makes one throw-away PDF in the documents' fonts, so that the next slip
   * only renders; nothing when the page is open already.
   */
  async prepare(): Promise<void> {
    if (this.page) return;
    await this.toPdf(WARM_UP, '80mm');
  }

  toPdf(html: string, format: PaperFormat): Promise<Buffer> {
    return this.serial(async () => {
      try {
        const page = await this.openPage();
        await page.setViewportSize({ width: format === '80mm' ? Math.round(80 / MM_PER_PX) : 800, height: 100 });
        await page.setContent(html, { waitUntil: 'load' });
        // Strings, not functions: main is compiled without the DOM library.
        await page.evaluate('document.fonts.ready.then(() => true)');
        if (format === '80mm') {
          // The page size goes in as CSS: given to pdf() as width/height, Chromium shrinks the slip to fit instead.
          // Page JavaScript is off; this evaluation is Playwright's own and adds the rule to the laid-out document.
          await page.evaluate(`(() => {
            const mm = Math.ceil(document.body.getBoundingClientRect().height * ${MM_PER_PX}) + 2;
            const style = document.createElement('style');
            style.textContent = '@page { size: 80mm ' + mm + 'mm; margin: 0; }';
            document.head.appendChild(style);
            return mm;
          })()`);
        }
        return await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } catch (e) {
        this.page = null; // a crashed or closed page is opened afresh for the next document
        if (e instanceof AppError) throw e;
        throw new AppError('PRINT_PDF_FAILED', { detail: describe(e) }, { cause: e });
      }
    });
  }

  /** Lets what was asked for before finish, then closes the browser; nothing starts it again afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]); // a hung page does not hold the close
    const b = this.browser;
    this.browser = null;
    this.page = null;
    if (b) await (await b.catch(() => null))?.close();
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private openPage(): Promise<Page> {
    if (this.page) return this.page;
    const pending = this.launch().then(async (browser) => {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      page.once('close', () => { if (this.page === pending) this.page = null; });
      return page;
    });
    pending.catch(() => { if (this.page === pending) this.page = null; });
    this.page = pending;
    return pending;
  }

  private launch(): Promise<Browser> {
    if (this.closed) return Promise.reject(new AppError('PRINT_PDF_FAILED', { detail: 'the printer was closed' }));
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
