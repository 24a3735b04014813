import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, isAppError } from '../../contract/errors';
import type { DayView, PrintResult, ReceiptFormatName, SignedInOperator } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { Services } from '../compose/services';
import { dayNumber, localDateOf } from '../journal/dates';
import type { PrintOutcome } from '../print';
import { assertDayClosable, dayCloseBlockers, dayReport, exportDay, renderDayReport } from '../report';
import type { Handlers } from './handler';
import type { CallContext, CounterSession } from './session';

type PaperCalls = 'receiptPrint' | 'receiptReprint' | 'evidencePrint' | 'dayView' | 'dayReportPrint' | 'dayExport' | 'dayClose';

export interface PaperDeps {
  s: Services;
  session: CounterSession;
  signedIn(ctx?: CallContext): SignedInOperator;
  record(id: string): RechargeRecord;
}

/** Nothing was paid: there is no money to give a receipt for. */
const NO_RECEIPT = ['READ', 'ORDERED', 'CANCELLED'];
const MIME = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * Receipts, 补打, evidence slips and 日结 (docs/ui.md). Paper goes through main/print (PDF archived
 * first, then the printer from settings); the PDF comes back base64 so browser mode can offer a download.
 * Who may reprint and close the day is the contract's role, checked by the gate; the audit rows are here.
 */
export function paperHandlers({ s, session, signedIn, record }: PaperDeps): Pick<Handlers, PaperCalls> {
  const defaultFormat = (): ReceiptFormatName => s.settings.receiptFormat;
  const dayOf = (r: RechargeRecord): string => localDateOf(new Date(r.createdAt));
  const reportOpts = () => ({ terminalId: s.settings.terminalId, branch: s.settings.branch, training: s.training !== null, clock: s.clock });
  const today = (): string => localDateOf(s.clock.now());

  function result(out: PrintOutcome, pdf: Buffer, already = false): PrintResult {
    return {
      fileName: basename(out.archived.path), reprint: out.archived.reprint, printed: out.printed, error: out.error, already,
      pdfBase64: pdf.toString('base64'),
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
  /** A closure is an audit row `day-close` whose target is the date; it is written on or after that day. */
  function closure(date: string): DayView['closed'] {
    const now = today();
    if (dayNumber(date) > dayNumber(now)) return null;
    const hit = s.auth.audit.list({ from: date, to: now, action: 'day-close' }).find((e) => e.target === date);
    return hit ? { at: hit.at, operatorId: hit.operatorId } : null;
  }
  function view(date: string): DayView {
    return {
      report: dayReport(s.journal, date, reportOpts()),
      blockers: dayCloseBlockers(s.journal, date, session.loadsInFlight > 0 || s.engine.busy()),
      closed: closure(date),
    };
  }

  return {
    async receiptPrint({ id, format }, ctx) {
      const r = receiptable(id);
      if (s.print.receiptPrinted(r)) {
        // Printed before (e.g. the result page shown again after a reload): the archived original, nothing new.
        const original = s.archive.list(dayOf(r)).find((e) => e.id === r.id && e.kind === 'receipt' && e.reprint === null);
        if (original) {
          return { fileName: basename(original.path), reprint: null, printed: false, error: null, already: true, pdfBase64: (await readPdf(original.path)).toString('base64') };
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
      if (r.state !== 'NEEDS_ADMIN') throw new AppError('PRINT_EVIDENCE_NOT_NEEDED', { id: r.id, state: r.state });
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
    async dayView({ date }) {
      return view(date);
    },
    async dayReportPrint({ date }) {
      const html = renderDayReport(dayReport(s.journal, date, reportOpts()));
      return printed(await s.print.printDocument(html, { date, kind: 'report', id: 'day', format: 'A4' }));
    },
    async dayExport({ date, format }) {
      const bytes = await exportDay(s.journal, date, format, reportOpts());
      return { fileName: `etc-${s.settings.terminalId}-${date}.${format}`, mime: MIME[format], base64: bytes.toString('base64') };
    },
    async dayClose({ date }, ctx) {
      const me = signedIn(ctx);
      if (dayNumber(date) > dayNumber(today())) throw new AppError('DAY_CLOSE_FUTURE', { date });
      const before = view(date);
      if (before.closed) throw new AppError('DAY_ALREADY_CLOSED', { date, at: before.closed.at, by: before.closed.operatorId });
      assertDayClosable(dayCloseBlockers(s.journal, date, session.loadsInFlight > 0 || s.engine.busy()));
      const rep = before.report;
      s.auth.audit.append({ operatorId: me.operatorId, role: me.role }, {
        action: 'day-close', target: date,
        detail: { recharges: rep.totals.recharges, paid: rep.totals.paid, loaded: rep.loaded, unloaded: rep.unloaded, refundsDue: rep.refundsDue },
      });
      return view(date);
    },
  };
}
