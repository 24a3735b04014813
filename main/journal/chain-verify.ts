import type Database from 'better-sqlite3';
import { t, type Locale } from '../../contract/i18n';
import { auditHash, eventHash, GENESIS, IDENTITY_COLUMNS, readHeads, type ChainHeads, type IdentityRow } from './chain';
import { GUARD_TRIGGERS } from './migrations';
import { PATCH_COLUMNS } from './rows';

/**
 * `journal verify` (chain.ts): walks the events chain and the audit chain row by row, recomputing each
 * hash from the stored hash before it, and replays each recharge's event patches against its current
 * view. Reports the first row of each table that no longer fits, and every guard trigger that is gone.
 *
 * What it cannot see on its own: rows removed from the end, or a history rewritten with every hash
 * recomputed (the hash is unkeyed: whoever can write the file can compute it). The day's chain head on
 * the printed 日结单 and in the day export is the answer to both (docs/decisions.md, "Journal and paper").
 */
export type ChainTable = 'recharge_events' | 'audit' | 'recharges';

/**
 * - `unhashed`: the row has no (well-formed) hash or chain position: written around the program.
 * - `missing`: positions before this row are gone (rows deleted); `params.from`..`params.to`.
 * - `changed`: the row's hash does not fit its content and the hash before it: this row was edited, or
 *   the row before it was edited and re-hashed, or rows were reordered.
 * - `view`: a recharge's current view differs from what its events set; `params.columns`.
 * - `no-events`: a recharge without any event.
 */
export type BreakReason = 'unhashed' | 'missing' | 'changed' | 'view' | 'no-events';

export interface ChainBreak {
  table: ChainTable;
  /** How to find the row: events {recharge, seq, chain}, audit {seq}, recharges {recharge}. */
  key: Record<string, string | number | null>;
  reason: BreakReason;
  params: Record<string, string | number>;
}

