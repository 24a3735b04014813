import type { PosVoucher } from '../../contract/pos';
import { decodeEventData } from './event-decode';
import type { PayChannel, RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import type { RechargePatch } from './port';

/** A `recharges` row as SQLite returns it (booleans are 0/1, `rid`/`localDate` are the journal's own). */
export interface RechargeRow {
  rid: number;
  id: string;
  createdAt: string;
  localDate: string;
  updatedAt: string;
  state: string;
  training: number;
  terminalId: string;
  operatorId: string;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: number;
  channel: string;
  balanceBeforeFen: number;
  orderId: string | null;
  tradeNo: string | null;
  qrPayload: string | null;
  orderExpiresAt: string | null;
  onlineSerial: number | null;
  hostDateTime: string | null;
  balanceAfterFen: number | null;
  tac: string | null;
  error: string | null;
  // migration 5
  posVoucher: string | null; // JSON
  authCodeMasked: string | null;
  cardVersion: number | null;
  keyVersion: number | null;
  algId: number | null;
}

export interface EventRow {
  id: string;
  seq: number;
  at: string;
  state: string;
  data: string;
}

/** The columns an event's patch may set, in a fixed order: anything else in a patch is ignored. */
export const PATCH_COLUMNS = [
  'orderId',
  'tradeNo',
  'qrPayload',
  'orderExpiresAt',
  'onlineSerial',
  'hostDateTime',
  'balanceAfterFen',
  'tac',
  'error',
  'posVoucher',
  'keyVersion',
  'algId',
] as const satisfies readonly (keyof RechargePatch)[];

/** Columns holding JSON text: a patch's value is written with JSON.stringify, read back with JSON.parse. */
export const JSON_COLUMNS: ReadonlySet<string> = new Set(['posVoucher']);

/** A patch value or a new recharge's field as SQLite stores it. */
export function toColumn(column: string, v: unknown): unknown {
  return JSON_COLUMNS.has(column) && v !== null && v !== undefined ? JSON.stringify(v) : v;
}

export function toRecord(r: RechargeRow): RechargeRecord {
  return {
    id: r.id,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    // The CHECK constraints of the schema admit only these values.
    state: r.state as RechargeState,
    training: r.training === 1,
    terminalId: r.terminalId,
    operatorId: r.operatorId,
    cardNo: r.cardNo,
    plate: r.plate,
    plateColor: r.plateColor,
    amountFen: r.amountFen,
    channel: r.channel as PayChannel,
    balanceBeforeFen: r.balanceBeforeFen,
    orderId: r.orderId,
    tradeNo: r.tradeNo,
    qrPayload: r.qrPayload,
    orderExpiresAt: r.orderExpiresAt,
    onlineSerial: r.onlineSerial,
    hostDateTime: r.hostDateTime,
    balanceAfterFen: r.balanceAfterFen,
    tac: r.tac,
    error: r.error,
    // The CHECK admits only JSON; what the journal writes there is a PosVoucher (contract/pos.ts).
    // `?? null`: a test may read a journal opened at an older schema, before migration 5 added these.
    posVoucher: r.posVoucher == null ? null : (JSON.parse(r.posVoucher) as PosVoucher),
    authCodeMasked: r.authCodeMasked ?? null,
    cardVersion: r.cardVersion ?? null,
    keyVersion: r.keyVersion ?? null,
    algId: r.algId ?? null,
  };
}

export function toEvent(r: EventRow): RechargeEvent {
  const state = r.state as RechargeState;
  return { rechargeId: r.id, seq: r.seq, at: r.at, state, data: decodeEventData(state, JSON.parse(r.data)) };
}
