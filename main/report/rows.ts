import { PLATE_COLORS } from '../../contract/card';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { PAY_CHANNEL_NAMES, type RechargeEvent, type RechargeRecord } from '../../contract/recharge';
import { localStamp } from '../paper/html';
import { summarise } from '../paper/summarise';
import { CHANNEL_COLUMNS } from './channel-columns';

export type Cell = string | number | null;

/** The day export's recharge columns, in order: header i18n key and how to read the value off a record. */
export const RECHARGE_COLUMNS: readonly { key: string; value: (r: RechargeRecord, tz?: string) => Cell }[] = [
  { key: 'COL_TIME', value: (r, tz) => localStamp(r.createdAt, tz) },
  { key: 'COL_RECHARGE_ID', value: (r) => r.id },
  { key: 'COL_CARD_NO', value: (r) => r.cardNo },
  { key: 'COL_PLATE', value: (r) => r.plate },
  { key: 'COL_PLATE_COLOR', value: (r) => PLATE_COLORS[r.plateColor]?.zh ?? String(r.plateColor) },
  { key: 'COL_AMOUNT_YUAN', value: (r) => formatYuan(r.amountFen) },
  { key: 'COL_AMOUNT_FEN', value: (r) => r.amountFen },
  { key: 'COL_CHANNEL', value: (r) => PAY_CHANNEL_NAMES[r.channel].zh },
  { key: 'COL_ORDER_ID', value: (r) => r.orderId },
  { key: 'COL_TRADE_NO', value: (r) => r.tradeNo },
  { key: 'COL_STATE', value: (r) => t(`UI_STATE_${r.state}`) },
  { key: 'COL_BALANCE_BEFORE_YUAN', value: (r) => formatYuan(r.balanceBeforeFen) },
  { key: 'COL_BALANCE_BEFORE_FEN', value: (r) => r.balanceBeforeFen },
  { key: 'COL_BALANCE_AFTER_YUAN', value: (r) => (r.balanceAfterFen === null ? null : formatYuan(r.balanceAfterFen)) },
  { key: 'COL_BALANCE_AFTER_FEN', value: (r) => r.balanceAfterFen },
  { key: 'COL_SERIAL', value: (r) => r.onlineSerial },
  { key: 'COL_TAC', value: (r) => r.tac },
  { key: 'COL_OPERATOR', value: (r) => r.operatorId },
  { key: 'COL_TERMINAL', value: (r) => r.terminalId },
  ...CHANNEL_COLUMNS,
];

export const EVENT_COLUMNS: readonly { key: string; value: (e: RechargeEvent, tz?: string) => Cell }[] = [
  { key: 'COL_RECHARGE_ID', value: (e) => e.rechargeId },
  { key: 'COL_SEQ', value: (e) => e.seq },
  { key: 'COL_TIME', value: (e, tz) => localStamp(e.at, tz) },
  { key: 'COL_STATE', value: (e) => `${t(`UI_STATE_${e.state}`)} (${e.state})` },
  { key: 'COL_DATA', value: (e) => summarise(e.data, 2000) },
];

/**
 * A text cell a spreadsheet would read as a formula (= + - @, or a leading tab/CR that some strip
 * first) gets a leading apostrophe (OWASP "CSV injection"). Plates and names come from cards. CSV only:
 * an XLSX cell is typed, a string cell is never evaluated, and an apostrophe there would be part of the
 * value (the plate would read `'=…` in the bank's sheet).
 */
export function guardFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** A recharge's cells as they are (XLSX), or `guarded` for CSV. */
export function recordRow(r: RechargeRecord, tz?: string, guarded = false): Cell[] {
  const cells = RECHARGE_COLUMNS.map((c) => c.value(r, tz));
  return guarded ? cells.map(guard) : cells;
}

export function eventRow(e: RechargeEvent, tz?: string, guarded = false): Cell[] {
  const cells = EVENT_COLUMNS.map((c) => c.value(e, tz));
  return guarded ? cells.map(guard) : cells;
}

function guard(v: Cell): Cell {
  return typeof v === 'string' ? guardFormula(v) : v;
}
