/** Receipts, evidence slips, printing and the PDF archive (issue 5 items 2–3). */
export { renderReceipt, receiptData, type ReceiptData, type ReceiptContext, type ReceiptFormat, type ReceiptOptions } from './receipt';
export { renderEvidence, evidenceData, summarise, type EvidenceData, type EvidenceContext } from './evidence';
export { esc, localStamp, statusKey, type PaperFormat } from './html';
export type { Printer, PrinterInfo, PrintJob } from './printer';
export { ChromiumPrinter, type ChromiumPrinterOptions } from './chromium-printer';
export { ReceiptArchive, type ArchiveEntry, type ArchiveKind } from './archive';
export { PrintService, type PrintOutcome, type PrintServiceOptions } from './service';
