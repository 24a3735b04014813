import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../contract/errors';
import type { PrintJob } from './printer';

const run = promisify(execFile);

/**
 * Paper through CUPS: the archived PDF's own bytes handed to `lp` (docs/security.md: what is printed is
 * byte for byte what was archived, never a second rendering). Both printers use it on Linux: browser
 * mode's and the CLI's (chromium-printer.ts) and Electron's (main/app/electron-printer.ts). The bytes go
 * to a file created exclusively in a fresh private folder (0700, the file 0600), removed afterwards.
 */
export async function lpPrintPdf(pdf: Buffer, job: PrintJob & { printer: string }, lp = 'lp'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'etc-print-'));
  try {
    const file = join(dir, 'slip.pdf');
    const fd = openSync(file, 'wx', 0o600);
    try {
      for (let at = 0; at < pdf.length;) at += writeSync(fd, pdf, at);
    } finally {
      closeSync(fd);
    }
    const media = job.format === '80mm' ? 'Custom.80x297mm' : job.format;
    await run(lp, ['-d', job.printer, '-o', `media=${media}`, '-o', 'fit-to-page', file], { timeout: 30_000 });
  } catch (e) {
    throw new AppError('PRINT_FAILED', { detail: describe(e) }, { cause: e });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr?.trim() || err.message || String(e)).split('\n')[0] ?? '';
}