export interface ChainReport {
  intact: boolean;
  checked: { events: number; audit: number; recharges: number };
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
  const breaks = [events.first, audit.first, views.first].filter((b): b is ChainBreak => b !== null);
  const triggers = new Map((db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").all() as
    { name: string; sql: string | null }[]).map((t) => [t.name, t.sql ?? '']));
  const missingTriggers = GUARD_TRIGGERS.filter((t) => !/RAISE\s*\(\s*ABORT/i.test(triggers.get(t) ?? ''));
  return {
    intact: breaks.length === 0 && missingTriggers.length === 0,
    checked: { events: events.checked, audit: audit.checked, recharges: views.checked },
    breaks,
    missingTriggers,
    heads: readHeads(db, null, null),
  };
}

interface Walk { checked: number; first: ChainBreak | null }

const isHash = (h: unknown): h is Buffer => Buffer.isBuffer(h) && h.length === 32;

interface EventRow extends IdentityRow {
  chain: number | null; rid: number; seq: number; at: string; state: string; data: string; patch: string | null;
  hash: unknown; recharge: string | null;
}

function walkEvents(db: Database.Database): Walk {
  const identity = IDENTITY_COLUMNS.map((c) => `r.${c} AS ${c}`).join(', ');
  const rows = db.prepare(`SELECT e.chain AS chain, e.rid AS rid, e.seq AS seq, e.at AS at, e.state AS state, e.data AS data,
      e.patch AS patch, e.hash AS hash, r.id AS recharge, ${identity}
    FROM recharge_events e LEFT JOIN recharges r ON r.rid = e.rid ORDER BY e.chain, e.rid, e.seq`).iterate() as Iterable<EventRow>;
  let prev = GENESIS;
  let last = 0;
  let checked = 0;
  let first: ChainBreak | null = null;
  for (const e of rows) {
    checked += 1;
    if (first) continue; // the first break is reported; the rest is counted
    const key = { recharge: e.recharge ?? `rid ${e.rid}`, seq: e.seq, chain: e.chain };
    const at = (reason: BreakReason, params: ChainBreak['params'] = {}): ChainBreak => ({ table: 'recharge_events', key, reason, params });
    if (e.chain === null || !isHash(e.hash)) {
      first = at('unhashed');
      continue;
    }
    if (e.chain !== last + 1) first = e.chain > last + 1 ? at('missing', { from: last + 1, to: e.chain - 1 }) : at('changed');
    else {
      const content = { ...e, chain: e.chain, identity: e.seq === 1 && e.recharge !== null ? e : null };
      if (!eventHash(prev, content).equals(e.hash)) first = at('changed');
    }
    prev = e.hash;
    last = e.chain;
  }
  return { checked, first };
}

interface AuditRow { seq: number; at: string; operatorId: string; role: string; action: string; target: string | null; detail: string; hash: unknown }

function walkAudit(db: Database.Database): Walk {
  const rows = db.prepare('SELECT seq, at, operatorId, role, action, target, detail, hash FROM audit ORDER BY seq').iterate() as Iterable<AuditRow>;
  let prev = GENESIS;
  let last = 0;
  let checked = 0;
  let first: ChainBreak | null = null;
  for (const a of rows) {
    checked += 1;
    if (first) continue;
    const at = (reason: BreakReason, params: ChainBreak['params'] = {}): ChainBreak => ({ table: 'audit', key: { seq: a.seq }, reason, params });
    if (!isHash(a.hash)) first = at('unhashed');
    else if (a.seq !== last + 1) first = at('missing', { from: last + 1, to: a.seq - 1 });
    else if (!auditHash(prev, a).equals(a.hash)) first = at('changed');
    else {
      prev = a.hash;
      last = a.seq;
    }
  }
  return { checked, first };
}

type ViewValue = string | number | null;
interface ViewRow {
  rid: number; id: string; state: string; updatedAt: string; eSeq: number | null; eAt: string | null; eState: string | null;
  ePatch: string | null; [column: string]: ViewValue;
}

/** Each recharge's state, updatedAt and patchable columns must be what its events, replayed, set. */
function walkViews(db: Database.Database): Walk {
  const rows = db.prepare(`SELECT r.*, e.seq AS eSeq, e.at AS eAt, e.state AS eState, e.patch AS ePatch
    FROM recharges r LEFT JOIN recharge_events e ON e.rid = r.rid ORDER BY r.rid, e.seq`).iterate() as Iterable<ViewRow>;
  let checked = 0;
  let first: ChainBreak | null = null;
  let current: ViewRow | null = null;
  let replay: Record<string, ViewValue> = {};
  const settle = (): void => {
    if (!current || first) return;
    const key = { recharge: current.id };
    if (current.eSeq === null) {
      first = { table: 'recharges', key, reason: 'no-events', params: {} };
      return;
    }
    const differs = ['state', 'updatedAt', ...PATCH_COLUMNS].filter((c) => (replay[c] ?? null) !== (current?.[c] ?? null));
    if (differs.length > 0) first = { table: 'recharges', key, reason: 'view', params: { columns: differs.join(', ') } };
  };
  for (const row of rows) {
    if (current?.rid !== row.rid) {
      settle();
      checked += 1;
      replay = {};
    }
    current = row;
    if (row.eSeq === null) continue;
    replay.state = row.eState;
    replay.updatedAt = row.eAt;
    for (const [c, v] of Object.entries(parsePatch(row.ePatch))) if ((PATCH_COLUMNS as readonly string[]).includes(c)) replay[c] = v;
  }
  settle();
  return { checked, first };
}

function parsePatch(text: string | null): Record<string, ViewValue> {
  if (text === null) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, ViewValue>) : {};
  } catch {
    return {};
  }
}

const ROW_KEY: Record<ChainTable, string> = {
  recharge_events: 'JOURNAL_CHAIN_ROW_EVENT', audit: 'JOURNAL_CHAIN_ROW_AUDIT', recharges: 'JOURNAL_CHAIN_ROW_RECHARGE',
};
const WHAT_KEY: Record<BreakReason, string> = {
  unhashed: 'JOURNAL_CHAIN_UNHASHED', missing: 'JOURNAL_CHAIN_MISSING', changed: 'JOURNAL_CHAIN_CHANGED',
  view: 'JOURNAL_CHAIN_VIEW', 'no-events': 'JOURNAL_CHAIN_NO_EVENTS',
};

/** One line for a person: which row, and what no longer fits. */
export function describeBreak(b: ChainBreak, locale: Locale = 'zh'): string {
  const key = Object.fromEntries(Object.entries(b.key).map(([k, v]) => [k, v ?? '?']));
  return t('JOURNAL_VERIFY_BROKEN', { row: t(ROW_KEY[b.table], key, locale), what: t(WHAT_KEY[b.reason], b.params, locale) }, locale);
}
