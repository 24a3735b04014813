import { AppError } from '../../contract/errors';
import { formatYuan } from '../../contract/money';
import type { DayCloseBlockers, DayReport, Tally } from '../../contract/ipc';
import {
  BLOCKING_STATES, FINAL_STATES, PAY_CHANNELS, type PayChannel, type RechargeEvent, type RechargeRecord, type RechargeState,
} from '../../contract/recharge';
import { systemClock, type Clock } from '../clock';
import { posSlips } from './pos-slips';
import { refundLines } from './refunds';

/** What the report needs from the journal (SqliteJournal has both). */
export interface DaySource {
  day(date: string): RechargeRecord[];
  dayEvents(date: string): RechargeEvent[];
  /** The hash chains' heads at the end of local day `date` (main/journal/chain.ts), where the source keeps chains. */
  chainHead?(date: string): { events: { last: number }; audit: { last: number }; digest: string };
}

/** The report's shapes are the contract's (日结 shows them as they are): contract/ipc/views.ts. */
export type { DayCloseBlockers, DayReport, Tally };

export interface DayReportOptions {
  terminalId: string;
  branch: string;
  training: boolean;
  clock?: Pick<Clock, 'now'>;
}

/** Every state a paid recharge can be in. */
const PAID_STATES: readonly RechargeState[] = [...BLOCKING_STATES, 'CONFIRMED', 'VERIFIED', 'UNLOADED', 'NEEDS_ADMIN', 'REFUNDING', 'REFUNDED'];
const LOADED: readonly RechargeState[] = ['CONFIRMED', 'VERIFIED'];

const tally = (list: RechargeRecord[]): Tally => ({ count: list.length, sumFen: list.reduce((s, r) => s + r.amountFen, 0) });

/**
 * The day's report from the journal alone. "Paid" is read from the events, not the state, so a
 * recharge is counted once and for what it is now (a repaired load is loaded, not unloaded).
 */
export function dayReport(journal: DaySource, date: string, opts: DayReportOptions): DayReport {
  const records = journal.day(date);
  const events = journal.dayEvents(date);
  const seen = new Map<string, Set<RechargeState>>();
  for (const e of events) {
    let s = seen.get(e.rechargeId);
    if (!s) seen.set(e.rechargeId, (s = new Set()));
    s.add(e.state);
  }
  const was = (r: RechargeRecord, st: RechargeState): boolean => seen.get(r.id)?.has(st) ?? false;
  const paid = records.filter((r) => PAID_STATES.some((st) => was(r, st)));
  const loaded = records.filter((r) => LOADED.includes(r.state));
  const of = (st: RechargeState) => records.filter((r) => r.state === st);
  return {
    date,
    terminalId: opts.terminalId,
    branch: opts.branch,
    training: opts.training,
    generatedAt: (opts.clock ?? systemClock).now().toISOString(),
    byChannel: Object.fromEntries(PAY_CHANNELS.map((c) => [c, tally(paid.filter((r) => r.channel === c))])) as Record<PayChannel, Tally>,
    loaded: tally(loaded),
    repaired: tally(loaded.filter((r) => was(r, 'UNLOADED'))),
    unloaded: tally(of('UNLOADED')),
    // REFUNDING is not final but no work of the counter's: it is listed with the refunds, not as pending.
    pending: tally(records.filter((r) => !FINAL_STATES.includes(r.state) && r.state !== 'REFUNDING')),
    needsAdmin: tally(of('NEEDS_ADMIN')),
    cancelled: tally(of('CANCELLED')),
    refundsDue: tally(records.filter((r) => r.state === 'UNLOADED' || r.state === 'NEEDS_ADMIN' || r.state === 'REFUNDING')),
    refunding: tally(of('REFUNDING')),
    refunded: tally(of('REFUNDED')),
    refunds: refundLines(records, events),
    totals: { recharges: records.length, paid: tally(paid) },
    posSlips: posSlips(records),
    chain: chainOf(journal, date),
  };
}

/** The day's chain heads as the report carries them, or null for a source without chains. */
export function chainOf(journal: DaySource, date: string): DayReport['chain'] {
  if (!journal.chainHead) return null;
  const h = journal.chainHead(date);
  return { events: h.events.last, audit: h.audit.last, digest: h.digest };
}

/**
 * What stands in the way of closing the day: a load in flight, and that day's own recharges that are not final
 * or need the administrator — never another day's (each day closes on its own; an older unfinished recharge waits in
 * 待处理 without holding today hostage). UNLOADED ones do not block: they are final, counted as refunds due, and may
 * be loaded on a later day; REFUNDING ones neither: the host finishes them. When only the day's NEEDS_ADMIN
 * recharges stand in the way, a supervisor may carry them over with a note (`canCarryOver`).
 */
export function dayCloseBlockers(journal: DaySource, date: string, engineBusy: boolean): DayCloseBlockers {
  const records = journal.day(date);
  const open = records.filter((r) => !FINAL_STATES.includes(r.state) && r.state !== 'REFUNDING');
  const admin = records.filter((r) => r.state === 'NEEDS_ADMIN');
  const list = [...open, ...admin].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const unresolved = list.map((r) => ({ id: r.id, state: r.state, cardNo: r.cardNo, plate: r.plate, amountFen: r.amountFen, createdAt: r.createdAt }));
  return {
    loadInFlight: engineBusy, unresolved, canClose: !engineBusy && unresolved.length === 0,
    canCarryOver: !engineBusy && open.length === 0 && admin.length > 0,
  };
}

/** Throws the operator's message for the first blocker (DAY_CLOSE_LOAD_IN_FLIGHT, DAY_CLOSE_UNRESOLVED). */
export function assertDayClosable(b: DayCloseBlockers): void {
  if (b.loadInFlight) throw new AppError('DAY_CLOSE_LOAD_IN_FLIGHT');
  if (b.unresolved.length > 0) {
    const list = b.unresolved.slice(0, 5).map((r) => `${r.plate} ${formatYuan(r.amountFen)}`).join('、') +
      (b.unresolved.length > 5 ? ' …' : '');
    throw new AppError('DAY_CLOSE_UNRESOLVED', { count: b.unresolved.length, list });
  }
}
