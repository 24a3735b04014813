import type Database from 'better-sqlite3';
import { GENESIS } from './chain';
import {
  closureHash, operatorEventHash, passwordDigest, pinHash, type ClosureContent, type OperatorEventContent, type PinContent,
} from './chain-tables';
import type { ChainBreak, ChainTable } from './chain-break';

/**
 * `journal verify` over what decides who may do what and what a day says (journal migration 7,
 * chain-tables.ts): the operator-events, day-closures and PIN-outcome chains, each walked row by row;
 * the `operators` table against the newest chained event of each operator; and the day closures against
 * the audit log's `day-close` / `day-reopen` rows, which are written after the closure row and so show a
 * closure cut off the end of its chain.
 */
export interface Walk { checked: number; first: ChainBreak | null }

const isHash = (h: unknown): h is Buffer => Buffer.isBuffer(h) && h.length === 32;

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
}

/** A seq-ordered chain: contiguous from 1, each hash linking the one before. */
function walkSeq<R extends { seq: number; hash: unknown }>(
  rows: Iterable<R>, table: ChainTable, key: (r: R) => ChainBreak['key'], hashOf: (prev: Buffer, r: R) => Buffer,
): Walk {
  let prev = GENESIS;
  let last = 0;
  let checked = 0;
  let first: ChainBreak | null = null;
  for (const r of rows) {
    checked += 1;
    if (first) continue;
    const brk = (reason: ChainBreak['reason'], params: ChainBreak['params'] = {}): ChainBreak => ({ table, key: key(r), reason, params });
    if (!isHash(r.hash)) first = brk('unhashed');
    else if (r.seq !== last + 1) first = r.seq > last + 1 ? brk('missing', { from: last + 1, to: r.seq - 1 }) : brk('changed');
    else if (!hashOf(prev, r).equals(r.hash)) first = brk('changed');
    else {
      prev = r.hash;
      last = r.seq;
    }
  }
  return { checked, first };
}

type ClosureRow = ClosureContent & { hash: unknown };
type PinRow = PinContent & { hash: unknown };
type OperatorEventRow = OperatorEventContent & { hash: unknown };

export function walkClosures(db: Database.Database): Walk {
  if (!hasTable(db, 'day_closures') || !hasColumn(db, 'day_closures', 'hash')) return { checked: 0, first: null };
  const rows = db.prepare('SELECT seq, date, action, at, operatorId, note, detail, hash FROM day_closures ORDER BY seq').iterate() as Iterable<ClosureRow>;
  return walkSeq(rows, 'day_closures', (r) => ({ seq: r.seq, date: r.date }), closureHash);
}

export function walkPins(db: Database.Database): Walk {
  if (!hasTable(db, 'card_pin_events') || !hasColumn(db, 'card_pin_events', 'hash')) return { checked: 0, first: null };
  const rows = db.prepare('SELECT seq, cardNo, at, outcome, triesLeft, entered, rechargeId, hash FROM card_pin_events ORDER BY seq')
    .iterate() as Iterable<PinRow>;
  return walkSeq(rows, 'card_pin_events', (r) => ({ seq: r.seq }), pinHash);
}

/**
 * The operator-events chain, with two more rules: `baseline` rows (migration 7) only come first, and every
 * other row names an audit row about the same operator (the change's own, written in its transaction).
 */
export function walkOperatorEvents(db: Database.Database): Walk {
  if (!hasTable(db, 'operator_events')) return { checked: 0, first: null };
  const rows = db.prepare(`SELECT seq, at, operatorId, reason, actorId, auditSeq, name, role, passwordDigest, failedAttempts, lockedAt,
    disabled, hash FROM operator_events ORDER BY seq`).all() as OperatorEventRow[];
  const walk = walkSeq(rows, 'operator_events', (r) => ({ seq: r.seq, operator: r.operatorId }), operatorEventHash);
  if (walk.first) return walk;
  const audit = db.prepare('SELECT target FROM audit WHERE seq = ?');
  let baselineOver = false;
  for (const r of rows) {
    const brk = (reason: ChainBreak['reason']): Walk => ({ checked: walk.checked, first: { table: 'operator_events', key: { seq: r.seq, operator: r.operatorId }, reason, params: {} } });
    if (r.reason === 'baseline') {
      if (baselineOver || r.auditSeq !== null) return brk('changed');
      continue;
    }
    baselineOver = true;
    const a = r.auditSeq === null ? undefined : (audit.get(r.auditSeq) as { target: string | null } | undefined);
    if (!a || a.target !== r.operatorId) return brk('unaudited');
  }
  return walk;
}

