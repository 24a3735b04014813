import type { Fen } from '../../../contract/money';
import type { RechargeRecord } from '../../../contract/recharge';
import { AppError } from '../../../contract/errors';
import type { Clock } from '../../clock';
import { DEFAULT_LOAD_KEYS } from '../../card/load-key';
import { loadRefusal } from '../../card/loadability';
import type { CardIdentity } from '../../card/port';
import type { PosTerminal } from '../../pos/port';
import { localDateOf } from '../../journal/dates';
import { AdminResolve } from '../admin-resolve';
import { CardLoad, type CardLoadSettings } from '../card-load';
import { Elsewhere } from '../elsewhere';
import { Payment } from '../payment';
import { PaymentCode } from '../payment-code';
import { MemoryPinHolds, PinGate } from '../pin-gate';
import { PosPayment, type PosSettings } from '../pos-payment';
import { Resume } from '../resume';
import { FakeCard, type FakeCardState } from './fake-card';
import { FakeHost } from './fake-host';
import { FakeJournal } from './fake-journal';

export const TERMINAL = '000001000050';
export const LOAD_SETTINGS: CardLoadSettings = { loadKeys: DEFAULT_LOAD_KEYS, cardMaxBalanceFor: () => 500_000 };
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

/**
 * The recharge pieces over fakes of every port, sharing one timeline of what happened, in order:
 * `card.…` (each card command), `host.…` (each host call), `journal.<STATE>` (each durable step).
 */
export interface RigOptions {
  /** The POS channel's settings and the integrated terminal, made over the fakes' timeline (pos-payment.ts). */
  settings?: PosSettings;
  terminal?: (timeline: string[], host: FakeHost) => PosTerminal;
  pinHolds?: MemoryPinHolds;
  closedDays?: Set<string>;
}

export function rig(card: Partial<FakeCardState> = {}, o: RigOptions = {}) {
  const timeline: string[] = [];
  const clock = new FakeClock();
  const fakes = { card: new FakeCard(timeline, card), host: new FakeHost(timeline, () => clock.now()), journal: new FakeJournal(timeline) };
  const refusal = (c: CardIdentity) => loadRefusal(c, localDateOf(clock.now()));
  const closedDays = o.closedDays ?? new Set<string>();
  const dayOpen = (): void => {
    const today = localDateOf(clock.now());
    if (closedDays.has(today)) throw new AppError('DAY_CLOSED', { date: today });
  };
  let ids = 0;
  const pinHolds = o.pinHolds ?? new MemoryPinHolds();
  const pins = new PinGate(pinHolds, DEFAULT_PIN);
  const elsewhere = new Elsewhere({ card: fakes.card, steps: fakes.journal, pins }, LOAD_SETTINGS);
  const payment = new Payment({ ...fakes, clock, elsewhere }, {
    terminalId: TERMINAL, training: false, cardMaxBalanceFor: LOAD_SETTINGS.cardMaxBalanceFor, refusal, dayOpen,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  });
  const cardLoad = new CardLoad({ card: fakes.card, host: fakes.host, steps: fakes.journal, pins, elsewhere }, LOAD_SETTINGS);
  const terminal = o.terminal?.(timeline, fakes.host) ?? null;
  const pos = new PosPayment({ payment, journal: fakes.journal, host: fakes.host, pos: terminal, clock },
    o.settings ?? { mode: 'off', merchantNo: null });
  const code = new PaymentCode({ payment, journal: fakes.journal, host: fakes.host }, { terminalId: TERMINAL });
  const resume = new Resume({ host: fakes.host, journal: fakes.journal, payment, pos, cardLoad, elsewhere }, {
    terminalId: TERMINAL, training: false, refusal, dayOpen,
  });
  const admin = new AdminResolve({ card: fakes.card, host: fakes.host, steps: fakes.journal, pins }, LOAD_SETTINGS);

  /** A recharge started at the counter: READ → ORDERED. */
  const ordered = (amountFen: Fen = 2_000): Promise<RechargeRecord> =>
    payment.start({ amountFen, channel: 'wechat', operatorId: 'op1' });
  /** A recharge the customer has paid: … → PAID, with the card still in the reader. */
  const paid = async (amountFen: Fen = 2_000): Promise<RechargeRecord> => {
    const rec = await ordered(amountFen);
    fakes.host.pay(rec.orderId ?? '');
    return payment.refreshPayment(rec);
  };
  /** Forgets what happened so far, so a spec sees only the calls of the step under test. */
  const mark = (): void => { timeline.length = 0; };
  return { timeline, clock, ...fakes, payment, cardLoad, resume, pos, terminal, code, admin, pins, pinHolds, closedDays, ordered, paid, mark };
}

export type Rig = ReturnType<typeof rig>;
