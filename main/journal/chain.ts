import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The journal's hash chains (migration 4; docs/decisions.md, "Journal and paper"): every recharge event
 * and every audit row carries `hash = sha256(previous row's hash ‖ canonical row content)`, one chain per
 * table, the first row linked to 32 zero bytes. The chain is computed inside the insert's transaction.
 *
 * The canonical content is a JSON array of the row's columns exactly as stored (the `data`/`detail`
 * JSON is hashed as its stored text, never re-serialised), led by a tag naming the table and the
 * version of this format. The first event of a recharge also carries the recharge's identity columns,
 * which no event repeats, so an edited amount or card number breaks the chain too. The mutable current
 * view (`recharges`: state, tac, balance after …) is checked against its events by `verifyChains`.
 *
 * Never change anything here for rows already written: old rows could no longer be verified. A new
 * format gets a new tag and a migration.
 */
export const GENESIS: Buffer = Buffer.alloc(32);

const EVENT_TAG = 'etc-counter/recharge_events/v1';
const AUDIT_TAG = 'etc-counter/audit/v1';
const HEAD_TAG = 'etc-counter/chain-head/v1';

/** A recharge's fixed identity (the `recharges_identity_fixed` trigger's columns), in hashing order. */
export const IDENTITY_COLUMNS = [
  'id', 'createdAt', 'localDate', 'training', 'terminalId', 'operatorId', 'cardNo', 'plate', 'plateColor',
  'amountFen', 'channel', 'balanceBeforeFen',
] as const;
export type IdentityRow = Record<(typeof IDENTITY_COLUMNS)[number], string | number | null>;

export interface EventContent {
  chain: number;
  rid: number;
  seq: number;
  at: string;
  state: string;
  data: string;
  /** The patch the event applied to the recharge's view, as stored (JSON), or null for none. */
  patch: string | null;
  /** The recharge's identity for its first event (seq 1), else null. */
  identity: IdentityRow | null;
}

export interface AuditContent {
  seq: number;
  at: string;
  operatorId: string;
  role: string;
  action: string;
  target: string | null;
  detail: string;
}

function link(prev: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(prev).update(canonical, 'utf8').digest();
}

export function eventHash(prev: Buffer, e: EventContent): Buffer {
  const identity = e.identity ? IDENTITY_COLUMNS.map((c) => e.identity?.[c] ?? null) : null;
  return link(prev, JSON.stringify([EVENT_TAG, e.chain, e.rid, e.seq, e.at, e.state, e.data, e.patch, identity]));
}

export function auditHash(prev: Buffer, a: AuditContent): Buffer {
  return link(prev, JSON.stringify([AUDIT_TAG, a.seq, a.at, a.operatorId, a.role, a.action, a.target, a.detail]));
}

/** The last row of a chain: its key (chain position for events, seq for audit) and hash; 0 and zeros when empty. */
export interface ChainHead {
  last: number;
  hash: string;
}

/**
 * Both chains' heads, as of the end of local day `through` (null: now), and one digest of the two for
 * paper: the printed 日结单 and the day export carry it, so a rewrite of history (which can recompute every
 * hash) or a truncation shows as a digest that no longer matches the paper.
 */
export interface ChainHeads {
  through: string | null;
  events: ChainHead;
  audit: ChainHead;
  digest: string;
}

export function headsDigest(events: ChainHead, audit: ChainHead): string {
  return createHash('sha256').update([HEAD_TAG, events.last, events.hash, audit.last, audit.hash].join('|')).digest('hex');
}

/** A digest in groups of four for paper and for reading aloud: `3F2A 9B1C …`. */
export function groupHex(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** Prepared once per connection: these run on every append. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

const HEAD_SQL = {
  events: 'SELECT chain AS last, hash FROM recharge_events ORDER BY chain DESC LIMIT 1',
  eventsBefore: 'SELECT chain AS last, hash FROM recharge_events WHERE at < ? ORDER BY chain DESC LIMIT 1',
  audit: 'SELECT seq AS last, hash FROM audit ORDER BY seq DESC LIMIT 1',
  auditBefore: 'SELECT seq AS last, hash FROM audit WHERE at < ? ORDER BY seq DESC LIMIT 1',
} as const;

interface HeadRow { last: number; hash: Buffer | null }

function headOf(row: HeadRow | undefined): ChainHead {
  return row ? { last: row.last, hash: (row.hash ?? GENESIS).toString('hex') } : { last: 0, hash: GENESIS.toString('hex') };
}

/**
 * The heads of both chains: the last row (in chain order) stamped before `beforeIso`, or the last row of
 * all when it is null. Walks back from the end, so a recent day costs a few rows, an old day more.
 */
export function readHeads(db: Database.Database, through: string | null, beforeIso: string | null): ChainHeads {
  const head = (all: string, before: string): ChainHead =>
    headOf((beforeIso === null ? stmt(db, all).get() : stmt(db, before).get(beforeIso)) as HeadRow | undefined);
  const events = head(HEAD_SQL.events, HEAD_SQL.eventsBefore);
  const audit = head(HEAD_SQL.audit, HEAD_SQL.auditBefore);
  return { through, events, audit, digest: headsDigest(events, audit) };
}

/** The events chain's next position and the hash it links to (call inside the insert's transaction). */
export function nextEventLink(db: Database.Database): { chain: number; prev: Buffer } {
  const row = stmt(db, HEAD_SQL.events).get() as HeadRow | undefined;
  return row ? { chain: row.last + 1, prev: row.hash ?? GENESIS } : { chain: 1, prev: GENESIS };
}

/** The audit chain's next seq and the hash it links to (call inside the insert's transaction). */
export function nextAuditLink(db: Database.Database): { seq: number; prev: Buffer } {
  const row = stmt(db, HEAD_SQL.audit).get() as HeadRow | undefined;
  return row ? { seq: row.last + 1, prev: row.hash ?? GENESIS } : { seq: 1, prev: GENESIS };
}
