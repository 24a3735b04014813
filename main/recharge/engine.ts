import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors';
import type { Fen } from '../../contract/money';
import type { PosMode, PosSlipEntry } from '../../contract/pos';
import type { PayChannel, RechargeEvent, RechargeRecord } from '../../contract/recharge';
import { DEFAULT_LOAD_KEYS, type LoadKeyIndexes } from '../card/load-key';
import type { CardIdentity, CardPort } from '../card/port';
import { systemClock, type Clock } from '../clock';
import type { HostLink } from '../host/port';
import { localDateOf } from '../journal/dates';
import type { Journal } from '../journal/port';
import type { PosTerminal } from '../pos/port';
import { AdminResolve, type Resolved } from './admin-resolve';
import type { CardReadResult, OperatorPin, RechargeEngineApi } from './api';
import { CardLoad } from './card-load';
import { Elsewhere } from './elsewhere';
import { journalSteps, type RechargeJournal } from './journal-steps';
import { Payment } from './payment';
import { PaymentCode } from './payment-code';
import { LONG_POLL_MS, waitForPayment } from './payment-wait';
import { MemoryPinHolds, PinGate, type PinHoldStore } from './pin-gate';
import { PosPayment } from './pos-payment';
import { Resume } from './resume';

export interface EngineOptions {
  card: CardPort;
  host: HostLink;
  journal: Journal;
  clock?: Clock;
  terminalId: string;
  training: boolean;
  pin: string;
  pinEncoding: 'bcd' | 'ascii';
  /** The load keys INIT names: 3DES 01, SM4 41 on a dual-algorithm card (main/card/load-key.ts). */
  loadKeys?: LoadKeyIndexes;
  /** The card's maximum balance (by issuer network and card type: contract/settings.ts `cardMaxBalanceFor`). */
  cardMaxBalance: (card: { network: string; cardType: number }) => Fen;
  /** Why a card may not be loaded (account card, expired …) as an i18n code, or null. */
  loadRefusal: (card: CardIdentity, today: string) => string | null;
  newId?: () => string;
  /** The POS channel (docs/pos.md): how this counter takes it, and the integrated POS if one is connected. Default off. */
  pos?: { mode: PosMode; merchantNo: string | null; terminal: PosTerminal | null };
  /** One long poll's wait for a payment (default 25 s); 0 polls with backoff, for a host without long polls. */
  longPollMs?: number;
  /** Where a card's wrong-PIN answers are kept (main/journal/pin-holds.ts); in memory when not given. */
  pinHolds?: PinHoldStore;
  /** Whether a local date is closed (日结, main/journal/day-closures.ts): no recharge or adoption is dated it then. */
  dayClosed?: (date: string) => boolean;
}

/**
 * The recharge engine (docs/architecture.md §2): one card operation at a time, each handed to its piece —
 * payment.ts up to PAID, card-load.ts for every card step, resume.ts for what an interruption left.
 * Every step is journaled before the action it announces and after its outcome.
 */
export class RechargeEngine implements RechargeEngineApi {
  private readonly listeners = new Set<(r: RechargeRecord) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly journal: RechargeJournal;
  private readonly payment: Payment;
  private readonly cardLoad: CardLoad;
  private readonly resumer: Resume;
  private readonly code: PaymentCode;
  private readonly pos: PosPayment;
  private readonly pins: PinGate;
  private readonly admin: AdminResolve;
  private readonly pinHolds: PinHoldStore;

  constructor(private readonly o: EngineOptions) {
    const clock = o.clock ?? systemClock;
    const journal = journalSteps(o.journal, (rec) => this.emit(rec));
    this.clock = clock;
    this.journal = journal;
    // "Today" for a card's validity is this computer's calendar date, as it has always been.
    const refusal = (card: CardIdentity) => o.loadRefusal(card, localDateOf(clock.now()));
    const dayOpen = (): void => {
      const today = localDateOf(clock.now());
      if (o.dayClosed?.(today)) throw new AppError('DAY_CLOSED', { date: today });
    };
    const loadKeys = o.loadKeys ?? DEFAULT_LOAD_KEYS;
    this.pinHolds = o.pinHolds ?? new MemoryPinHolds();
    // Terminal id, PIN and card maximum are read from `o` at each use, never copied: the composition root
    // passes getters over the live settings, which 系统设置 changes while the program runs (main/settings).
    this.pins = new PinGate(this.pinHolds, { get pin() { return o.pin; }, get pinEncoding() { return o.pinEncoding; } });
    const elsewhere = new Elsewhere({ card: o.card, steps: journal, pins: this.pins }, { loadKeys });
    this.payment = new Payment({ card: o.card, host: o.host, journal, clock, elsewhere }, {
      get terminalId() { return o.terminalId; }, training: o.training, cardMaxBalanceFor: (card) => o.cardMaxBalance(card),
      refusal, newId: o.newId ?? randomUUID, dayOpen,
    });
    this.cardLoad = new CardLoad({ card: o.card, host: o.host, steps: journal, pins: this.pins, elsewhere }, {
      loadKeys, cardMaxBalanceFor: (card) => o.cardMaxBalance(card),
    });
    this.code = new PaymentCode({ payment: this.payment, journal, host: o.host }, { get terminalId() { return o.terminalId; } });
    const pos = o.pos ?? { mode: 'off', merchantNo: null, terminal: null };
    this.pos = new PosPayment({ payment: this.payment, journal, host: o.host, pos: pos.terminal, clock }, pos);
    this.resumer = new Resume({ host: o.host, journal, payment: this.payment, pos: this.pos, cardLoad: this.cardLoad, elsewhere }, {
      get terminalId() { return o.terminalId; }, training: o.training, refusal, dayOpen,
    });
    this.admin = new AdminResolve({ card: o.card, host: o.host, steps: journal, pins: this.pins }, { loadKeys });
  }

