import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan, type Fen } from '../../contract/money';
import { channelOfAuthCode, maskAuthCode } from '../../contract/payment-code';
import type { PosSlipEntry, PosVoucher } from '../../contract/pos';
import { BLOCKING_STATES, type PayChannel, type RechargeEvent, type RechargeRecord } from '../../contract/recharge';
import { DEFAULT_LOAD_KEYS } from '../card/load-key';
import { systemClock, type Clock } from '../clock';
import { localDateOf } from '../journal/dates';
import { Machine, type Advanced } from './advance';
import { codeRechargeId, twinId } from './ids';
import type { AdminOutcome, CardReadResult, OperatorPin, RechargeEngineApi } from './api';
import { journalSteps, type RechargeJournal } from './journal-steps';
import type { Input } from './machine';
import { Opener, typedSlip, type OpenRecharge } from './open';
import type { EngineOptions } from './options';

export type { EngineJournal, EngineOptions } from './options';
import { LONG_POLL_MS, waitForPayment } from './payment-wait';
import { MemoryPinHolds, PinGate, type PinHoldStore } from './pin-gate';
import { CounterLine, type InLine } from './serial';
import type { InputArgs, StepPorts } from './steps/context';

/** How long after a POS sale was asked its "not found" may still turn into a charge: the POS's sale timeout and a margin. */
const POS_SALE_WINDOW_MS = 150_000;

// Over 250 lines on purpose: one short method per engine call, each an input to the machine inside the counter's
// line; kept in one class so that no call can reach a recharge outside the line.
/**
 * The recharge engine (docs/architecture.md §2): one machine (machine.ts, advance.ts) that every operation is an
 * input to, in the counter's one line (serial.ts). This facade opens recharges (open.ts) and turns each call into an
 * input: start → `order`, the payment code → `pay-code`, the POS → `pos-charge` (or `order` with a typed slip), the
 * payment check and the long poll → `check`, 取消 → `cancel`, 圈存 → `load`, 待处理 → `resume`, 需管理员 → `resolve`.
 */
export class RechargeEngine implements RechargeEngineApi {
  private readonly listeners = new Set<(r: RechargeRecord) => void>();
  private readonly line = new CounterLine();
  private readonly clock: Clock;
  private readonly journal: RechargeJournal;
  private readonly machine: Machine;
  private readonly opener: Opener;
  private readonly pins: PinGate;
  private readonly pinHolds: PinHoldStore;
  private readonly newId: () => string;

  constructor(private readonly o: EngineOptions) {
    const clock = o.clock ?? systemClock;
    this.clock = clock;
    this.journal = journalSteps(o.journal, (rec) => this.emit(rec));
    this.newId = o.newId ?? randomUUID;
    this.pinHolds = o.pinHolds ?? new MemoryPinHolds();
    // Terminal id, PIN and card maximum are read from `o` at each use, never copied: the composition root passes
    // getters over the live settings, which 系统设置 changes while the program runs (main/settings).
    this.pins = new PinGate(this.pinHolds, { get pin() { return o.pin; }, get pinEncoding() { return o.pinEncoding; } });
    const pos = o.pos ?? { mode: 'off', merchantNo: null, terminal: null };
    const ports: StepPorts = {
      card: o.card, host: o.host, journal: this.journal, clock, pins: this.pins, pos: pos.terminal,
      settings: {
        get terminalId() { return o.terminalId; },
        loadKeys: o.loadKeys ?? DEFAULT_LOAD_KEYS,
        posMode: pos.mode,
        posSaleTimeoutMs: POS_SALE_WINDOW_MS,
        cardMaxBalanceFor: (card) => o.cardMaxBalance(card),
        refusal: (card) => o.loadRefusal(card, localDateOf(clock.now())),
        dayClosed: (at) => {
          const date = localDateOf(at);
          return o.dayClosed?.(date) ? date : null;
        },
      },
    };
    this.machine = new Machine(ports);
    this.opener = new Opener(ports, { training: o.training });
  }

