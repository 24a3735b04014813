import { AppError } from '../../contract/errors';
import type { RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import type { Journal, NewRecharge, RechargePatch } from '../journal/port';

/**
 * The journal as the card steps see it (card-load.ts). Every `step` is durable when it returns: a step is
 * journaled before the action it announces and after its outcome (docs/architecture.md §2).
 */
export interface JournalSteps {
  /** Journals an event entering `state`, applies `patch`, tells the listeners; returns the record as it is now. */
  step(id: string, state: RechargeState, data?: Record<string, unknown>, patch?: RechargePatch): RechargeRecord;
  /** The recharge as journaled now; RECHARGE_NOT_FOUND if the journal does not hold it. */
  get(id: string): RechargeRecord;
  /** What was learned when the recharge last entered `state` (MAC2, TAC, evidence …); INTERNAL if it never did. */
  lastEventData(id: string, state: RechargeState): Record<string, unknown>;
  /** Every event of the recharge, oldest first. */
  events(id: string): RechargeEvent[];
}

/** The journal as the order side sees it (payment.ts, resume.ts): the steps, plus opening and finding recharges. */
export interface RechargeJournal extends JournalSteps {
  /** Opens a recharge in state READ and tells the listeners. */
  create(r: NewRecharge, data?: Record<string, unknown>): RechargeRecord;
  /** The recharge, or null when this journal does not hold it. */
  find(id: string): RechargeRecord | null;
  /** This card's recharges in a blocking state (BLOCKING_STATES, rule 3). */
  blockingFor(cardNo: string): RechargeRecord[];
}

/** The steps over the journal port; `changed` hears every record the journal wrote. */
export function journalSteps(journal: Journal, changed: (rec: RechargeRecord) => void): RechargeJournal {
  const get = (id: string): RechargeRecord => {
    const rec = journal.get(id);
    if (!rec) throw new AppError('RECHARGE_NOT_FOUND', { id });
    return rec;
  };
  return {
    step(id, state, data = {}, patch = {}) {
      const rec = journal.append(id, state, data, patch);
      changed(rec);
      return rec;
    },
    get,
    events: (id) => journal.events(id),
    lastEventData(id, state) {
      const ev = journal.events(id).filter((e) => e.state === state).at(-1);
      if (!ev) throw new AppError('INTERNAL', { detail: `recharge ${id} has no ${state} event` });
      return ev.data;
    },
    create(r, data) {
      const rec = journal.create(r, data);
      changed(rec);
      return rec;
    },
    find: (id) => journal.get(id),
    blockingFor: (cardNo) => journal.blockingFor(cardNo),
  };
}
