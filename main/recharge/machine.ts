import type { HostOrderStatus } from '../../contract/host-api';
import type { RechargeState } from '../../contract/recharge';

/**
 * THE recharge machine's table (docs/architecture.md §2b): for the recharge's local state, what the host says of
 * its order, what the card shows and what a person asked for, the one next step. `advance.ts` gathers the facts a
 * row needs, looks the step up here, runs it (each step journals before and after what it does) and repeats until a
 * row says stop. Nothing else in the engine decides what comes next. The table is rendered into
 * docs/architecture.md, and `machine.test.ts` checks that the page shows this table and that every state a
 * recharge can stop in has an exit a person can take.
 */

/** What a person (or the program on their behalf) asked for. */
export const INPUTS = ['order', 'pay-code', 'pos-charge', 'check', 'load', 'resume', 'cancel', 'resolve'] as const;
export type Input = (typeof INPUTS)[number];

/** What the host says of the order: not asked yet in this run, no order known, or its status. */
export type HostFact = 'unasked' | 'none' | HostOrderStatus;

/**
 * What the card shows, once a step asked it: `ready` (the card in the reader is this recharge's and INIT
 * answered), `refuses` (it cannot take this load: over its maximum balance, 9402/9403/9303, expired), or a
 * decision from the card (docs/card-protocol.md §4): `loaded`, `not-loaded`, `unclear`.
 */
export type CardFact = 'unread' | 'ready' | 'refuses' | 'loaded' | 'not-loaded' | 'unclear';

/** What this run already did or learned, beyond the journal. */
export interface RunFacts {
  /** READ: the POS was asked to charge (intent journaled) and its outcome is not known. */
  posCharge: 'none' | 'open';
  /** READ: a slip (typed, or approved by the POS) waits to be ordered. */
  slip: boolean;
  /** ORDERED: the customer's payment code was sent (intent journaled) in this run or before; refused: the channel said no. */
  micropay: 'none' | 'sent' | 'refused';
  /** ORDERED: the order's expiry has passed. */
  expired: boolean;
  /** INIT answered in this run (the card session is open), AUTHORIZED in this run (the MAC2 never sent). */
  fresh: boolean;
  /** CREDIT FOR LOAD was sent in this run: never a second load in one run. */
  wrote: boolean;
  /** The host refused our authorization in this run, with this code. */
  authRefused: string | null;
  /** Another terminal's authorization was already looked for on the card in this run. */
  foreignChecked: boolean;
  /** CONFIRMED in this run: the balance is read back once. */
  confirmedNow: boolean;
  /** Steps this run has taken so far: a refusal of the input applies only to a recharge the run found in that state. */
  steps: number;
  /** A supervisor's resolution came to an outcome in this run (settled or not): it is not tried again in the same run. */
  resolvedNow: boolean;
}

export interface Facts extends RunFacts {
  state: RechargeState;
  input: Input;
  host: HostFact;
  card: CardFact;
  /** The channel: a POS recharge at READ is finished by the POS and its slip, never by closing an order. */
  pos: boolean;
}

/**
 * A step (a leaf of main/recharge/steps; none calls another) or a stop. Steps that learn: `ask-host`, `probe`,
 * `probe-log`, `read-log`. Steps that act outside and journal intent and outcome: `create-order`, `close-order`,
 * `micropay`, `pos-charge`, `pos-query`, `init`, `authorize`, `credit`, `confirm`, `tell-unloaded`,
 * `card-refused`, `resolve-loaded`, `resolve-unloaded`. Steps that only journal what the facts say: the rest.
 */
export type Step =
  | 'ask-host' | 'create-order' | 'close-order' | 'micropay' | 'pos-charge' | 'pos-query' | 'cancel-unordered'
  | 'paid' | 'host-word' | 'init' | 'card-refused' | 'authorize' | 'foreign' | 'credit' | 'probe' | 'written-proven'
  | 'unloaded-proven' | 'admin' | 'confirm' | 'verify' | 'tell-unloaded' | 'probe-elsewhere' | 'confirmed-elsewhere'
  | 'resolve-probe' | 'resolve-loaded' | 'resolve-unloaded' | 'resolve-unresolved';

/** Why a run stops: done (final or nothing more to do now), or waiting for a person or the host; `refuse` with the error. */
export type Stop =
  | { stop: 'done' } | { stop: 'wait-payment' } | { stop: 'wait-pos' } | { stop: 'wait-refund' } | { stop: 'paid' }
  | { stop: 'refuse'; code: string };

