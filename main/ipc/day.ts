import { AppError, isAppError } from '../../contract/errors';
import type { DayView, Reconciliation } from '../../contract/ipc';
import { dayNumber, localDateOf } from '../journal/dates';
import { assertDayClosable, dayCloseBlockers, dayReport, exportDay, reconcileDay, renderDayReport, withHostRefunds } from '../report';
import type { Handlers } from './handler';
import type { PaperDeps, PaperPrinted } from './paper-deps';

type DayCalls = 'dayView' | 'dayReportPrint' | 'dayExport' | 'dayClose' | 'dayReopen';

const MIME = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * 日结 (docs/ui.md): the day's report with 对账 against the host (main/report/reconcile.ts) and its refunds,
 * the printed 日结单 and the export carrying both, and a close that closes (main/journal/day-closures.ts):
 * nothing new is dated a closed day; a supervisor may reopen it, or carry the day's NEEDS_ADMIN recharges
 * over with a note. Roles are the contract's, checked by the gate; the audit rows are written here.
 */
export function dayHandlers({ s, session, signedIn, printed }: PaperDeps & { printed: PaperPrinted }): Pick<Handlers, DayCalls> {
  const reportOpts = () => ({ terminalId: s.settings.terminalId, branch: s.settings.branch, training: s.training !== null, clock: s.clock });
  const today = (): string => localDateOf(s.clock.now());
  const busy = (): boolean => session.loadsInFlight > 0 || s.engine.busy();

  /** 对账 with the host, or why it could not be done (host offline …): the day view is shown either way. */
  async function reconcile(date: string): Promise<{ reconciliation: Reconciliation | null; reconcileError: DayView['reconcileError'] }> {
    try {
      const host = { terminalDay: (t: string, d: string) => s.host.terminalDay(t, d), getOrder: (id: string) => s.host.getOrder(id) };
      const reconciliation = await reconcileDay(s.journal, host, date, { terminalId: s.settings.terminalId, clock: s.clock, find: (id) => s.journal.get(id) });
      return { reconciliation, reconcileError: null };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { reconciliation: null, reconcileError: { code: e.code, message: e.message } };
    }
  }
  async function view(date: string): Promise<DayView> {
    dayNumber(date);
    const { reconciliation, reconcileError } = await reconcile(date);
    return {
      report: withHostRefunds(dayReport(s.journal, date, reportOpts()), reconciliation),
      blockers: dayCloseBlockers(s.journal, date, busy()),
      closed: s.days.closure(date),
      reconciliation, reconcileError,
    };
  }

  return {
    async dayView({ date }) {
      return view(date);
    },
    async dayReportPrint({ date }) {
      const v = await view(date);
      const html = renderDayReport(v.report, { reconciliation: v.reconciliation, reconcileError: v.reconcileError?.message ?? null, closed: v.closed });
      return printed(await s.print.printDocument(html, { date, kind: 'report', id: 'day', format: 'A4' }));
    },
    async dayExport({ date, format }) {
      const { reconciliation } = await reconcile(date);
      const bytes = await exportDay(s.journal, date, format, { ...reportOpts(), reconciliation });
      return { fileName: `etc-${s.settings.terminalId}-${date}.${format}`, mime: MIME[format], base64: bytes.toString('base64') };
    },
    async dayClose({ date, carryOverNote }, ctx) {
      const me = signedIn(ctx);
      if (dayNumber(date) > dayNumber(today())) throw new AppError('DAY_CLOSE_FUTURE', { date });
      const closed = s.days.closure(date);
      if (closed) throw new AppError('DAY_ALREADY_CLOSED', { date, at: closed.at, by: closed.operatorId });
      const blockers = dayCloseBlockers(s.journal, date, busy());
      const carry = carryOverNote !== undefined && blockers.canCarryOver;
      if (carryOverNote !== undefined && !blockers.canCarryOver && !blockers.canClose) {
        const others = blockers.unresolved.filter((u) => u.state !== 'NEEDS_ADMIN').slice(0, 5).map((u) => u.plate).join('、');
        if (others) throw new AppError('DAY_CARRY_OVER_NOT_ALLOWED', { list: others });
      }
      if (!carry) assertDayClosable(blockers);
      const carriedOver = carry ? blockers.unresolved.map((u) => u.id) : [];
      const rep = dayReport(s.journal, date, reportOpts());
      const detail = {
        recharges: rep.totals.recharges, paid: rep.totals.paid, loaded: rep.loaded, unloaded: rep.unloaded, refundsDue: rep.refundsDue,
        refunded: rep.refunded, ...(carry ? { carriedOver, note: carryOverNote } : {}),
      };
      s.days.close(date, me.operatorId, { note: carry ? carryOverNote : null, carriedOver, detail });
      s.auth.audit.append({ operatorId: me.operatorId, role: me.role }, { action: 'day-close', target: date, detail });
      return view(date);
    },
    async dayReopen({ date, note }, ctx) {
      const me = signedIn(ctx);
      const before = s.days.closure(date);
      s.days.reopen(date, me.operatorId, note); // DAY_NOT_CLOSED when it is open
      s.auth.audit.append({ operatorId: me.operatorId, role: me.role }, {
        action: 'day-reopen', target: date, detail: { note, closedAt: before?.at ?? null, closedBy: before?.operatorId ?? null },
      });
      return view(date);
    },
  };
}