interface OperatorRow { id: string; name: string; role: string; passwordHash: string; failedAttempts: number; lockedAt: string | null; disabled: number }

/** The columns of an operator's row the chain records, compared with its newest event. */
export const OPERATOR_CHAINED = ['name', 'role', 'password', 'failedAttempts', 'lockedAt', 'disabled'] as const;

/** Which chained columns of `row` differ from `event` (empty: they agree). */
export function operatorDiffers(row: OperatorRow, event: OperatorEventContent): string[] {
  const now: Record<(typeof OPERATOR_CHAINED)[number], unknown> = {
    name: row.name, role: row.role, password: passwordDigest(row.passwordHash), failedAttempts: row.failedAttempts,
    lockedAt: row.lockedAt, disabled: row.disabled,
  };
  const then: Record<(typeof OPERATOR_CHAINED)[number], unknown> = {
    name: event.name, role: event.role, password: event.passwordDigest, failedAttempts: event.failedAttempts,
    lockedAt: event.lockedAt, disabled: event.disabled,
  };
  return OPERATOR_CHAINED.filter((c) => now[c] !== then[c]);
}

/** Every operator's row must be what its newest chained event says; no event may name an operator that is gone. */
export function checkOperators(db: Database.Database): Walk {
  if (!hasTable(db, 'operator_events')) return { checked: 0, first: null };
  const rows = db.prepare('SELECT id, name, role, passwordHash, failedAttempts, lockedAt, disabled FROM operators ORDER BY id').all() as OperatorRow[];
  const newest = new Map((db.prepare(`SELECT e.* FROM operator_events e
    WHERE e.seq = (SELECT max(seq) FROM operator_events x WHERE x.operatorId = e.operatorId)`).all() as OperatorEventContent[])
    .map((e) => [e.operatorId, e]));
  let first: ChainBreak | null = null;
  for (const r of rows) {
    if (first) break;
    const e = newest.get(r.id);
    newest.delete(r.id);
    if (!e) first = { table: 'operators', key: { operator: r.id }, reason: 'no-events', params: {} };
    else {
      const differs = operatorDiffers(r, e);
      if (differs.length > 0) first = { table: 'operators', key: { operator: r.id }, reason: 'view', params: { columns: differs.join(', ') } };
    }
  }
  const gone = [...newest.keys()][0];
  if (!first && gone !== undefined) first = { table: 'operators', key: { operator: gone }, reason: 'gone', params: {} };
  return { checked: rows.length, first };
}

/**
 * The audit log writes a `day-close` / `day-reopen` row after each closure row (main/ipc/day.ts): a date
 * whose audit rows outnumber its closure rows of that action lost closures, even at the end of the chain.
 */
export function checkClosuresAgainstAudit(db: Database.Database): ChainBreak | null {
  if (!hasTable(db, 'day_closures')) return null;
  const audited = db.prepare(`SELECT target AS date, CASE action WHEN 'day-close' THEN 'close' ELSE 'reopen' END AS action, count(*) AS n
    FROM audit WHERE action IN ('day-close', 'day-reopen') AND target IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`).all() as { date: string; action: string; n: number }[];
  const count = db.prepare('SELECT count(*) AS n FROM day_closures WHERE date = ? AND action = ?');
  for (const a of audited) {
    const have = (count.get(a.date, a.action) as { n: number }).n;
    if (have < a.n) return { table: 'day_closures', key: { seq: '?', date: a.date }, reason: 'audit-only', params: { date: a.date, audited: a.n, kept: have } };
  }
  return null;
}
