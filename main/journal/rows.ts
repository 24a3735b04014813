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
] as const satisfies readonly (keyof RechargePatch)[];

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
  };
}

export function toEvent(r: EventRow): RechargeEvent {
  const parsed: unknown = JSON.parse(r.data);
  const data = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  return { rechargeId: r.id, seq: r.seq, at: r.at, state: r.state as RechargeState, data };
}
