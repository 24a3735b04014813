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

describe('the day\'s CSV as a spreadsheet opens it', () => {
  it('writes 20-digit card numbers, trade numbers and ids with leading zeros as text, and the chain head as a note after the table', async () => {
    const j = SqliteJournal.open(join(mkdtempSync(join(tmpdir(), 'csv-')), 'journal.sqlite'), { training: true });
    try {
      j.create({ id: 'r1', training: true, terminalId: '000001000050', operatorId: 'A01', cardNo: '62010000000000000001',
        plate: '甘A12345', plateColor: 0, amountFen: 15_050, channel: 'wechat', balanceBeforeFen: 0 }, OPENED);
      const csv = await exportDay(j, localDateOf(new Date()), 'csv');
      const text = csv.toString('utf8').slice(1);
      const lines = text.split('\r\n');
      // Excel reads a bare run of more than 15 digits as a number (6.2E+19) and drops leading zeros: none is left bare.
      const bare = lines.flatMap((l) => l.split(',')).filter((cell) => /^\d{12,}$/.test(cell) || /^0\d+$/.test(cell));
      expect(bare).toEqual([]);
      // `="…"`, itself quoted as RFC 4180 wants for a field holding quotes: Excel reads it as the text 62010000000000000001.
      expect(text).toContain('"=""62010000000000000001"""');
      expect(text).toContain('"=""000001000050"""');
      expect(text).toContain(',15050,'); // amounts in fen stay numbers
      const rows = parseCsv(csv);
      const [header, row] = rows;
      expect(row?.[header?.indexOf('卡号') ?? -1]).toBe('62010000000000000001'); // read back as the digits
      // Header, one recharge, an empty line, then the chain head as a `# ` note of one cell — no data row.
      expect(rows).toHaveLength(4);
      expect(rows[2]).toEqual(['']);
      expect(rows[3]).toHaveLength(1);
      expect(rows[3]?.[0]).toMatch(/^# 日志哈希链（截至当日结束）：/);
    } finally {
      j.close();
    }
  });
});

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
      expect(row?.[header?.indexOf('柜员') ?? -1]).toBe("'@op");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(arrayBuffer(await exportDay(j, date, 'xlsx')));
      const cell = wb.worksheets[0]?.getRow(2).getCell((header?.indexOf('车牌号') ?? 0) + 1);
      // XLSX: a typed string cell, never a formula, and the plate exactly as on the card (no CSV apostrophe).
      expect(cell?.formula).toBeUndefined();
      expect(cell?.type).toBe(ExcelJS.ValueType.String);
      expect(cell?.value).toBe('=HYPERLINK("http://evil","甘A")');
      expect(wb.worksheets[0]?.getRow(2).getCell((header?.indexOf('柜员') ?? 0) + 1).value).toBe('@op');
    } finally {
      j.close();
    }
  });
});

/** exceljs types its input as an ArrayBuffer-like `Buffer` of its own; hand it exactly the bytes. */
function arrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
