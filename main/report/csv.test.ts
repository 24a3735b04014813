import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../journal/dates';
import { SqliteJournal } from '../journal/sqlite-journal';
import { csvField, parseCsv, toCsv } from './csv';
import { exportDay } from './export';
import { OPENED } from '../journal/test-support';
import { guardFormula } from './rows';

describe('CSV encoding', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 and reads them back', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    const rows = [['甘A12345', 'x,y', 'two\r\nlines', '"q"', ''], ['1', '2', '3', '4', '5']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('puts an apostrophe before anything a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'A=1'].map(guardFormula)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", 'A=1']);
  });

  it('exports a plate written as a formula as inert text: guarded in CSV, a plain string cell in XLSX', async () => {
    const j = SqliteJournal.open(join(mkdtempSync(join(tmpdir(), 'csv-')), 'journal.sqlite'), { training: true });
    try {
      j.create({ id: 'r1', training: true, terminalId: '000001000050', operatorId: '@op', cardNo: '62010000000000000001',
        plate: '=HYPERLINK("http://evil","甘A")', plateColor: 0, amountFen: 100, channel: 'wechat', balanceBeforeFen: 0 }, OPENED);
      const date = localDateOf(new Date());
      const [header, row] = parseCsv(await exportDay(j, date, 'csv'));
      expect(row?.[header?.indexOf('车牌号') ?? -1]).toBe('\'=HYPERLINK("http://evil","甘A")');
      expect(row?.[header?.indexOf('操作员') ?? -1]).toBe("'@op");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(arrayBuffer(await exportDay(j, date, 'xlsx')));
      const cell = wb.worksheets[0]?.getRow(2).getCell((header?.indexOf('车牌号') ?? 0) + 1);
      // XLSX: a typed string cell, never a formula, and the plate exactly as on the card (no CSV apostrophe).
      expect(cell?.formula).toBeUndefined();
      expect(cell?.type).toBe(ExcelJS.ValueType.String);
      expect(cell?.value).toBe('=HYPERLINK("http://evil","甘A")');
      expect(wb.worksheets[0]?.getRow(2).getCell((header?.indexOf('操作员') ?? 0) + 1).value).toBe('@op');
    } finally {
      j.close();
    }
  });
});

/** exceljs types its input as an ArrayBuffer-like `Buffer` of its own; hand it exactly the bytes. */
function arrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
