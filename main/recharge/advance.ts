import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { RechargeEvent, RechargeRecord } from '../../contract/recharge';
import { decide, type Facts, type Input, type RunFacts, type Step, type Stop } from './machine';
import type { InLine } from './serial';
import { admin, cardRefused, confirmedElsewhere, foreign, probe, probeElsewhere, unloadedProven, writtenProven } from './steps/card-steps';
import type { InputArgs, Run, StepCtx, StepFn, StepPorts } from './steps/context';
import { authorize, confirm, credit, init, tellUnloaded, verify } from './steps/load-steps';
import { askHost, cancelUnordered, closeOrder, createOrder, hostWord, micropay, paid } from './steps/order-steps';
import { posCharge, posQuery } from './steps/pos-steps';
import { resolveLoaded, resolveProbe, resolveUnloaded, resolveUnresolved } from './steps/resolve-steps';

/** Every step of the table, by name: leaves that never call each other (main/recharge/steps). */
const STEPS: Record<Step, StepFn> = {
  'ask-host': askHost, 'create-order': createOrder, 'close-order': closeOrder, micropay, 'pos-charge': posCharge, 'pos-query': posQuery,
  'cancel-unordered': cancelUnordered, paid, 'host-word': hostWord, init, 'card-refused': cardRefused, authorize, foreign, credit, probe,
  'written-proven': writtenProven, 'unloaded-proven': unloadedProven, admin, confirm, verify, 'tell-unloaded': tellUnloaded,
  'probe-elsewhere': probeElsewhere, 'confirmed-elsewhere': confirmedElsewhere, 'resolve-probe': resolveProbe, 'resolve-loaded': resolveLoaded,
  'resolve-unloaded': resolveUnloaded, 'resolve-unresolved': resolveUnresolved,
};

/** Steps that talk to the card: while a run is inside one of them (or between them), the card is in use. */
const CARD_STEPS: ReadonlySet<Step> = new Set<Step>([
  'init', 'authorize', 'credit', 'probe', 'written-proven', 'foreign', 'probe-elsewhere', 'card-refused', 'confirm', 'verify', 'resolve-probe', 'resolve-loaded',
]);

/** More steps than any path of the table takes: a run that gets here has met a loop, which is a bug, not a state. */
const MAX_STEPS = 40;

export interface Advanced {
  record: RechargeRecord;
  /** Why the run stopped: the table's stop, or null when a step ended it. */
  stop: Stop | null;
  /** What the person asking is told: a refusal the table or a step ended on; null when it went as asked. */
  error: AppError | null;
  run: Run;
}

/**
 * The machine's one loop (docs/architecture.md §2b): gather the facts the recharge's state needs, look the next step
 * up in the table (machine.ts), run it — it journals its intent before acting and its outcome after — and repeat until
 * the table says stop. Every operation on a recharge (start, pay, load, resume, adopt, cancel, resolve, the payment
 * watch) is an input to this loop, run in the counter's one line (serial.ts).
 */
export class Machine {
  /** Runs holding a card session now (quitting is refused meanwhile). */
  private cardRuns = 0;

  constructor(private readonly ports: StepPorts) {}

  get busy(): boolean {
    return this.cardRuns > 0;
  }

  async advance(id: string, input: Input, args: InputArgs, line: InLine): Promise<Advanced> {
    const { journal } = this.ports;
    const run = newRun(input, args);
    let card = false;
    try {
      for (let i = 0; i < MAX_STEPS; i++) {
        const rec = journal.get(id);
        const { move } = decide(facts(rec, journal.events(id), run, this.ports.clock.now()));
        if ('stop' in move) return { record: rec, stop: move, error: stopError(move, rec, run), run };
        if (!card && CARD_STEPS.has(move.step)) {
          card = true;
          this.cardRuns++;
        }
        const ctx: StepCtx = { rec, run, ports: this.ports, line };
        run.steps++;
        const end = await STEPS[move.step](ctx);
        if (end) return { record: journal.get(id), stop: null, error: end.error, run };
      }
    } finally {
      if (card) this.cardRuns--;
    }
    throw new AppError('INTERNAL', { detail: `recharge ${id}: the machine took more than ${MAX_STEPS} steps` });
  }
}

function newRun(input: Input, args: InputArgs): Run {
  const known = args.order ?? null;
  return {
    input, args, host: known ? known.status : 'unasked', card: 'unread', order: known, identity: null, init: null, mac2: null, probe: null,
    decision: null, refusal: null, confirmedNow: false, resolved: null, error: null,
    posCharge: 'none', slip: false, micropay: 'none', expired: false, fresh: false, wrote: false, authRefused: null, foreignChecked: false, steps: 0,
    resolvedNow: false,
  };
}

/** The table's facts: the journal's (state, the open POS charge, the slip, the payment code), the clock's and this run's. */
function facts(rec: RechargeRecord, events: readonly RechargeEvent[], run: Run, now: Date): Facts {
  const journaled: Pick<RunFacts, 'posCharge' | 'slip' | 'micropay' | 'expired'> = {
    posCharge: rec.state === 'READ' && posChargeOpen(events) ? 'open' : 'none',
    slip: rec.posVoucher !== null,
    micropay: run.micropay !== 'none' ? run.micropay : micropayOf(events),
    expired: rec.orderExpiresAt !== null && now.getTime() > Date.parse(rec.orderExpiresAt),
  };
  return { ...run, ...journaled, state: rec.state, pos: rec.channel === 'pos', resolvedNow: run.resolved !== null };
}

/** A POS charge was asked (its intent journaled) and no answer of the POS followed it yet, or the answer was "unknown". */
function posChargeOpen(events: readonly RechargeEvent[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const d = events[i]?.data;
    if (d?.step === 'pos') return d.outcome === 'unknown';
    if (d?.step === 'intent' && d.action === 'pos-charge') return true;
  }
  return false;
}

/** Whether the customer's payment code was sent for this order, and whether the channel refused it. */
function micropayOf(events: readonly RechargeEvent[]): RunFacts['micropay'] {
  for (let i = events.length - 1; i >= 0; i--) {
    const d = events[i]?.data;
    if (d?.step === 'micropay') return d.outcome === 'refused' ? 'refused' : 'sent';
    if (d?.step === 'intent' && d.action === 'micropay') return 'sent';
  }
  return 'none';
}

/** A refusal the table stopped on, in the operator's words: the error a step met, or the table's own. */
function stopError(move: Stop, rec: RechargeRecord, run: Run): AppError | null {
  if (move.stop !== 'refuse') return null;
  if (run.error && (move.code === run.error.code || move.code === 'HOST_REJECTED')) return run.error;
  return new AppError(move.code, { state: t(`UI_STATE_${rec.state}`) });
}
