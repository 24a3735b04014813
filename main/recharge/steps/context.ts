import type { AppError } from '../../../contract/errors';
import type { AuthorizeResponse, CardEvidence, HostOrder } from '../../../contract/host-api';
import type { Fen } from '../../../contract/money';
import type { PosMode } from '../../../contract/pos';
import type { RechargeRecord } from '../../../contract/recharge';
import type { LoadKeyIndexes } from '../../card/load-key';
import type { CardIdentity, CardPort, LoadInit } from '../../card/port';
import type { Clock } from '../../clock';
import type { HostLink } from '../../host/port';
import type { PosTerminal } from '../../pos/port';
import type { CardProbe } from '../decide';
import type { RechargeJournal } from '../journal-steps';
import type { CardFact, HostFact, Input, RunFacts } from '../machine';
import type { PinGate } from '../pin-gate';
import type { InLine } from '../serial';

/** Everything outside the process the steps reach, and the settings they read at each use (系统设置 changes them live). */
export interface StepPorts {
  card: Omit<CardPort, 'disconnect'>;
  host: HostLink;
  journal: RechargeJournal;
  clock: Pick<Clock, 'now'>;
  pins: PinGate;
  pos: PosTerminal | null;
  settings: StepSettings;
}

export interface StepSettings {
  readonly terminalId: string;
  readonly loadKeys: LoadKeyIndexes;
  readonly posMode: PosMode;
  /** How long the outlet's POS may take to answer a sale (the customer at the PIN pad): a "not found" before then is no answer. */
  readonly posSaleTimeoutMs: number;
  /** The card's maximum balance by issuer network and card type. */
  cardMaxBalanceFor(card: { network: string; cardType: number }): Fen;
  /** Why this card may not be loaded today (account card, expired …) as an i18n code, or null. */
  refusal(card: CardIdentity): string | null;
  /** Whether 日结 closed the business day of `at` (main/journal/day-closures.ts). */
  dayClosed(at: Date): string | null;
}

/** What a person asked for with the input, beyond its name. */
export interface InputArgs {
  /** `pay-code`: the code the scanner typed (kept in memory only; the journal holds it masked). */
  authCode?: string;
  /** `check`: the order a long poll just answered. */
  order?: HostOrder;
  /** `resolve`: the supervisor and the note. */
  resolveBy?: { operatorId: string; note: string | null };
}

/** How the card refused a load, for the message and the evidence. */
export interface CardRefusal { code: string; params: Record<string, string | number> }

/** One run of the machine over one recharge: the facts beyond the journal and what the steps learned. */
export interface Run extends RunFacts {
  input: Input;
  args: InputArgs;
  host: HostFact;
  card: CardFact;
  /** The host's order as last answered in this run. */
  order: HostOrder | null;
  /** The card read in this run (same card as the recharge's). */
  identity: CardIdentity | null;
  /** This run's INIT answer and MAC2, never sent twice. */
  init: LoadInit | null;
  mac2: AuthorizeResponse | null;
  /** What the probe of the card found, and the decision taken from it. */
  probe: CardProbe | null;
  decision: { verdict: 'LOADED' | 'NOT_LOADED' | 'CONTRADICTION' | 'UNCLEAR'; reason: string; evidence: CardEvidence; record: CardProbe['log'][number] | null } | null;
  refusal: CardRefusal | null;
  /** CONFIRMED in this run: the balance is read back. */
  confirmedNow: boolean;
  /** Resolution: what the supervisor's run came to, for the paper. */
  resolved: { outcome: 'CONFIRMED' | 'UNLOADED' | 'UNRESOLVED'; reason: string; params: Record<string, string | number> } | null;
  /** An error a step met that the run answers with when it stops (a refusal the table ends on). */
  error: AppError | null;
}

/** What a step is given: the recharge as journaled now, this run, the ports, and the counter's line. */
export interface StepCtx {
  rec: RechargeRecord;
  run: Run;
  ports: StepPorts;
  line: InLine;
}

/** A step may end the run at once (a refusal the operator must hear), with the record as it is then. */
export type StepEnd = { end: true; error: AppError | null } | void;

export type StepFn = (ctx: StepCtx) => Promise<StepEnd>;

/** What a step learned, into its run (typed: a misspelt fact does not compile). */
export function learn(run: Run, facts: Partial<Run>): void {
  Object.assign(run, facts);
}
