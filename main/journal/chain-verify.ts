import type Database from 'better-sqlite3';
import { t, type Locale } from '../../contract/i18n';
import { auditHash, eventHash, GENESIS, IDENTITY_COLUMNS, readHeads, type ChainHeads, type IdentityRow } from './chain';
import type { BreakReason, ChainBreak, ChainTable } from './chain-break';
import { checkClosuresAgainstAudit, checkOperators, walkClosures, walkOperatorEvents, walkPins } from './chain-verify-tables';
import { guardTriggersAt } from './migrations';
import { PATCH_COLUMNS } from './rows';

/**
 * `journal verify` (chain.ts): walks the events chain and the audit chain row by row, recomputing each
 * hash from the stored hash before it, and replays each recharge's event patches against its current
 * view. Reports the first row of each table that no longer fits, and every guard trigger that is gone.
 *
 * Since migration 7 also the chains of operator changes, day closures and PIN outcomes, the operators
 * table against its chained history and the closures against the audit log (chain-verify-tables.ts).
 *
 * What it cannot see on its own: rows removed from the end, or a history rewritten with every hash
 * recomputed (the hash is unkeyed: whoever can write the file can compute it). The chain positions and
 * digest on the printed 日结单 (`verify --at`) and the heads the host keeps (the witness, chain-witness.ts)
 * are the answer to both (docs/security.md, "What the journal proves").
 */
export type { BreakReason, ChainBreak, ChainTable } from './chain-break';

export interface ChainReport {
  intact: boolean;
  checked: { events: number; audit: number; recharges: number; operatorEvents: number; closures: number; pins: number };
  /** The first break in each table, events first. */
  breaks: ChainBreak[];
  /** Guard triggers (migrations.ts GUARD_TRIGGERS) that are missing or no longer refuse anything. */
  missingTriggers: string[];
  heads: ChainHeads;
}

export function verifyChains(db: Database.Database): ChainReport {
  const events = walkEvents(db);
  const audit = walkAudit(db);
  const views = walkViews(db);
  const operatorEvents = walkOperatorEvents(db);
  const operators = checkOperators(db);
  const closures = walkClosures(db);
  const pins = walkPins(db);
  const breaks = [events.first, audit.first, views.first, operatorEvents.first, operators.first, closures.first ?? checkClosuresAgainstAudit(db), pins.first]
    .filter((b): b is ChainBreak => b !== null);
  const missingTriggers = missingGuards(db);
  return {
    intact: breaks.length === 0 && missingTriggers.length === 0,
    checked: {
      events: events.checked, audit: audit.checked, recharges: views.checked, operatorEvents: operatorEvents.checked,
      closures: closures.checked, pins: pins.checked,
    },
    breaks,
    missingTriggers,
    heads: readHeads(db, null, null),
  };
}

/**
 * The guard triggers (migrations.ts) the journal's schema should have and does not, or that no longer
 * refuse anything. Read at every open: a journal missing one is not written to (SqliteJournal.open).
 */