export type Move = { step: Step } | Stop;

type Many<T> = readonly T[] | '*';
const UNPAID: RechargeState[] = ['READ', 'ORDERED'];
const NOT_ON_CARD: RechargeState[] = ['PAID', 'INIT'];
const LOAD_INPUTS: Input[] = ['load', 'resume'];
const REFUNDS: HostOrderStatus[] = ['REFUNDING', 'REFUNDED'];

/** One row: the facts it matches (`*` any) and what follows, with what a person can do when it stops there. */
export interface Row {
  state: Many<RechargeState>;
  host: Many<HostFact>;
  card: Many<CardFact>;
  input: Many<Input>;
  /** Further facts of the run the row needs, in words (docs) and as a check. */
  when?: { text: string; test: (f: Facts) => boolean };
  then: Move;
  /** i18n key: what a person does next where the row stops (or fails), shown in docs/architecture.md §2b. */
  exit?: string;
}

const when = (text: string, test: (f: Facts) => boolean) => ({ text, test });
const step = (s: Step): Move => ({ step: s });
const refuse = (code: string): Move => ({ stop: 'refuse', code });

/** The table. First matching row wins; the order is part of the table. */
export const TABLE: readonly Row[] = [
  // Final states: nothing left for the machine; UNLOADED is 圈存-able, NEEDS_ADMIN a supervisor's.
  { state: ['VERIFIED', 'CANCELLED', 'REFUNDED'], host: '*', card: '*', input: '*', then: { stop: 'done' } },
  { state: ['CONFIRMED'], host: '*', card: '*', input: '*', when: when('confirmed in this run', (f) => f.confirmedNow), then: step('verify') },
  { state: ['CONFIRMED'], host: '*', card: '*', input: '*', then: { stop: 'done' } },
  { state: ['NEEDS_ADMIN'], host: '*', card: '*', input: '*', when: when('reached or re-checked in this run', (f) => (f.steps > 0 && f.input !== 'resolve') || f.resolvedNow), then: { stop: 'done' }, exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: ['NEEDS_ADMIN'], host: '*', card: '*', input: ['check', 'order', 'pay-code', 'pos-charge', 'load', 'resume', 'cancel'], then: refuse('RECHARGE_NEEDS_ADMIN'), exit: 'EXIT_SUPERVISOR_RESOLVES' },

  // READ, bank card on the POS: the POS's word first, never a second charge.
  { state: ['READ'], host: '*', card: '*', input: '*', when: when('POS charge asked, outcome unknown', (f) => f.pos && f.posCharge === 'open'), then: step('pos-query'), exit: 'EXIT_POS_QUERY_LATER' },
  { state: ['READ'], host: '*', card: '*', input: ['cancel'], when: when('POS slip in hand', (f) => f.pos && f.slip), then: refuse('POS_CANCEL_PAID'), exit: 'EXIT_LOAD_OR_VOID' },
  { state: ['READ'], host: '*', card: '*', input: '*', when: when('POS slip in hand', (f) => f.pos && f.slip), then: step('create-order'), exit: 'EXIT_RETRY_HOST' },
  { state: ['READ'], host: '*', card: '*', input: ['pos-charge'], when: when('POS channel', (f) => f.pos), then: step('pos-charge'), exit: 'EXIT_POS_QUERY_LATER' },
  { state: ['READ'], host: '*', card: '*', input: '*', when: when('POS channel, nothing charged', (f) => f.pos), then: step('cancel-unordered') },
  { state: ['READ'], host: '*', card: '*', input: ['load'], then: refuse('RECHARGE_WRONG_STATE'), exit: 'EXIT_WAIT_OR_CANCEL' },
  // READ, QR or payment code: the order is made now, or (its answer perhaps lost) made-and-closed.
  { state: ['READ'], host: '*', card: '*', input: ['order', 'pay-code'], then: step('create-order'), exit: 'EXIT_RETRY_HOST' },
  { state: ['READ'], host: '*', card: '*', input: '*', then: step('close-order'), exit: 'EXIT_RETRY_HOST' },

  // What the host says decides from here; ask it first wherever the journal cannot know (§3a).
  { state: ['ORDERED', 'PAID', 'INIT', 'UNLOADED', 'REFUNDING'], host: ['unasked'], card: '*', input: '*', when: when('order known', (f) => !(f.state === 'UNLOADED' && LOAD_INPUTS.includes(f.input))), then: step('ask-host'), exit: 'EXIT_RETRY_HOST' },
  { state: ['UNLOADED'], host: ['unasked'], card: '*', input: LOAD_INPUTS, then: step('tell-unloaded'), exit: 'EXIT_RETRY_HOST' },

  // The load under way in this run: our own INIT is answered, the MAC2 is next (the host's word was heard just before).
  { state: ['INIT'], host: '*', card: ['ready'], input: '*', when: when('INIT in this run, not refused', (f) => f.fresh && f.authRefused === null), then: step('authorize'), exit: 'EXIT_RETRY_HOST' },

  // ORDERED: paid, closed, still open.
  { state: ['ORDERED'], host: ['AWAITING_PAYMENT'], card: '*', input: '*', when: when('payment code refused', (f) => f.micropay === 'refused'), then: step('close-order') },
  { state: ['ORDERED'], host: ['AWAITING_PAYMENT'], card: '*', input: ['pay-code'], when: when('code not sent yet', (f) => f.micropay === 'none'), then: step('micropay'), exit: 'EXIT_SCAN_AGAIN' },
  { state: ['ORDERED'], host: ['AWAITING_PAYMENT'], card: '*', input: '*', when: when('order expired', (f) => f.expired), then: step('close-order') },
  { state: ['ORDERED'], host: ['AWAITING_PAYMENT'], card: '*', input: ['cancel'], then: step('close-order') },
  { state: ['ORDERED'], host: ['AWAITING_PAYMENT'], card: '*', input: ['load'], then: refuse('RECHARGE_WRONG_STATE'), exit: 'EXIT_WAIT_OR_CANCEL' },
  { state: ['ORDERED'], host: ['AWAITING_PAYMENT'], card: '*', input: '*', then: { stop: 'wait-payment' }, exit: 'EXIT_WAIT_OR_CANCEL' },
  { state: ['ORDERED'], host: ['PAID'], card: '*', input: '*', then: step('paid') },
  { state: ['ORDERED'], host: ['CLOSED'], card: '*', input: '*', then: step('host-word') },

  // After the money is taken: a refund, a load elsewhere, or a contradiction is the host's word (§3a).
  { state: [...UNPAID, ...NOT_ON_CARD, 'UNLOADED'], host: REFUNDS, card: '*', input: '*', then: step('host-word'), exit: 'EXIT_REFUND_SLIP' },
  { state: [...UNPAID, ...NOT_ON_CARD, 'UNLOADED'], host: ['LOADED'], card: ['unread'], input: '*', then: step('probe-elsewhere'), exit: 'EXIT_PRESENT_CARD' },
  { state: [...UNPAID, ...NOT_ON_CARD, 'UNLOADED'], host: ['LOADED'], card: ['loaded'], input: '*', then: step('confirmed-elsewhere') },
  { state: [...UNPAID, ...NOT_ON_CARD, 'UNLOADED'], host: ['LOADED'], card: '*', input: '*', then: step('admin'), exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: [...NOT_ON_CARD, 'UNLOADED'], host: ['AWAITING_PAYMENT', 'CLOSED'], card: '*', input: '*', then: step('host-word'), exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: [...UNPAID, ...NOT_ON_CARD], host: ['UNLOADED'], card: '*', input: '*', then: step('host-word'), exit: 'EXIT_LOAD_LATER' },
  { state: ['REFUNDING'], host: ['REFUNDED'], card: '*', input: '*', then: step('host-word') },
  { state: ['REFUNDING'], host: ['REFUNDING'], card: '*', input: '*', then: { stop: 'wait-refund' }, exit: 'EXIT_REFUND_SLIP' },
  { state: ['REFUNDING'], host: '*', card: '*', input: '*', then: step('host-word'), exit: 'EXIT_SUPERVISOR_RESOLVES' },

  // PAID: the wizard's payment steps end here; the load is the operator's 圈存 (or resume).
  { state: ['PAID'], host: '*', card: '*', input: ['order', 'pay-code', 'pos-charge', 'check'], then: { stop: 'paid' }, exit: 'EXIT_LOAD' },
  { state: [...NOT_ON_CARD, 'UNLOADED', 'AUTHORIZED', 'WRITTEN'], host: '*', card: '*', input: ['cancel'], then: refuse('RECHARGE_ALREADY_PAID'), exit: 'EXIT_LOAD' },
  { state: ['INIT', 'UNLOADED', 'AUTHORIZED', 'WRITTEN'], host: '*', card: '*', input: ['check', 'order', 'pay-code', 'pos-charge'], then: { stop: 'done' }, exit: 'EXIT_LOAD' },
  { state: ['UNLOADED'], host: '*', card: '*', input: ['resolve'], then: { stop: 'done' } },

  // The card cannot take it (before anything was written): the host is told, the money goes back (refund slip).
  { state: [...NOT_ON_CARD, 'UNLOADED'], host: '*', card: ['refuses'], input: '*', then: step('card-refused'), exit: 'EXIT_REFUND_SLIP' },
  // Another terminal's live MAC2 of this order: the card's log decides (once per run).
  { state: ['INIT'], host: '*', card: '*', input: '*', when: when('authorization refused: SERIAL_CHANGED', (f) => f.authRefused === 'SERIAL_CHANGED' && !f.foreignChecked), then: step('foreign'), exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: ['INIT'], host: '*', card: ['loaded'], input: '*', then: step('confirm'), exit: 'EXIT_RETRY_HOST' },
  { state: ['INIT'], host: '*', card: '*', input: '*', when: when('authorization refused otherwise', (f) => f.authRefused !== null), then: refuse('HOST_REJECTED'), exit: 'EXIT_RETRY_HOST' },
  // The load: a fresh INIT, the MAC2, CREDIT once.
  { state: ['UNLOADED'], host: ['PAID', 'UNLOADED'], card: '*', input: LOAD_INPUTS, when: when('CREDIT sent in this run', (f) => f.wrote), then: { stop: 'done' }, exit: 'EXIT_LOAD_LATER' },
  { state: [...NOT_ON_CARD, 'UNLOADED'], host: ['PAID', 'UNLOADED'], card: ['unread'], input: LOAD_INPUTS, then: step('init'), exit: 'EXIT_PRESENT_CARD' },
  { state: ['UNLOADED'], host: '*', card: '*', input: '*', then: { stop: 'done' }, exit: 'EXIT_LOAD_LATER' },
  { state: ['AUTHORIZED'], host: '*', card: '*', input: '*', when: when('MAC2 from this run, never sent', (f) => f.fresh), then: step('credit'), exit: 'EXIT_PRESENT_CARD' },
  // AUTHORIZED from an earlier run: our MAC2 may be on the card; the card decides (docs/card-protocol.md §4).
  { state: ['AUTHORIZED'], host: '*', card: ['unread', 'ready'], input: '*', then: step('probe'), exit: 'EXIT_PRESENT_CARD' },
  { state: ['AUTHORIZED'], host: '*', card: ['loaded'], input: '*', then: step('written-proven') },
  { state: ['AUTHORIZED'], host: '*', card: ['not-loaded'], input: '*', then: step('unloaded-proven') },
  { state: ['AUTHORIZED'], host: '*', card: ['unclear'], input: '*', then: step('admin'), exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: ['WRITTEN'], host: '*', card: '*', input: '*', then: step('confirm'), exit: 'EXIT_RETRY_HOST' },

  // 需管理员: the supervisor presents the card; the card decides, never what anyone types (docs/architecture.md §2a).
  { state: ['NEEDS_ADMIN'], host: '*', card: ['unread'], input: ['resolve'], then: step('resolve-probe'), exit: 'EXIT_PRESENT_CARD' },
  { state: ['NEEDS_ADMIN'], host: ['LOADED', 'PAID', 'UNLOADED'], card: ['loaded'], input: ['resolve'], then: step('resolve-loaded'), exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: ['NEEDS_ADMIN'], host: ['PAID', 'UNLOADED', 'REFUNDING', 'REFUNDED'], card: ['not-loaded'], input: ['resolve'], then: step('resolve-unloaded'), exit: 'EXIT_SUPERVISOR_RESOLVES' },
  { state: ['NEEDS_ADMIN'], host: '*', card: '*', input: ['resolve'], then: step('resolve-unresolved'), exit: 'EXIT_SUPERVISOR_RESOLVES' },

  // Whatever is left: the operator's input does not apply in this state.
  { state: '*', host: '*', card: '*', input: '*', then: refuse('RECHARGE_WRONG_STATE'), exit: 'EXIT_LOAD' },
];

const has = <T>(m: Many<T>, v: T): boolean => m === '*' || m.includes(v);

/** The table's one answer for these facts. */
export function decide(f: Facts): { row: Row; move: Move } {
  for (const row of TABLE) {
    if (has(row.state, f.state) && has(row.host, f.host) && has(row.card, f.card) && has(row.input, f.input) && (row.when?.test(f) ?? true)) {
      return { row, move: row.then };
    }
  }
  throw new Error('the recharge table has no row for these facts'); // unreachable: the last row matches everything
}