  onChange(listener: (r: RechargeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  busy(): boolean {
    return this.machine.busy;
  }

  idle(): Promise<void> {
    return this.line.idle();
  }

  /** Runs `fn` in the counter's one line (日结 and reopening a day use it: nothing of a recharge runs meanwhile). */
  serialize<T>(fn: () => Promise<T>): Promise<T> {
    return this.line.run(null, () => fn());
  }

  /** Whether an operation holds a recharge now (a POS charge waiting for the customer, a card step). */
  holding(): boolean {
    return this.line.held > 0;
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
    return this.line.run(null, () => this.opener.readCard());
  }

  start(input: { amountFen: Fen; channel: PayChannel; operatorId: string }): Promise<RechargeRecord> {
    const id = this.newId();
    return this.line.run(id, async (line) => {
      await this.opener.open({ ...input, id, entry: 'qr' });
      return this.outcome(await this.machine.advance(id, 'order', {}, line));
    });
  }

  /**
   * 付款码: the channel from the code's shape (AUTH_CODE_INVALID before anything is read); the recharge id is derived
   * from terminal and code, so the same code — scanned again, or after a lost answer or a restart — meets the same
   * recharge and order and is never charged twice.
   */
  payWithCode(input: { amountFen: Fen; authCode: string; operatorId: string }): Promise<RechargeRecord> {
    const code = input.authCode.trim();
    const channel = channelOfAuthCode(code);
    if (!channel) return Promise.reject(new AppError('AUTH_CODE_INVALID'));
    const id = codeRechargeId(this.o.terminalId, code);
    return this.line.run(id, async (line) => {
      const known = this.journal.find(id);
      if (known) {
        const used = new AppError('AUTH_CODE_USED', { plate: known.plate, amount: formatYuan(known.amountFen) });
        if (known.amountFen !== input.amountFen) throw used;
        if (BLOCKING_STATES.includes(known.state)) return known; // paid, being loaded: the wizard goes on with it
        if (known.state !== 'READ' && known.state !== 'ORDERED') throw used;
      } else {
        const authCodeMasked = maskAuthCode(code);
        await this.opener.open({ id, amountFen: input.amountFen, channel, operatorId: input.operatorId, authCodeMasked, entry: 'code' });
      }
      return this.outcome(await this.machine.advance(id, 'pay-code', { authCode: code }, line));
    });
  }

  /**
   * POS bank card (docs/pos.md): with `slip` the operator's typed slip, checked by the host; without, a charge on the
   * integrated MIS-POS while the customer pays there (the counter's line is free meanwhile; this recharge is not).
   */
  payByPos(input: { amountFen: Fen; operatorId: string; slip?: PosSlipEntry }): Promise<RechargeRecord> {
    const pos = this.o.pos ?? { mode: 'off', merchantNo: null, terminal: null };
    const id = this.newId();
    if (!input.slip) {
      if (pos.mode !== 'mis') return Promise.reject(new AppError('POS_MODE_NOT', { mode: 'mis' }));
      if (!pos.terminal) return Promise.reject(new AppError('POS_NOT_CONNECTED'));
      const label = pos.terminal.label;
      return this.opened(id, { id, amountFen: input.amountFen, channel: 'pos', operatorId: input.operatorId, entry: 'pos-mis', pos: label }, 'pos-charge');
    }
    let posVoucher: PosVoucher;
    try {
      posVoucher = typedSlip(pos, input.slip, input.amountFen, this.clock.now());
    } catch (e) {
      return Promise.reject(e);
    }
    return this.opened(id, { id, amountFen: input.amountFen, channel: 'pos', operatorId: input.operatorId, posVoucher, entry: 'pos-manual' }, 'order');
  }

  checkPayment(id: string): Promise<RechargeRecord> {
    return this.input(id, 'check');
  }

  /** The long poll waits outside the line; what it learns is an input to the machine, in the line. */
  waitForPayment(id: string, opts: { signal?: AbortSignal } = {}): Promise<RechargeRecord> {
    return waitForPayment({
      host: this.o.host, clock: this.clock, current: (rid) => this.journal.get(rid),
      apply: (rid, order) => (this.line.isHeld(rid) ? Promise.resolve(this.journal.get(rid)) : this.input(rid, 'check', { order })),
    }, id, this.o.longPollMs ?? LONG_POLL_MS, opts.signal);
  }

  /** 取消: an unpaid order closed → CANCELLED; refused once the customer has paid (the money ends loaded or refunded). */
  async cancel(id: string): Promise<RechargeRecord> {
    const r = await this.input(id, 'cancel');
    if (r.state === 'CANCELLED') return r;
    if (r.state === 'REFUNDING' || r.state === 'REFUNDED') throw new AppError('RECHARGE_ALREADY_REFUNDED');
    throw new AppError('RECHARGE_ALREADY_PAID');
  }

  load(id: string, opts: OperatorPin = {}): Promise<RechargeRecord> {
    return this.pins.using(opts.pin, () => this.input(id, 'load'));
  }

  resume(id: string, opts: OperatorPin = {}): Promise<RechargeRecord> {
    return this.pins.using(opts.pin, () => this.input(id, 'resume'));
  }

  /**
   * 圈存 of a paid host order: one the journal holds is resumed; otherwise, with its card in the reader, it is adopted
   * (open.ts) and loaded. A local twin the journal closed (CANCELLED) while the host took the payment is adopted as a
   * new recharge; refunded or loaded, refused.
   */
  adoptHostOrder(orderId: string, operatorId: string, opts: OperatorPin = {}): Promise<RechargeRecord> {
    return this.pins.using(opts.pin, async () => {
      const order = await this.o.host.getOrder(orderId);
      const known = this.journal.find(order.clientOrderId);
      if (known && known.state !== 'CANCELLED') return this.input(known.id, 'resume');
      const adopted = this.journal.find(twinId(order.orderId));
      if (adopted) return this.input(adopted.id, 'resume');
      if (known && (order.status === 'REFUNDING' || order.status === 'REFUNDED')) throw new AppError('RECHARGE_TWIN_CANCELLED_REFUNDED', { plate: known.plate });
      if (known && order.status === 'LOADED') throw new AppError('RECHARGE_TWIN_CANCELLED_LOADED', { plate: known.plate });
      if (order.status === 'REFUNDING' || order.status === 'REFUNDED') throw new AppError('RECHARGE_HOST_ORDER_REFUNDED', { orderId, status: t(`HOST_ORDER_STATUS_${order.status}`) });
      if (order.status !== 'PAID' && order.status !== 'UNLOADED') throw new AppError('RECHARGE_HOST_ORDER_NOT_LOADABLE', { orderId, status: t(`HOST_ORDER_STATUS_${order.status}`) });
      const id = known ? twinId(order.orderId) : order.clientOrderId;
      return this.line.run(id, async (line) => {
        await this.opener.adopt(order, { id, operatorId, cancelledTwin: known?.id ?? null });
        return this.outcome(await this.machine.advance(id, 'load', {}, line));
      });
    });
  }

  resolveAdmin(id: string, by: { operatorId: string; note: string | null }, opts: OperatorPin = {}): Promise<AdminOutcome> {
    return this.pins.using(opts.pin, () => this.line.run(id, async (line) => {
      const rec = this.journal.get(id);
      if (rec.state !== 'NEEDS_ADMIN') throw new AppError('RECHARGE_WRONG_STATE', { state: t(`UI_STATE_${rec.state}`) });
      const done = await this.machine.advance(id, 'resolve', { resolveBy: by }, line);
      const resolved = done.run.resolved;
      if (!resolved) throw done.error ?? new AppError('INTERNAL', { detail: 'a resolution that came to nothing' });
      return { record: done.record, outcome: resolved.outcome, reason: resolved.reason, reasonParams: resolved.params };
    }));
  }

  /** An input to the machine for a recharge the journal holds, in the line and under its lock. */
  private input(id: string, input: Input, args: InputArgs = {}): Promise<RechargeRecord> {
    if (!this.journal.find(id)) return Promise.reject(new AppError('RECHARGE_NOT_FOUND', { id }));
    return this.line.run(id, async (line: InLine) => this.outcome(await this.machine.advance(id, input, args, line)));
  }

  /** Opens a recharge (the checks, READ) and gives the machine its first input, all in one turn of the line. */
  private opened(id: string, open: OpenRecharge, first: Input): Promise<RechargeRecord> {
    return this.line.run(id, async (line) => {
      await this.opener.open(open);
      return this.outcome(await this.machine.advance(id, first, {}, line));
    });
  }

  /** The record the run stopped with, or the refusal it stopped on. */
  private outcome(done: Advanced): RechargeRecord {
    if (done.error) throw done.error;
    return done.record;
  }

  private emit(rec: RechargeRecord): void {
    for (const l of this.listeners) {
      try { l(rec); } catch { /* a listener's failure must not break a load */ }
    }
  }
}

