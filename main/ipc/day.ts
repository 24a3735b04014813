import type { Handlers } from './handler';
import { exportDay, renderDayReport } from '../report';
import type { PaperDeps, PaperPrinted } from './paper-deps';

type DayCalls = 'dayView' | 'dayReportPrint' | 'dayExport' | 'dayClose' | 'dayReopen';

const MIME = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * 日结 over IPC (docs/ui.md): the use cases of main/usecases/day.ts — the view with 对账, a close that closes, a
 * reopening — and the printed 日结单 and export as the window takes them (PDF, file bytes). Roles are the contract's,
 * checked by the gate.
 */
export function dayHandlers({ s, uc, signedIn, printed }: PaperDeps & { printed: PaperPrinted }): Pick<Handlers, DayCalls> {
  return {
    async dayView({ date }) {
      return uc.day.view(date);
    },
    async dayReportPrint({ date }) {
      const v = await uc.day.view(date);
      const html = renderDayReport(v.report, { reconciliation: v.reconciliation, reconcileError: v.reconcileError?.message ?? null, closed: v.closed });
      return printed(await s.print.printDocument(html, { date, kind: 'report', id: 'day', format: 'A4' }));
    },
    async dayExport({ date, format }) {
      const { reconciliation } = await uc.day.reconcile(date);
      const bytes = await exportDay(s.journal, date, format, {
        terminalId: s.settings.terminalId, branch: s.settings.branch, training: s.training !== null, clock: s.clock, reconciliation,
      });
      return { fileName: `etc-${s.settings.terminalId}-${date}.${format}`, mime: MIME[format], base64: bytes.toString('base64') };
    },
    async dayClose({ date, carryOverNote }, ctx) {
      return uc.day.close(signedIn(ctx), date, carryOverNote);
    },
    async dayReopen({ date, note }, ctx) {
      return uc.day.reopen(signedIn(ctx), date, note);
    },
  };
}
