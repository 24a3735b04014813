import { AppError } from '../../contract/errors';
import type { RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import type { EventData, EventStep, StepData } from '../../contract/recharge-events';
import type { CreateOptions, Journal, NewRecharge, RechargePatch } from '../journal/port';

/**
 * The journal as the recharge machine's steps see it. Every `step` is durable when it returns: a step is journaled
 * before the action it announces and after its outcome (docs/architecture.md §2). Events are typed, one shape per
 * step (contract/recharge-events.ts).
 */
export interface JournalSteps {
  /** Journals an event entering `state`, applies `patch`, tells the listeners; returns the record as it is now. */
  step(id: string, state: RechargeState, data: EventData, patch?: RechargePatch): RechargeRecord;
  /** The recharge as journaled now; RECHARGE_NOT_FOUND if the journal does not hold it. */
  get(id: string): RechargeRecord;
  /** Every event of the recharge, oldest first. */
  events(id: string): RechargeEvent[];
}

/** The journal as the machine opens and finds recharges: the steps, plus opening and finding. */
export interface RechargeJournal extends JournalSteps {
  /** Opens a recharge in state READ and tells the listeners. */
  create(r: NewRecharge, data: EventData, opts?: CreateOptions): RechargeRecord;
  /** The recharge, or null when this journal does not hold it. */
  find(id: string): RechargeRecord | null;
  /** This card's recharges in a blocking state (BLOCKING_STATES, rule 3). */
  blockingFor(cardNo: string): RechargeRecord[];
}

/** The newest event of `step` among `events`, typed; null when there is none. */
export function lastOf<S extends EventStep>(events: readonly RechargeEvent[], step: S): StepData<S> | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const d = events[i]?.data;
    if (d?.step === step) return d as StepData<S>;
  }
  return null;
}

/** The newest event of `step`, or INTERNAL when the journal never recorded one (a broken promise of the machine). */
export function mustLastOf<S extends EventStep>(events: readonly RechargeEvent[], step: S, id: string): StepData<S> {
  const d = lastOf(events, step);
  if (!d) throw new AppError('INTERNAL', { detail: `recharge ${id} has no ${step} event` });
  return d;
}

/** The steps over the journal port; `changed` hears every record the journal wrote. */
export function journalSteps(journal: Pick<Journal, 'create' | 'append' | 'get' | 'events' | 'blockingFor'>, changed: (rec: RechargeRecord) => void): RechargeJournal {
  const get = (id: string): RechargeRecord => {
    const rec = journal.get(id);
    if (!rec) throw new AppError('RECHARGE_NOT_FOUND', { id });
    return rec;
  };
  return {
    step(id, state, data, patch = {}) {
      const rec = journal.append(id, state, data, patch);
      changed(rec);
      return rec;
    },
    get,
    events: (id) => journal.events(id),
    create(r, data, opts) {
      const rec = journal.create(r, data, opts);
      changed(rec);
      return rec;
    },
    find: (id) => journal.get(id),
    blockingFor: (cardNo) => journal.blockingFor(cardNo),
  };
}
