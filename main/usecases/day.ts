import { AppError, isAppError } from '../../contract/errors';
import type { DayView, Reconciliation } from '../../contract/ipc';
import type { Actor } from '../auth/audit';
import type { Services } from '../compose/services';
import { dayNumber, localDateOf } from '../journal/dates';
import { assertDayClosable, dayCloseBlockers, dayReport, reconcileDay, withHostRefunds } from '../report';

/**
 * 日结 as the window and the command line both do it (docs/ui.md, docs/architecture.md §2a): the day's view with its
 * 对账, and a close that closes — in the recharge machine's one line (main/recharge/serial.ts), so no recharge can be
 * opened, paid or loaded between the check of the day's blockers and the closure, whichever window asked. A day's
 * close is blocked only by that day's own unfinished recharges (and its NEEDS_ADMIN ones, which a supervisor may
 * carry over with a note). Nothing new is dated a closed day: the journal refuses to open a recharge on it.
 */
export type DayUseCases = ReturnType<typeof dayUseCases>;

type Deps = Pick<Services, 'engine' | 'journal' | 'host' | 'settings' | 'training' | 'clock' | 'days' | 'auth'>;

export function dayUseCases(s: Deps) {
  const reportOpts = () => ({ terminalId: s.settings.terminalId, branch: s.settings.branch, training: s.training !== null, clock: s.clock });
  const today = (): string => localDateOf(s.clock.now());
  /** A recharge held by an operation now (a POS charge waiting for the customer): not a moment to close. */
  const busy = (): boolean => s.engine.busy() || s.engine.holding();

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
    view,
    reconcile,

    /** Closes `date` (today or before); with `carryOverNote`, the day's NEEDS_ADMIN recharges are carried over. Audited. */
    async close(actor: Actor, date: string, carryOverNote?: string): Promise<DayView> {
      if (dayNumber(date) > dayNumber(today())) throw new AppError('DAY_CLOSE_FUTURE', { date });
      await s.engine.serialize(async () => {
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
        s.days.close(date, actor.operatorId, { note: carry ? carryOverNote : null, carriedOver, detail });
        s.auth.audit.append(actor, { action: 'day-close', target: date, detail });
      });
      return view(date);
    },

    /** Opens a closed date again (a supervisor's, with a reason), in the same line; audited. */
    async reopen(actor: Actor, date: string, note: string): Promise<DayView> {
      await s.engine.serialize(async () => {
        const before = s.days.closure(date);
        s.days.reopen(date, actor.operatorId, note); // DAY_NOT_CLOSED when it is open
        s.auth.audit.append(actor, {
          action: 'day-reopen', target: date, detail: { note, closedAt: before?.at ?? null, closedBy: before?.operatorId ?? null },
        });
      });
      return view(date);
    },
  };
}
