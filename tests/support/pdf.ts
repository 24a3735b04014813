import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../main/app/renderer-build';

/** Where paper tests keep their PNGs (look at them). */
export const RECEIPTS = join(REPO_ROOT, 'artifacts', 'receipts');

/** PDF → PNG with poppler, kept as artifacts/receipts/<name>; returns the PDF's text (layout kept) and page count. */
export function pdfToPng(pdf: string, name: string): { text: string; pages: number } {
  mkdirSync(RECEIPTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'png-'));
  execFileSync('pdftoppm', ['-r', '120', '-png', '-singlefile', pdf, join(tmp, 'page')]);
  copyFileSync(join(tmp, 'page.png'), join(RECEIPTS, name));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return { text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }), pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}
