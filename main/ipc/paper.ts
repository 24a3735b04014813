import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, isAppError } from '../../contract/errors';
import type { PrintResult, ReceiptFormatName } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { localDateOf } from '../journal/dates';
import { hasEvidence, type PrintOutcome } from '../print';
import { dayHandlers } from './day';
import type { Handlers } from './handler';
import { moneyPaperHandlers } from './money';
import type { PaperDeps } from './paper-deps';

type PaperCalls = 'receiptPrint' | 'receiptReprint' | 'evidencePrint' | 'refundSlipPrint' | 'adminResolve'
  | 'dayView' | 'dayReportPrint' | 'dayExport' | 'dayClose' | 'dayReopen';

export type { PaperDeps } from './paper-deps';

/** Nothing was paid, or the money is not on a card (refunded): there is no load to give a receipt for. */
const NO_RECEIPT = ['READ', 'ORDERED', 'CANCELLED', 'REFUNDING', 'REFUNDED'];

/**
 * Receipts, 补打, evidence slips and 日结 (docs/ui.md). Paper goes through main/print (PDF archived
 * first, then the printer from settings); the PDF comes back base64 so browser mode can offer a download.
 * Who may reprint and close the day is the contract's role, checked by the gate; the audit rows are here.
 */
export function paperHandlers({ s, uc, session, signedIn, record }: PaperDeps): Pick<Handlers, PaperCalls> {
  const defaultFormat = (): ReceiptFormatName => s.settings.receiptFormat;
  const dayOf = (r: RechargeRecord): string => localDateOf(new Date(r.createdAt));

  function result(out: PrintOutcome, pdf: Buffer, already = false): PrintResult {
    return {
      fileName: basename(out.archived.path), reprint: out.archived.reprint, printed: out.printed, error: out.error, already,
      pdfBase64: pdf.toString('base64'), html: out.printed || already ? null : out.html,
    };
  }
  const readPdf = (path: string): Promise<Buffer> => readFile(path);
  async function printed(out: PrintOutcome, already = false): Promise<PrintResult> {
    return result(out, await readPdf(out.archived.path), already);
  }
  function receiptable(id: string): RechargeRecord {
    const r = record(id);
    if (NO_RECEIPT.includes(r.state)) throw new AppError('RECEIPT_NOTHING_PAID', { state: r.state });
    return r;
  }
  return {
    async receiptPrint({ id, format }, ctx) {
      const r = receiptable(id);
      if (s.print.receiptPrinted(r)) {
        // Printed before (e.g. the result page shown again after a reload): the archived original, nothing new.
        const original = s.archive.list(dayOf(r)).find((e) => e.id === r.id && e.kind === 'receipt' && e.reprint === null);
        if (original) {
          return { fileName: basename(original.path), reprint: null, printed: false, error: null, already: true, pdfBase64: (await readPdf(original.path)).toString('base64'), html: null };
        }
      }
      const out = await s.print.printReceipt(r, { operatorId: signedIn(ctx).operatorId, format: format ?? defaultFormat() });
      return printed(out);
    },
    async receiptReprint({ id, format }, ctx) {
      const me = signedIn(ctx);
      const r = receiptable(id);
      const out = await s.print.printReceipt(r, { operatorId: me.operatorId, format: format ?? defaultFormat(), reprint: true });
      s.auth.audit.append({ operatorId: me.operatorId, role: me.role }, {
        action: 'reprint', target: r.id,
        detail: { copy: out.archived.reprint, format: format ?? defaultFormat(), cardNo: r.cardNo, amountFen: r.amountFen, printed: out.printed },
      });
      return printed(out);
    },
    async evidencePrint({ id }, ctx) {
      const r = record(id);
      if (!hasEvidence(r, s.engine.events(r.id))) throw new AppError('PRINT_EVIDENCE_NOT_NEEDED', { id: r.id, state: r.state });
      let hostStatus: string | null = null;
      if (r.orderId) {
        const orderId = r.orderId;
        hostStatus = await s.host.getOrder(orderId).then((o) => o.status, (e: unknown) => {
          if (isAppError(e) && e.code.startsWith('HOST_')) return null; // the slip says 未知（主机无应答）
          throw e;
        });
      }
      const out = await s.print.printEvidence(r, s.engine.events(r.id), { operatorId: signedIn(ctx).operatorId, card: null, hostStatus });
      return printed(out);
    },
    ...dayHandlers({ s, uc, session, signedIn, record, printed }),
    ...moneyPaperHandlers({ s, uc, session, signedIn, record, printed }),
  };
}
