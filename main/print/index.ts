/**
 * Receipts, evidence slips, printing and the PDF archive: import from here. Deliberately not here: the
 * Chromium printer (chromium-printer.ts, playwright-core), which only browser mode and the CLI load, on
 * their own path, so that the Electron bundle never reaches it. Document HTML is main/paper's.
 */
export { renderReceipt, receiptData, type ReceiptData, type ReceiptContext, type ReceiptFormat, type ReceiptOptions } from './receipt';
export { renderEvidence, evidenceData, hasEvidence, type EvidenceData, type EvidenceContext } from './evidence';
export { renderRefundSlip, refundSlipData, type RefundSlipData } from './refund-slip';
export type { Printer, PrinterInfo, PrintJob } from './printer';
export { ReceiptArchive, type ArchiveEntry, type ArchiveKind } from './archive';
export { PrintService, type PrintOutcome, type PrintServiceOptions } from './service';
export { keepPaperReady } from './keep-ready';
