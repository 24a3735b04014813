import type { AdminResolution, CardReadView } from '../../contract/ipc';
import type { Fen } from '../../contract/money';
import type { PosSlipEntry } from '../../contract/pos';
import type { PayChannel, RechargeEvent, RechargeRecord } from '../../contract/recharge';

/** A card as read for the wizard: what the card says, plus what blocks a new recharge on it (rule 3). */
export type CardReadResult = CardReadView;

/** The customer's PIN the operator typed for this one operation (pin-gate.ts); never stored. */
export interface OperatorPin { pin?: string }

/** A supervisor's resolution of NEEDS_ADMIN, decided by the card (admin-resolve.ts), before any paper. */
export type AdminOutcome = Pick<AdminResolution, 'record' | 'outcome' | 'reason'> & { reasonParams: Record<string, string | number> };


/**
 * The recharge engine (main/recharge) as the IPC handlers, the CLI and tests use it. Every method
 * journals before it acts; every failure is an AppError with a stable code.
 */
export interface RechargeEngineApi {
  readCard(): Promise<CardReadResult>;
  /** Reads the card again, journals READ, creates the host order → ORDERED (QR payload on the record). */
  start(input: { amountFen: Fen; channel: PayChannel; operatorId: string }): Promise<RechargeRecord>;
  /**
   * 付款码: the channel from the code's shape (AUTH_CODE_INVALID before anything is done), then READ,
   * ORDERED, the code sent → PAID, or ORDERED while the customer confirms on the phone (waitForPayment),
   * or CANCELLED when the channel refuses it (AUTH_CODE_REFUSED). The same code again continues its own
   * recharge and is never charged twice (main/recharge/payment-code.ts).
   */
  payWithCode(input: { amountFen: Fen; authCode: string; operatorId: string }): Promise<RechargeRecord>;
  /**
   * POS bank card (docs/pos.md): with `slip` the operator's typed slip, checked by the host; without, a
   * charge on the integrated MIS-POS. PAID at once, or CANCELLED with the reason (POS_DECLINED,
   * POS_SLIP_USED_BY naming the first recharge, …); POS_OUTCOME_UNKNOWN leaves it for resume.
   */
  payByPos(input: { amountFen: Fen; operatorId: string; slip?: PosSlipEntry }): Promise<RechargeRecord>;
  /** Asks the host once; journals PAID when paid, CANCELLED when the host closed it. */
  checkPayment(id: string): Promise<RechargeRecord>;
  /**
   * Until paid, closed or expired (or the signal aborts): long polls of the host, each answered the moment
   * the order's status moves (main/recharge/payment-wait.ts); polling with backoff where the host does not hold.
   */
  waitForPayment(id: string, opts?: { signal?: AbortSignal }): Promise<RechargeRecord>;
  /** Closes an unpaid order → CANCELLED. Refused once paid. */
  cancel(id: string): Promise<RechargeRecord>;
  /** From PAID: INIT → AUTHORIZED → WRITTEN → CONFIRMED → VERIFIED, with the card in the reader. */
  load(id: string, opts?: OperatorPin): Promise<RechargeRecord>;
  /**
   * Finishes any non-final recharge after the host's status (docs/architecture.md §3a: refunded ones end REFUNDED
   * without the card) and from the card itself (docs/card-protocol.md §4), or proves it UNLOADED / NEEDS_ADMIN.
   */
  resume(id: string, opts?: OperatorPin): Promise<RechargeRecord>;
  /**
   * 圈存 of a paid host order this journal does not hold (paid elsewhere, e.g. online, or by another
   * terminal whose journal is gone): with its card in the reader, adopt it into the journal and load it.
   * An order the journal already holds is resumed instead.
   */
  adoptHostOrder(orderId: string, operatorId: string, opts?: OperatorPin): Promise<RechargeRecord>;
  /** A supervisor's: NEEDS_ADMIN → CONFIRMED | UNLOADED as the card shows, or unresolved with the new evidence. */
  resolveAdmin(id: string, by: { operatorId: string; note: string | null }, opts?: OperatorPin): Promise<AdminOutcome>;
  pending(): RechargeRecord[];
  needsAdmin(): RechargeRecord[];
  /** Whether VERIFY waits for the operator on this card (a wrong or blocked PIN answer here), with the tries left. */
  pinHold(cardNo: string): { triesLeft: number | null; blocked: boolean } | null;
  /** True while a card write is in progress: quitting now is refused. */
  busy(): boolean;
  /** Resolves once every engine operation asked for so far has ended (the quit guard waits for it before exiting). */
  idle(): Promise<void>;
  /** Runs `fn` in the counter's one line (main/recharge/serial.ts): 日结 and reopening a day, between recharges' steps. */
  serialize<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether an operation holds a recharge now (a POS charge waiting for the customer, a card step). */
  holding(): boolean;
  get(id: string): RechargeRecord | null;
  events(id: string): RechargeEvent[];
  /** Called after every journaled state change. Returns an unsubscribe function. */
  onChange(listener: (r: RechargeRecord) => void): () => void;
}
