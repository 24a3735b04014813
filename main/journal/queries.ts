/**
 * The journal's read queries, kept apart so a test can ask SQLite for their plans: each must be an index
 * lookup, never a scan of a million recharges.
 *
 * The state lists are the partial indexes' WHERE clauses of migrations.ts word for word (SQLite uses a
 * partial index only when the query's WHERE implies the index's), and a test checks them against
 * contract/recharge.ts.
 */
export const UNFINISHED_STATES_SQL = `state IN ('READ','ORDERED','PAID','INIT','AUTHORIZED','WRITTEN','REFUNDING')`;
export const NEEDS_ADMIN_SQL = `state = 'NEEDS_ADMIN'`;
export const BLOCKING_STATES_SQL = `state IN ('PAID','INIT','AUTHORIZED','WRITTEN')`;

const EVENT_COLUMNS = 'r.id AS id, e.seq AS seq, e.at AS at, e.state AS state, e.data AS data';

export const SQL = {
  byId: 'SELECT * FROM recharges WHERE id = ?',
  events: `SELECT ${EVENT_COLUMNS} FROM recharges r JOIN recharge_events e ON e.rid = r.rid WHERE r.id = ? ORDER BY e.seq`,
  lastSeq: 'SELECT max(seq) AS last FROM recharge_events WHERE rid = ?',
  dayClosure: 'SELECT action FROM day_closures WHERE date = ? ORDER BY seq DESC LIMIT 1',
  unfinished: `SELECT * FROM recharges WHERE ${UNFINISHED_STATES_SQL} ORDER BY createdAt, rid`,
  needsAdmin: `SELECT * FROM recharges WHERE ${NEEDS_ADMIN_SQL} ORDER BY createdAt, rid`,
  blocking: `SELECT * FROM recharges WHERE cardNo = ? AND ${BLOCKING_STATES_SQL} ORDER BY createdAt, rid`,
  records: `SELECT * FROM recharges WHERE plate = ? AND plateColor = ? AND localDate BETWEEN ? AND ?
    ORDER BY createdAt, rid`,
  day: 'SELECT * FROM recharges WHERE localDate = ? ORDER BY createdAt, rid',
  dayEvents: `SELECT ${EVENT_COLUMNS} FROM recharges r JOIN recharge_events e ON e.rid = r.rid
    WHERE r.localDate = ? ORDER BY r.createdAt, r.rid, e.seq`,
  insertRecharge: `INSERT INTO recharges (id, createdAt, localDate, updatedAt, state, training, terminalId, operatorId,
    cardNo, plate, plateColor, amountFen, channel, balanceBeforeFen, cardVersion, posVoucher, authCodeMasked)
    VALUES (@id, @at, @localDate, @at, 'READ', @training, @terminalId, @operatorId,
    @cardNo, @plate, @plateColor, @amountFen, @channel, @balanceBeforeFen, @cardVersion, @posVoucher, @authCodeMasked) RETURNING *`,
  insertEvent: `INSERT INTO recharge_events (rid, seq, at, state, data, patch, chain, hash)
    VALUES (@rid, @seq, @at, @state, @data, @patch, @chain, @hash)`,
} as const;
