import ExcelJS from 'exceljs';
import { AppError } from '../../contract/errors';
import type { Reconciliation } from '../../contract/ipc';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { systemClock } from '../clock';
import { dayNumber } from '../journal/dates';
import { CSV_NOTE, spreadsheetText, toCsv } from './csv';
import { chainOf, dayReport, type DayReportOptions, type DaySource } from './day-report';
import { chainParams } from './day-report-html';
import { hostOnlyRow, RECONCILE_HEADER, reconcileCells, reconcileSheet } from './reconcile-rows';
import { EVENT_COLUMNS, eventRow, RECHARGE_COLUMNS, recordRow, type Cell } from './rows';
import { summaryLines } from './summary';

export type ExportFormat = 'csv' | 'xlsx';

export function isExportFormat(f: string): f is ExportFormat {
  return f === 'csv' || f === 'xlsx';
}

export interface ExportOptions extends Partial<DayReportOptions> {
  /** The time zone of the time columns (default: Beijing, the business day's; contract/format.ts). */
  timeZone?: string;
  /**
   * 对账 with the host (reconcile.ts), when it could be done: each recharge row then carries its category, the
   * host's status and what to do, the host's orders the journal lacks follow as rows of their own, and the
   * XLSX gets a sheet with the four lists.
   */
  reconciliation?: Reconciliation | null;
}

/**
 * The day's recharges, one row each, for the bank: CSV (UTF-8 with BOM, RFC 4180, CRLF) or XLSX with
 * two more sheets, the journal's events and the day report. Amounts are yuan with two decimals *and*
 * fen, so a machine can check the sums without floating point.
 */
export async function exportDay(journal: DaySource, date: string, format: ExportFormat, opts: ExportOptions = {}): Promise<Buffer> {
  dayNumber(date);
  if (!isExportFormat(format)) throw new AppError('EXPORT_FORMAT_INVALID', { format: String(format) });
  const records = journal.day(date);
  const rec = opts.reconciliation ?? null;
  const header = [...RECHARGE_COLUMNS.map((c) => t(c.key)), ...(rec ? RECONCILE_HEADER.map((k) => t(k)) : [])];
  // CSV cells that a spreadsheet would read as a formula get an apostrophe; XLSX cells are typed, they need none.
  const rowsFor = (csv: boolean) => {
    const out = records.map((r) => [...recordRow(r, opts.timeZone, csv), ...(rec ? reconcileCells(rec, r.id) : [])]);
    if (rec) for (const h of rec.hostOnly) out.push(hostOnlyRow(h, opts.timeZone));
    return csv ? out.map((row) => row.map(spreadsheetText)) : out;
  };
  // The day's chain head closes the CSV — after an empty line, as a `# ` note of one cell, so that nobody (and
  // no program with `#` as its comment character) takes it for a recharge — and the XLSX summary sheet.
  const chain = chainOf(journal, date);
  const chainText = chain ? t('REPORT_CHAIN_HEAD', chainParams(chain)) : null;
  if (format === 'csv') {
    const footer = chainText ? [[''], [`${CSV_NOTE}${chainText}`]] : [];
    return toCsv([header, ...rowsFor(true), ...footer]);
  }
  const rows = rowsFor(false);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'etc-counter';
  wb.created = (opts.clock ?? systemClock).now();
  addSheet(wb, t('REPORT_RECHARGES_SHEET'), header, rows);
  addSheet(wb, t('REPORT_EVENTS_SHEET'), EVENT_COLUMNS.map((c) => t(c.key)),
    journal.dayEvents(date).map((e) => eventRow(e, opts.timeZone)));
  const report = dayReport(journal, date, {
    terminalId: opts.terminalId ?? records[0]?.terminalId ?? '', branch: opts.branch ?? '',
    training: opts.training ?? records[0]?.training ?? false, clock: opts.clock,
  });
  const lines = summaryLines(report).map((l) => [t(l.label), l.tally.count, formatYuan(l.tally.sumFen), l.tally.sumFen]);
  if (rec) addSheet(wb, t('RECONCILE_SHEET'), reconcileSheet.header(), reconcileSheet.rows(rec, opts.timeZone));
  addSheet(wb, t('REPORT_SUMMARY_SHEET'), [t('REPORT_ITEM'), t('REPORT_COUNT'), t('REPORT_SUM'), t('REPORT_SUM_FEN')], [
    [t('REPORT_DATE'), null, report.date, null],
    [t('PRINT_TERMINAL'), null, report.terminalId, null],
    [t('REPORT_TOTAL_RECHARGES'), report.totals.recharges, null, null],
    ...lines,
    ...(chainText ? [[chainText, null, null, null]] : []),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  // Card numbers and ids are text of 20+ digits: as text cells Excel shows them whole, never as 6.2E+19.
  ws.columns.forEach((col, i) => {
    const widest = Math.max(header[i]?.length ?? 0, ...rows.map((r) => String(r[i] ?? '').length));
    col.width = Math.min(60, Math.max(8, widest + 2));
  });
}