export function missingGuards(db: Database.Database): string[] {
  const version = (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'migrations'").get() === undefined ? 0
    : (db.prepare('SELECT coalesce(max(version), 0) AS v FROM migrations').get() as { v: number }).v);
  const triggers = new Map((db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").all() as
    { name: string; sql: string | null }[]).map((t) => [t.name, t.sql ?? '']));
  return guardTriggersAt(version).filter((t) => !/RAISE\s*\(\s*ABORT/i.test(triggers.get(t) ?? ''));
}

interface Walk { checked: number; first: ChainBreak | null }

const isHash = (h: unknown): h is Buffer => Buffer.isBuffer(h) && h.length === 32;
type Cell = string | number | null;

/*
 * Rows are read as arrays (`raw`), in the column order of each SELECT: over millions of rows an object per
 * row doubles the time.
 */
type EventRow = [chain: number | null, rid: number, seq: number, at: string, state: string, data: string, patch: string | null,
  hash: unknown, recharge: string | null, ...identity: Cell[]];

function walkEvents(db: Database.Database): Walk {
  const rows = db.prepare(`SELECT e.chain, e.rid, e.seq, e.at, e.state, e.data, e.patch, e.hash, r.id,
      ${IDENTITY_COLUMNS.map((c) => `r.${c}`).join(', ')}
    FROM recharge_events e LEFT JOIN recharges r ON r.rid = e.rid ORDER BY e.chain, e.rid, e.seq`).raw().iterate() as Iterable<EventRow>;
  let prev = GENESIS;
  let last = 0;
  let checked = 0;
  let first: ChainBreak | null = null;
  for (const row of rows) {
    checked += 1;
    if (first) continue; // the first break is reported; the rest is counted
    const [chain, rid, seq, at, state, data, patch, hash, recharge] = row;
    const key = { recharge: recharge ?? `rid ${rid}`, seq, chain };
    const brk = (reason: BreakReason, params: ChainBreak['params'] = {}): ChainBreak => ({ table: 'recharge_events', key, reason, params });
    if (chain === null || !isHash(hash)) {
      first = brk('unhashed');
      continue;
    }
    if (chain !== last + 1) first = chain > last + 1 ? brk('missing', { from: last + 1, to: chain - 1 }) : brk('changed');
    else {
      const identity = seq === 1 && recharge !== null
        ? Object.fromEntries(IDENTITY_COLUMNS.map((c, i) => [c, row[9 + i] ?? null])) as IdentityRow : null;
      if (!eventHash(prev, { chain, rid, seq, at, state, data, patch, identity }).equals(hash)) first = brk('changed');
    }
    prev = hash;
    last = chain;
  }
  return { checked, first };
}

type AuditRow = [seq: number, at: string, operatorId: string, role: string, action: string, target: string | null, detail: string, hash: unknown];

function walkAudit(db: Database.Database): Walk {
  const rows = db.prepare('SELECT seq, at, operatorId, role, action, target, detail, hash FROM audit ORDER BY seq').raw().iterate() as Iterable<AuditRow>;
  let prev = GENESIS;
  let last = 0;
  let checked = 0;
  let first: ChainBreak | null = null;
  for (const [seq, at, operatorId, role, action, target, detail, hash] of rows) {
    checked += 1;
    if (first) continue;
    const brk = (reason: BreakReason, params: ChainBreak['params'] = {}): ChainBreak => ({ table: 'audit', key: { seq }, reason, params });
    if (!isHash(hash)) first = brk('unhashed');
    else if (seq !== last + 1) first = brk('missing', { from: last + 1, to: seq - 1 });
    else if (!auditHash(prev, { seq, at, operatorId, role, action, target, detail }).equals(hash)) first = brk('changed');
    else {
      prev = hash;
      last = seq;
    }
  }
  return { checked, first };
}

const VIEW_COLUMNS = ['state', 'updatedAt', ...PATCH_COLUMNS] as const;
type ViewRow = [rid: number, id: string, ...view: Cell[]];
type ViewEvent = [rid: number, at: string, state: string, patch: string | null];

/**
 * Each recharge's state, updatedAt and patchable columns must be what its events, replayed in seq order,
 * set. Two cursors in rid order, merged: recharges and their events.
 */
function walkViews(db: Database.Database): Walk {
  const recharges = db.prepare(`SELECT rid, id, ${VIEW_COLUMNS.join(', ')} FROM recharges ORDER BY rid`).raw().iterate() as Iterator<ViewRow>;
  const events = db.prepare('SELECT rid, at, state, patch FROM recharge_events ORDER BY rid, seq').raw().iterate() as Iterator<ViewEvent>;
  let checked = 0;
  let first: ChainBreak | null = null;
  let event = events.next();
  for (let r = recharges.next(); !r.done; r = recharges.next()) {
    checked += 1;
    const [rid, id, ...stored] = r.value;
    while (!event.done && event.value[0] < rid) event = events.next(); // events of no recharge: the chain walk reports them
    const replay: Record<string, Cell> = {};
    let count = 0;
    for (; !event.done && event.value[0] === rid; event = events.next()) {
      const [, at, state, patch] = event.value;
      count += 1;
      replay.state = state;
      replay.updatedAt = at;
      for (const [c, v] of Object.entries(parsePatch(patch))) if ((PATCH_COLUMNS as readonly string[]).includes(c)) replay[c] = v;
    }
    if (first) continue;
    if (count === 0) first = { table: 'recharges', key: { recharge: id }, reason: 'no-events', params: {} };
    else {
      const differs = VIEW_COLUMNS.filter((c, i) => (replay[c] ?? null) !== (stored[i] ?? null));
      if (differs.length > 0) first = { table: 'recharges', key: { recharge: id }, reason: 'view', params: { columns: differs.join(', ') } };
    }
  }
  events.return?.();
  return { checked, first };
}

function parsePatch(text: string | null): Record<string, Cell> {
  if (text === null) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Cell>) : {};
  } catch {
    return {};
  }
}

const ROW_KEY: Record<ChainTable, string> = {
  recharge_events: 'JOURNAL_CHAIN_ROW_EVENT', audit: 'JOURNAL_CHAIN_ROW_AUDIT', recharges: 'JOURNAL_CHAIN_ROW_RECHARGE',
  operator_events: 'JOURNAL_CHAIN_ROW_OPERATOR_EVENT', operators: 'JOURNAL_CHAIN_ROW_OPERATOR', day_closures: 'JOURNAL_CHAIN_ROW_CLOSURE',
  card_pin_events: 'JOURNAL_CHAIN_ROW_PIN',
};
const WHAT_KEY: Record<BreakReason, string> = {
  unhashed: 'JOURNAL_CHAIN_UNHASHED', missing: 'JOURNAL_CHAIN_MISSING', changed: 'JOURNAL_CHAIN_CHANGED',
  view: 'JOURNAL_CHAIN_VIEW', 'no-events': 'JOURNAL_CHAIN_NO_EVENTS', gone: 'JOURNAL_CHAIN_GONE', unaudited: 'JOURNAL_CHAIN_UNAUDITED',
  'audit-only': 'JOURNAL_CHAIN_AUDIT_ONLY',
};

/** One line for a person: which row, and what no longer fits. */
export function describeBreak(b: ChainBreak, locale: Locale = 'zh'): string {
  const key = Object.fromEntries(Object.entries(b.key).map(([k, v]) => [k, v ?? '?']));
  const what = b.table === 'operators' && b.reason === 'view' ? 'JOURNAL_CHAIN_OPERATOR_VIEW' : WHAT_KEY[b.reason];
  return t('JOURNAL_VERIFY_BROKEN', { row: t(ROW_KEY[b.table], key, locale), what: t(what, b.params, locale) }, locale);
}
