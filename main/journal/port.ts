import type { RecordsQuery } from '../../contract/host-api';
import type { RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import type { EventData } from '../../contract/recharge-events';
import type { ChainHeads } from './chain';

/** 充值记录's query, the contract's (the IPC `records` call's schema is pinned to it): plate + colour, local dates. */
export type { RecordsQuery };

/**
 * What is known when a recharge is created (state READ): the rest of RechargeRecord comes with its events.
 * The card version, a typed POS slip and the masked payment code are known then too, where there are any.
 */
export type NewRecharge = Pick<
  RechargeRecord,
  'id' | 'training' | 'terminalId' | 'operatorId' | 'cardNo' | 'plate' | 'plateColor' | 'amountFen' | 'channel' | 'balanceBeforeFen'
> & Partial<Pick<RechargeRecord, 'cardVersion' | 'posVoucher' | 'authCodeMasked'>>;

/** How a recharge is opened: `refuseClosedDay` checks, inside the transaction that writes the row, that its day is not closed (日结). */
export interface CreateOptions { refuseClosedDay?: boolean }

/** Fields an event may set on the recharge's current view. */
export type RechargePatch = Partial<
  Pick<RechargeRecord, 'orderId' | 'tradeNo' | 'qrPayload' | 'orderExpiresAt' | 'onlineSerial' | 'hostDateTime' | 'balanceAfterFen' | 'tac' | 'error'
    | 'posVoucher' | 'keyVersion' | 'algId'>
>;

/**
 * The journal port (main/journal). Every write is durable (synchronous=FULL) when the call returns:
 * the engine writes an event *before* the action it announces and *after* its outcome.
 */
export interface Journal {
  /** Creates the recharge in state READ with its first event. */
  create(r: NewRecharge, data: EventData, opts?: CreateOptions): RechargeRecord;
  /** Appends an event entering `state`, applies `patch` to the current view, in one transaction. */
  append(id: string, state: RechargeState, data: EventData, patch?: RechargePatch): RechargeRecord;
  get(id: string): RechargeRecord | null;
  events(id: string): RechargeEvent[];
  /** Every recharge whose state is not final, oldest first (docs/architecture.md §2 rule 5). */
  unfinished(): RechargeRecord[];
  /** Every recharge in NEEDS_ADMIN, oldest first: a supervisor's to resolve (main/recharge/admin-resolve.ts). */
  needsAdmin(): RechargeRecord[];
  /** Recharges of this card in PAID..WRITTEN (rule 3). */
  blockingFor(cardNo: string): RechargeRecord[];
  /** By plate + colour over a date window (local dates of createdAt). */
  query(q: RecordsQuery): RechargeRecord[];
  /** All recharges created on that local date, oldest first. */
  day(date: string): RechargeRecord[];
  /**
   * The hash chains' heads (main/journal/chain.ts) at the end of local day `date`, or now: what the day
   * export and the printed 日结单 carry, so that a later rewrite or truncation of the journal shows.
   */
  chainHead(date?: string): ChainHeads;
  /** Online backup to a file; resolves when complete. */
  backup(path: string): Promise<void>;
  close(): void;
}