  onChange(listener: (r: RechargeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  busy(): boolean {
    return this.cardLoad.writing;
  }

  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  pending(): RechargeRecord[] {
    return this.o.journal.unfinished();
  }

  needsAdmin(): RechargeRecord[] {
    return this.o.journal.needsAdmin();
  }

  pinHold(cardNo: string): { triesLeft: number | null; blocked: boolean } | null {
    return this.pinHolds.hold(cardNo);
  }

  get(id: string): RechargeRecord | null {
    return this.o.journal.get(id);
  }

  events(id: string): RechargeEvent[] {
    return this.o.journal.events(id);
  }

  readCard(): Promise<CardReadResult> {
    return this.exclusive(() => this.payment.readCard());
  }

  start(input: { amountFen: Fen; channel: PayChannel; operatorId: string }): Promise<RechargeRecord> {
    return this.exclusive(() => this.payment.start(input));
  }

  payWithCode(input: { amountFen: Fen; authCode: string; operatorId: string }): Promise<RechargeRecord> {
    return this.exclusive(() => this.code.start(input));
  }

  /** Manual entry in one turn; an integrated charge in three, the POS's wait outside the queue (the reader stays free). */
  async payByPos(input: { amountFen: Fen; operatorId: string; slip?: PosSlipEntry }): Promise<RechargeRecord> {
    const { slip } = input;
    if (slip) return this.exclusive(() => this.pos.manual({ ...input, slip }));
    const opened = await this.exclusive(() => this.pos.openCharge(input));
    const charged = await this.pos.charge(opened);
    return this.exclusive(() => this.pos.finish(charged));
  }

  checkPayment(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.payment.refreshPayment(this.journal.get(id)));
  }

  /** The long poll waits outside the queue; what it learns is journaled in turn. */
  waitForPayment(id: string, opts: { signal?: AbortSignal } = {}): Promise<RechargeRecord> {
    return waitForPayment({
      host: this.o.host, clock: this.clock, current: (rid) => this.journal.get(rid),
      apply: (rid, order) => this.exclusive(() => this.payment.refreshPayment(this.journal.get(rid), order)),
    }, id, this.o.longPollMs ?? LONG_POLL_MS, opts.signal);
  }

  cancel(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => {
      const rec = this.journal.get(id);
      return rec.channel === 'pos' && rec.state === 'READ' ? this.pos.cancel(rec) : this.payment.cancel(rec);
    });
  }

  /** From PAID, after the host's status (§3a: a refunded order gets no INIT): resume's path for PAID. */
  load(id: string, opts: OperatorPin = {}): Promise<RechargeRecord> {
    return this.exclusive(() => {
      const rec = this.journal.get(id);
      if (rec.state !== 'PAID') throw new AppError('RECHARGE_WRONG_STATE', { state: rec.state });
      return this.pins.using(opts.pin, () => this.resumer.resume(rec));
    });
  }

  resume(id: string, opts: OperatorPin = {}): Promise<RechargeRecord> {
    return this.exclusive(() => this.pins.using(opts.pin, () => this.resumer.resume(this.journal.get(id))));
  }

  adoptHostOrder(orderId: string, operatorId: string, opts: OperatorPin = {}): Promise<RechargeRecord> {
    return this.exclusive(() => this.pins.using(opts.pin, () => this.resumer.adoptHostOrder(orderId, operatorId)));
  }

  resolveAdmin(id: string, by: { operatorId: string; note: string | null }, opts: OperatorPin = {}): Promise<Resolved> {
    return this.exclusive(() => this.pins.using(opts.pin, () => this.admin.resolve(this.journal.get(id), by)));
  }

  private emit(rec: RechargeRecord): void {
    for (const l of this.listeners) {
      try { l(rec); } catch { /* a listener's failure must not break a load */ }
    }
  }

  /** One card operation at a time: the reader and the journal see a single sequence of steps. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
