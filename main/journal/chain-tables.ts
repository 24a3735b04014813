import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ChainPosition, JournalWitness, WitnessChain } from '../../contract/host-api';
import { GENESIS } from './chain';

/**
 * The chains journal migration 7 added beside the events and audit chains of chain.ts, in the same form:
 * `hash = sha256(previous row's hash ‖ canonical row content)`, one chain per table in seq order, the
 * first row linked to 32 zero bytes, the content a JSON array of the columns as stored led by a tag naming
 * table and format version. Computed inside the insert's transaction, under the write lock (IMMEDIATE).
 *
 * - `operator_events`: each change of an operator's row, as the row became (main/auth/operators.ts).
 * - `day_closures`: each close and reopen of a local date (day-closures.ts).
 * - `card_pin_events`: each VERIFY outcome that holds a card's PIN (pin-holds.ts).
 *
 * Never change the content of a tag already written: old rows could no longer be verified.
 */
const OPERATOR_TAG = 'etc-counter/operator_events/v1';
const CLOSURE_TAG = 'etc-counter/day_closures/v1';
const PIN_TAG = 'etc-counter/card_pin_events/v1';

export interface OperatorEventContent {
  seq: number;
  at: string;
  operatorId: string;
  /** What changed it: the audit action written with it, or `baseline` (migration 7's first row per operator). */
  reason: string;
  actorId: string;
  /** The audit row written in the same transaction, or null for a baseline row. */
  auditSeq: number | null;
  name: string;
  role: string;
  /** sha256 (hex) of the stored password hash: the chain shows a password change, never keeps a hash. */
  passwordDigest: string;
  failedAttempts: number;
  lockedAt: string | null;
  disabled: number;
}

export interface ClosureContent {
  seq: number;
  date: string;
  action: string;
  at: string;
  operatorId: string;
  note: string | null;
  detail: string;
}

export interface PinContent {
  seq: number;
  cardNo: string;
  at: string;
  outcome: string;
  triesLeft: number | null;
  entered: string;
  rechargeId: string | null;
}

function link(prev: Buffer, canonical: unknown[]): Buffer {
  return createHash('sha256').update(prev).update(JSON.stringify(canonical), 'utf8').digest();
}

export function operatorEventHash(prev: Buffer, e: OperatorEventContent): Buffer {
  return link(prev, [OPERATOR_TAG, e.seq, e.at, e.operatorId, e.reason, e.actorId, e.auditSeq, e.name, e.role, e.passwordDigest,
    e.failedAttempts, e.lockedAt, e.disabled]);
}

export function closureHash(prev: Buffer, c: ClosureContent): Buffer {
  return link(prev, [CLOSURE_TAG, c.seq, c.date, c.action, c.at, c.operatorId, c.note, c.detail]);
}

export function pinHash(prev: Buffer, p: PinContent): Buffer {
  return link(prev, [PIN_TAG, p.seq, p.cardNo, p.at, p.outcome, p.triesLeft, p.entered, p.rechargeId]);
}

/** sha256 hex of a stored password hash (operator events keep this, never the hash). */
export function passwordDigest(passwordHash: string): string {
  return createHash('sha256').update(passwordHash, 'utf8').digest('hex');
}

/** Each chain: its table and the column that is its position. */
export const CHAIN_TABLES: Record<WitnessChain, { table: string; position: string }> = {
  events: { table: 'recharge_events', position: 'chain' },
  audit: { table: 'audit', position: 'seq' },
  operators: { table: 'operator_events', position: 'seq' },
  closures: { table: 'day_closures', position: 'seq' },
  pins: { table: 'card_pin_events', position: 'seq' },
};

export type SeqChainTable = 'operator_events' | 'day_closures' | 'card_pin_events';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

interface HeadRow { last: number; hash: Buffer | null }

/** The next seq of a migration-7 chain and the hash it links to (call inside the insert's IMMEDIATE transaction). */
export function nextSeqLink(db: Database.Database, table: SeqChainTable): { seq: number; prev: Buffer } {
  const row = stmt(db, `SELECT seq AS last, hash FROM ${table} ORDER BY seq DESC LIMIT 1`).get() as HeadRow | undefined;
  return row ? { seq: row.last + 1, prev: row.hash ?? GENESIS } : { seq: 1, prev: GENESIS };
}

/** A chain's head now: its last position and that row's hash (hex); 0 and zeros when empty or not there yet. */
export function chainHeadOf(db: Database.Database, chain: WitnessChain): ChainPosition {
  const { table, position } = CHAIN_TABLES[chain];
  if (!tableExists(db, table)) return { last: 0, hash: GENESIS.toString('hex') };
  const row = stmt(db, `SELECT ${position} AS last, hash FROM ${table} ORDER BY ${position} DESC LIMIT 1`).get() as HeadRow | undefined;
  return row && row.last !== null ? { last: row.last, hash: (row.hash ?? GENESIS).toString('hex') } : { last: 0, hash: GENESIS.toString('hex') };
}

/** The hash stored at `position` of a chain (hex), or null when the file has no such row. */
export function hashAt(db: Database.Database, chain: WitnessChain, position: number): string | null {
  const { table, position: col } = CHAIN_TABLES[chain];
  if (position === 0) return GENESIS.toString('hex');
  if (!tableExists(db, table)) return null;
  const row = stmt(db, `SELECT hash FROM ${table} WHERE ${col} = ?`).get(position) as { hash: Buffer | null } | undefined;
  return row ? (row.hash ?? GENESIS).toString('hex') : null;
}

/** This journal's random id (migration 7), or null in a journal that has none yet. */
export function journalIdOf(db: Database.Database): string | null {
  const row = stmt(db, "SELECT value FROM meta WHERE key = 'journalId'").get() as { value: string } | undefined;
  return row?.value ?? null;
}

/** What the journal looks like now, for the host to keep (docs/architecture.md §3c). Reads only. */
export function readWitness(db: Database.Database): JournalWitness | null {
  const journalId = journalIdOf(db);
  if (journalId === null) return null;
  return {
    journalId,
    events: chainHeadOf(db, 'events'), audit: chainHeadOf(db, 'audit'), operators: chainHeadOf(db, 'operators'),
    closures: chainHeadOf(db, 'closures'), pins: chainHeadOf(db, 'pins'),
  };
}

function tableExists(db: Database.Database, name: string): boolean {
  return stmt(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
