/** The day's report (日结), its exports and the day-close check (docs/ui.md). */
export { dayReport, dayCloseBlockers, assertDayClosable, type DayReport, type DayReportOptions, type DaySource, type DayCloseBlockers, type Tally } from './day-report';
export { renderDayReport } from './day-report-html';
export { exportDay, isExportFormat, type ExportFormat, type ExportOptions } from './export';
export { parseCsv, toCsv, csvField } from './csv';
export { guardFormula, RECHARGE_COLUMNS, EVENT_COLUMNS } from './rows';
export { reconcileDay, hostDaysOf, allMatch, type ReconcileHost, type ReconcileOptions } from './reconcile';
export { refundLines, withHostRefunds } from './refunds';
export { writeFileWhole } from './write-file';
