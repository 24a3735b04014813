import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { ReceiptArchive } from './archive';

const ID = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';

describe('the PDF archive', () => {
  it('stores the original once and numbers reprints, never overwriting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-'));
    const a = new ReceiptArchive(dir);
    const first = a.save({ date: '2025-03-01', id: ID, kind: 'receipt', reprint: false, pdf: Buffer.from('%PDF-original') });
    expect(first.path).toBe(join(dir, 'archive', '2025-03-01', `${ID}-receipt.pdf`));
    expect(a.original('2025-03-01', ID, 'receipt')).toBe(first.path);
    let refused: unknown;
    try { a.save({ date: '2025-03-01', id: ID, kind: 'receipt', reprint: false, pdf: Buffer.from('%PDF-again') }); } catch (e) { refused = e; }
    expect(isAppError(refused, 'PRINT_ARCHIVE_EXISTS')).toBe(true);
    expect(readFileSync(first.path, 'utf8')).toBe('%PDF-original');
    const r1 = a.save({ date: '2025-03-01', id: ID, kind: 'receipt', reprint: true, pdf: Buffer.from('%PDF-r1') });
    const r2 = a.save({ date: '2025-03-01', id: ID, kind: 'receipt', reprint: true, pdf: Buffer.from('%PDF-r2') });
    expect([r1.reprint, r2.reprint]).toEqual([1, 2]);
    expect(r2.path.endsWith(`${ID}-receipt-reprint-2.pdf`)).toBe(true);
    a.save({ date: '2025-03-01', id: ID, kind: 'evidence', reprint: false, pdf: Buffer.from('%PDF-e') });
    expect(a.list('2025-03-01').map((e) => [e.kind, e.reprint])).toEqual([['evidence', null], ['receipt', null], ['receipt', 1], ['receipt', 2]]);
    expect(a.list().length).toBe(4);
    // No temp files are left behind.
    expect(readdirSync(join(dir, 'archive', '2025-03-01')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a date that is not a real day and makes an id safe for a file name', () => {
    const a = new ReceiptArchive(mkdtempSync(join(tmpdir(), 'archive-')));
    expect(() => a.save({ date: '../../etc', id: ID, kind: 'receipt', reprint: false, pdf: Buffer.from('x') })).toThrow();
    const e = a.save({ date: '2025-03-01', id: '../x/y', kind: 'report', reprint: false, pdf: Buffer.from('x') });
    expect(e.path).toBe(join(a.root, '2025-03-01', '__x_y-report.pdf'));
  });
});
