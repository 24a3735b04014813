/**
 * What `journal verify` reports of a row that no longer fits (chain-verify.ts, chain-verify-tables.ts).
 */
export type ChainTable = 'recharge_events' | 'audit' | 'recharges' | 'operator_events' | 'operators' | 'day_closures' | 'card_pin_events';

/**
 * - `unhashed`: the row has no (well-formed) hash or chain position: written around the program.
 * - `missing`: positions before this row are gone (rows deleted); `params.from`..`params.to`.
 * - `changed`: the row's hash does not fit its content and the hash before it: this row was edited, or
 *   the row before it was edited and re-hashed, or rows were reordered.
 * - `view`: a recharge's current view differs from what its events set; `params.columns`.
 * - `no-events`: a recharge (or operator) without any event.
 * - `gone`: chained events of an operator whose row is no longer there.
 * - `unaudited`: an operator change whose audit row is missing.
 * - `audit-only`: the audit log closed or reopened a date more often than the closures table says.
 */
export type BreakReason = 'unhashed' | 'missing' | 'changed' | 'view' | 'no-events' | 'gone' | 'unaudited' | 'audit-only';

export interface ChainBreak {
  table: ChainTable;
  /** How to find the row: events {recharge, seq, chain}, audit {seq}, recharges {recharge}. */
  key: Record<string, string | number | null>;
  reason: BreakReason;
  params: Record<string, string | number>;
}
