import { AppError } from '../../../contract/errors';
import type { Fen } from '../../../contract/money';
import type { PosMode, PosSlipEntry } from '../../../contract/pos';
import type { RechargeRecord } from '../../../contract/recharge';
import type { EventStep, StepData } from '../../../contract/recharge-events';
import { loadRefusal } from '../../card/loadability';
import type { Clock } from '../../clock';
import type { PosTerminal } from '../../pos/port';
import { RechargeEngine } from '../engine';
import { lastOf } from '../journal-steps';
import { MemoryPinHolds } from '../pin-gate';
import { FakeCard, type FakeCardState } from './fake-card';
import { FakeHost } from './fake-host';
import { FakeJournal } from './fake-journal';

export const TERMINAL = '000001000050';
/** The card maximum the specs' counter is configured with. */
export const CARD_MAX_FEN = 500_000;
/** The configured default PIN: the one VERIFY carries until a card refuses it. */
export const DEFAULT_PIN = { pin: '123456', pinEncoding: 'bcd' as const };

/** A clock that moves only when told; `sleep` records the delay asked for and runs `onSleep`. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  onSleep: (ms: number) => void = () => undefined;
  constructor(private t = new Date('2025-03-01T04:00:00Z')) {}
  now(): Date { return new Date(this.t); }
  set(iso: string): void { this.t = new Date(iso); }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(new AppError('RECHARGE_PAYMENT_WAIT_ABORTED'));
    this.t = new Date(this.t.getTime() + ms);
    this.onSleep(ms);
    return Promise.resolve();
  }
}

/** The POS channel's settings for a spec (docs/pos.md). */
export interface PosSettings { mode: PosMode; merchantNo: string | null }

/**
 * The recharge engine over fakes of every port, sharing one timeline of what happened, in order: `card.…` (each card
 * command), `host.…` (each host call), `pos.…`, `journal.<STATE>` (each durable step) and `journal.intent <action>`
 * (each intent written before a side effect).
 */
export interface RigOptions {
  /** The POS channel's settings and the integrated terminal, made over the fakes' timeline. */
  settings?: PosSettings;
  terminal?: (timeline: string[], host: FakeHost) => PosTerminal;
  pinHolds?: MemoryPinHolds;
  closedDays?: Set<string>;
  /** One long poll's wait (`waitForPayment`); 0 (the default) polls with backoff. */
  longPollMs?: number;
}

export function rig(card: Partial<FakeCardState> = {}, o: RigOptions = {}) {
  const timeline: string[] = [];
  const clock = new FakeClock();
  const fakes = { card: new FakeCard(timeline, card), host: new FakeHost(timeline, () => clock.now()), journal: new FakeJournal(timeline) };
  const closedDays = o.closedDays ?? new Set<string>();
  let ids = 0;
  const pinHolds = o.pinHolds ?? new MemoryPinHolds();
  const terminal = o.terminal?.(timeline, fakes.host) ?? null;
  const pos = o.settings ?? { mode: 'off', merchantNo: null };
  const engine = new RechargeEngine({
    ...fakes, clock, terminalId: TERMINAL, training: false, ...DEFAULT_PIN, cardMaxBalance: () => CARD_MAX_FEN, loadRefusal,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, longPollMs: o.longPollMs ?? 0,
    pos: { ...pos, terminal }, pinHolds, dayClosed: (date) => closedDays.has(date),
  });

  /** A recharge started at the counter: READ → ORDERED. */
  const ordered = (amountFen: Fen = 2_000): Promise<RechargeRecord> => engine.start({ amountFen, channel: 'wechat', operatorId: 'op1' });
  /** A recharge the customer has paid: … → PAID, with the card still in the reader. */
  const paid = async (amountFen: Fen = 2_000): Promise<RechargeRecord> => {
    const rec = await ordered(amountFen);
    fakes.host.pay(rec.orderId ?? '');
    return engine.checkPayment(rec.id);
  };
  /** The operator's PIN for the next card operations (the PIN dialog), forgotten with `undefined`. */
  let typedPin: string | undefined;
  const withPin = { pin: () => typedPin };
  /** Forgets what happened so far, so a spec sees only the calls of the step under test. */
  const mark = (): void => { timeline.length = 0; };
  return {
    timeline, clock, ...fakes, engine, terminal, pinHolds, closedDays, ordered, paid, mark,
    /** The recharge as the journal holds it now. */
    now: (id: string) => fakes.journal.mustGet(id),
    /** The newest event of `step` the journal holds for the recharge, typed; null when there is none. */
    last: <S extends EventStep>(id: string, step: S): StepData<S> | null => lastOf(fakes.journal.events(id), step),
    /** Runs `fn` with the customer's PIN typed by the operator (the PIN dialog) for the card operations it makes. */
    async typed<T>(pin: string, fn: () => Promise<T>): Promise<T> {
      typedPin = pin;
      try { return await fn(); } finally { typedPin = undefined; }
    },
    load: (id: string) => engine.load(id, { pin: withPin.pin() }),
    resume: (id: string) => engine.resume(id, { pin: withPin.pin() }),
    adopt: (orderId: string, operatorId = 'op1') => engine.adoptHostOrder(orderId, operatorId, { pin: withPin.pin() }),
    resolve: (id: string, by = { operatorId: 'S01', note: '已核实' as string | null }) => engine.resolveAdmin(id, by, { pin: withPin.pin() }),
    payCode: (authCode: string, amountFen: Fen = 2_000) => engine.payWithCode({ amountFen, authCode, operatorId: 'op1' }),
    payPos: (amountFen: Fen = 2_000, slip?: PosSlipEntry) => engine.payByPos({ amountFen, operatorId: 'op1', ...(slip ? { slip } : {}) }),
  };
}

export type Rig = ReturnType<typeof rig>;
