import { randomUUID } from 'node:crypto';
import type { CardInfo } from '../../contract/card';
import { AppError } from '../../contract/errors';
import type { Fen } from '../../contract/money';
import type { PayChannel, RechargeEvent, RechargeRecord } from '../../contract/recharge';
import type { CardPort } from '../card/port';
import { systemClock, type Clock } from '../clock';
import type { HostLink } from '../host/port';
import { localDateOf } from '../journal/dates';
import type { Journal } from '../journal/port';
import type { CardReadResult, RechargeEngineApi } from './api';
import { CardLoad } from './card-load';
import { journalSteps, type RechargeJournal } from './journal-steps';
import { Payment, pollPayment } from './payment';
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
  keyIndex?: number; // 0x01 = 3DES load key
  cardMaxBalanceFen: Fen;
  /** Why a card may not be loaded (account card, expired …) as an i18n code, or null. */
  loadRefusal: (card: CardInfo, today: string) => string | null;
  newId?: () => string;
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

  constructor(private readonly o: EngineOptions) {
    const clock = o.clock ?? systemClock;
    const journal = journalSteps(o.journal, (rec) => this.emit(rec));
    this.clock = clock;
    this.journal = journal;
    // "Today" for a card's validity is this computer's calendar date, as it has always been.
    const refusal = (card: CardInfo) => o.loadRefusal(card, localDateOf(clock.now()));
    // Terminal id, PIN and card maximum are read from `o` at each use, never copied: the composition root
    // passes getters over the live settings, which 系统设置 changes while the program runs (main/settings).
    this.payment = new Payment({ card: o.card, host: o.host, journal, clock }, {
      get terminalId() { return o.terminalId; }, training: o.training, get cardMaxBalanceFen() { return o.cardMaxBalanceFen; },
      refusal, newId: o.newId ?? randomUUID,
    });
    this.cardLoad = new CardLoad({ card: o.card, host: o.host, steps: journal }, {
      get pin() { return o.pin; }, get pinEncoding() { return o.pinEncoding; }, keyIndex: o.keyIndex ?? 1,
      get cardMaxBalanceFen() { return o.cardMaxBalanceFen; },
    });
    this.resumer = new Resume({ host: o.host, journal, payment: this.payment, cardLoad: this.cardLoad }, {
      get terminalId() { return o.terminalId; }, training: o.training, refusal,
    });
  }

  onChange(listener: (r: RechargeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  busy(): boolean {
    return this.cardLoad.writing;
  }

  pending(): RechargeRecord[] {
    return this.o.journal.unfinished();
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

  checkPayment(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.payment.refreshPayment(this.journal.get(id)));
  }

  /** Each check takes its turn; the waits between them leave the reader to other operations. */
  waitForPayment(id: string, opts: { signal?: AbortSignal } = {}): Promise<RechargeRecord> {
    return pollPayment(() => this.checkPayment(id), this.clock, opts.signal);
  }

  cancel(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.payment.cancel(this.journal.get(id)));
  }

  load(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => {
      const rec = this.journal.get(id);
      if (rec.state !== 'PAID') throw new AppError('RECHARGE_WRONG_STATE', { state: rec.state });
      return this.cardLoad.load(rec);
    });
  }

  resume(id: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.resumer.resume(this.journal.get(id)));
  }

  adoptHostOrder(orderId: string, operatorId: string): Promise<RechargeRecord> {
    return this.exclusive(() => this.resumer.adoptHostOrder(orderId, operatorId));
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
