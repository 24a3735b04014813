import { businessDate } from '../contract/format';
import type { PrintResult } from '../contract/ipc';
import type { RechargeRecord } from '../contract/recharge';
import { L } from './i18n';

/** The slips main archives (main/print/archive.ts), as a person names them. */
export type PaperKind = 'receipt' | 'evidence' | 'refund' | 'report';
const KIND_WORD: Record<PaperKind, string> = { receipt: 'UI_FILE_RECEIPT', evidence: 'UI_FILE_EVIDENCE', refund: 'UI_FILE_REFUND', report: 'UI_FILE_DAY_REPORT' };

/**
 * What a person sees of an archived PDF — on screen and as the download's file name: the kind of slip, the
 * plate or the terminal, the business date, and the copy for 补打; never the recharge's UUID that names the
 * archive's file (`<uuid>-receipt.pdf`, `day-report.pdf`).
 */
export function paperName(kind: PaperKind, subject: { plate?: string; terminalId?: string; date: string }, reprint: number | null = null): string {
  const who = (subject.plate ?? subject.terminalId ?? '').replace(/[\\/:*?"<>|\s]/g, '');
  const copy = reprint === null ? '' : `-${L('UI_RECEIPT_REPRINT')}${reprint}`;
  return `${L(KIND_WORD[kind])}-${who ? `${who}-` : ''}${subject.date}${copy}.pdf`;
}

/** The same for a recharge's slip: its plate and the business day it was made on. */
export function recordPaperName(kind: Exclude<PaperKind, 'report'>, r: Pick<RechargeRecord, 'plate' | 'createdAt'>, printed?: Pick<PrintResult, 'reprint'>): string {
  return paperName(kind, { plate: r.plate, date: businessDate(r.createdAt) }, printed?.reprint ?? null);
}
