import type Database from 'better-sqlite3';
import { auditHash, eventHash, GENESIS, IDENTITY_COLUMNS, type IdentityRow } from './chain';

/**
 * Migration 4's data step (chain.ts): hashes every row written before the chain existed, in order, in
 * the migration's transaction, so the chain covers the journal's whole history.
 *
 * - Events had no order of insertion of their own (the table is keyed by recharge and seq); they are
 *   chained in time order (`at`, then recharge, then seq), the order they were written in.
 * - Events did not record the patch they applied to the recharge's view. The last event of each recharge
 *   gets the view's patchable columns as they stand now as its patch, so replaying the patches (see
 *   verifyChains) gives today's view, and any later edit of it shows.
 * - Audit rows are chained in seq order.
 *
 * Frozen with migration 4: a change here would hash old journals differently from new ones.
 */
const BATCH = 5_000;

/**
 * The view's patchable columns as they were at migration 4 (rows.ts PATCH_COLUMNS then). Later migrations
 * add columns that do not exist yet when this step runs, and are null on every row it hashes.
 */
const PATCH_COLUMNS = [
  'orderId', 'tradeNo', 'qrPayload', 'orderExpiresAt', 'onlineSerial', 'hostDateTime', 'balanceAfterFen', 'tac', 'error',
] as const;

export function backfillChains(db: Database.Database): void {
  backfillEvents(db);
  backfillAudit(db);
}

/** The batch query's columns, read as arrays (`raw`): an object per row of a million recharges costs double. */
const LEGACY_COLUMNS = ['n', 'rid', 'seq', 'at', 'state', 'data', 'isLast'] as const;
type Legacy = [number, number, number, string, string, string, number, ...(string | number | null)[]];

function backfillEvents(db: Database.Database): void {
  db.exec(`CREATE TEMP TABLE chain_order AS
    SELECT e.rid AS rid, e.seq AS seq, e.seq = (SELECT max(x.seq) FROM recharge_events x WHERE x.rid = e.rid) AS isLast
    FROM recharge_events e ORDER BY e.at, e.rid, e.seq`);
  const extra = [...IDENTITY_COLUMNS, ...PATCH_COLUMNS].map((c) => `r.${c}`).join(', ');
  const batch = db.prepare(`SELECT o.rowid, e.rid, e.seq, e.at, e.state, e.data, o.isLast, ${extra}
    FROM temp.chain_order o JOIN recharge_events e ON e.rid = o.rid AND e.seq = o.seq JOIN recharges r ON r.rid = e.rid
    WHERE o.rowid > ? ORDER BY o.rowid LIMIT ${BATCH}`).raw();
  const update = db.prepare('UPDATE recharge_events SET chain = ?, patch = ?, hash = ? WHERE rid = ? AND seq = ?');
  const index = new Map<string, number>([...LEGACY_COLUMNS, ...IDENTITY_COLUMNS, ...PATCH_COLUMNS].map((c, i) => [c, i]));
  let prev = GENESIS;
  let after = 0;
  for (;;) {
    const rows = batch.all(after) as Legacy[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const [n, rid, seq, when, state, data, isLast] = row;
      const column = (c: string): string | number | null => row[index.get(c) ?? -1] ?? null;
      const identity = seq === 1 ? Object.fromEntries(IDENTITY_COLUMNS.map((c) => [c, column(c)])) as IdentityRow : null;
      const patch = isLast ? snapshotPatch(column) : null;
      const hash = eventHash(prev, { chain: n, rid, seq, at: when, state, data, patch, identity });
      update.run(n, patch, hash, rid, seq);
      prev = hash;
      after = n;
    }
  }
  db.exec('DROP TABLE temp.chain_order');
}

/** The view's patchable columns that are set (a null column needs no patch to stay null). */
function snapshotPatch(column: (c: string) => string | number | null): string | null {
  const set = PATCH_COLUMNS.filter((c) => column(c) !== null);
  return set.length === 0 ? null : JSON.stringify(Object.fromEntries(set.map((c) => [c, column(c)])));
}

interface LegacyAudit {
  seq: number;
  at: string;
  operatorId: string;
  role: string;
  action: string;
  target: string | null;
  detail: string;
}

function backfillAudit(db: Database.Database): void {
  const batch = db.prepare(`SELECT seq, at, operatorId, role, action, target, detail FROM audit WHERE seq > ? ORDER BY seq LIMIT ${BATCH}`);
  const update = db.prepare('UPDATE audit SET hash = ? WHERE seq = ?');
  let prev = GENESIS;
  let after = 0;
  for (;;) {
    const rows = batch.all(after) as LegacyAudit[];
    if (rows.length === 0) break;
    for (const a of rows) {
      prev = auditHash(prev, a);
      update.run(prev, a.seq);
      after = a.seq;
    }
  }
}
