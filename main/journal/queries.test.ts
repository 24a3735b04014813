import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BLOCKING_STATES, FINAL_STATES, RECHARGE_STATES, type RechargeState } from '../../contract/recharge';
import { MIGRATIONS } from './migrations';
import { BLOCKING_STATES_SQL, SQL, UNFINISHED_STATES_SQL } from './queries';
import { SqliteJournal } from './sqlite-journal';
import { manualClock, newRecharge, scratchDir, OPENED, note } from './test-support';
import type { NewRecharge } from './port';

let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal;
const clock = manualClock('2024-03-01T00:00:00Z');

beforeEach(() => {
  scratch = scratchDir();
  journal = SqliteJournal.open(scratch.file('journal.db'), { now: clock.now, timeZone: 'Asia/Shanghai' });
});
afterEach(() => {
  journal.close();
  scratch.remove();
});

const PATH: Record<RechargeState, RechargeState[]> = {
  READ: [],
  ORDERED: ['ORDERED'],
  PAID: ['ORDERED', 'PAID'],
  INIT: ['ORDERED', 'PAID', 'INIT'],
  AUTHORIZED: ['ORDERED', 'PAID', 'INIT', 'AUTHORIZED'],
  WRITTEN: ['ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN'],
  CONFIRMED: ['ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED'],
  VERIFIED: ['ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED'],
  UNLOADED: ['ORDERED', 'PAID', 'INIT', 'UNLOADED'],
  NEEDS_ADMIN: ['ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'NEEDS_ADMIN'],
  CANCELLED: ['ORDERED', 'CANCELLED'],
  REFUNDING: ['ORDERED', 'PAID', 'REFUNDING'],
  REFUNDED: ['ORDERED', 'PAID', 'REFUNDING', 'REFUNDED'],
};

/** A recharge created at `at` (UTC instant) and walked to `state`. */
function recharge(at: string, state: RechargeState, over: Partial<NewRecharge> = {}): string {
  clock.set(at);
  const { id } = journal.create(newRecharge(over), OPENED);
  for (const s of PATH[state]) journal.append(id, s, note());
  return id;
}

describe('pending work and blocking (docs/architecture.md §2 rules 3 and 5)', () => {
  it('lists every recharge that is not final, oldest first', () => {
    const ids = Object.fromEntries(
      RECHARGE_STATES.map((s, i) => [s, recharge(`2024-03-0${1 + (i % 9)}T0${i % 10}:00:00Z`, s)]),
    ) as Record<RechargeState, string>;
    const pending = journal.unfinished();
    expect(pending.map((r) => r.state).sort()).toEqual(RECHARGE_STATES.filter((s) => !FINAL_STATES.includes(s)).sort());
    expect(pending.map((r) => r.createdAt)).toEqual([...pending.map((r) => r.createdAt)].sort());
    expect(pending.map((r) => r.id)).not.toContain(ids.VERIFIED);
    expect(pending.map((r) => r.id)).toContain(ids.REFUNDING);
    expect(journal.needsAdmin().map((r) => r.id)).toEqual([ids.NEEDS_ADMIN]);
  });

  it('blocks a card only with its own recharges between PAID and WRITTEN', () => {
    const card = '62010000000000000777';
    const blocking = BLOCKING_STATES.map((s) => recharge('2024-03-02T01:00:00Z', s, { cardNo: card }));
    for (const s of ['READ', 'ORDERED', 'CONFIRMED', 'VERIFIED', 'UNLOADED', 'CANCELLED', 'REFUNDING', 'REFUNDED'] as const) recharge('2024-03-02T02:00:00Z', s, { cardNo: card });
    recharge('2024-03-02T03:00:00Z', 'PAID', { cardNo: '62010000000000000888' });
    expect(journal.blockingFor(card).map((r) => r.id).sort()).toEqual([...blocking].sort());
    expect(journal.blockingFor('62010000000000000999')).toEqual([]);
  });
});

describe('records by plate and colour', () => {
  it('finds a plate + colour over a window of local dates, both ends included', () => {
    const plate = { plate: '甘A88888', plateColor: 0 };
    const first = recharge('2024-02-29T16:30:00Z', 'VERIFIED', plate); // 2024-03-01 00:30 in Lanzhou
    const last = recharge('2024-03-30T15:59:00Z', 'CANCELLED', plate); // 2024-03-30 23:59
    recharge('2024-02-29T15:59:00Z', 'VERIFIED', plate); // 2024-02-29 23:59: before the window
    recharge('2024-03-30T16:00:00Z', 'VERIFIED', plate); // 2024-03-31 00:00: after it
    recharge('2024-03-10T02:00:00Z', 'VERIFIED', { plate: '甘A88888', plateColor: 1 }); // same plate, yellow
    recharge('2024-03-10T02:00:00Z', 'VERIFIED', { plate: '甘A88889', plateColor: 0 });
    const found = journal.query({ ...plate, from: '2024-03-01', to: '2024-03-30' });
    expect(found.map((r) => r.id)).toEqual([first, last]);
  });

  it('refuses a window over 30 days, a reversed one and a bad date', () => {
    const q = { plate: '甘A88888', plateColor: 0 };
    expect(journal.query({ ...q, from: '2024-03-01', to: '2024-03-31' })).toEqual([]);
    expect(() => journal.query({ ...q, from: '2024-03-01', to: '2024-04-01' })).toThrow(expect.objectContaining({ code: 'RECORDS_WINDOW_TOO_LONG' }));
    expect(() => journal.query({ ...q, from: '2024-03-31', to: '2024-03-01' })).toThrow(expect.objectContaining({ code: 'RECORDS_WINDOW_REVERSED' }));
    expect(() => journal.query({ ...q, from: '2024-3-1', to: '2024-03-05' })).toThrow(expect.objectContaining({ code: 'RECORDS_DATE_INVALID' }));
  });
});

describe('one day', () => {
  it('returns the recharges of a local date oldest first, and their events in the same order', () => {
    const a = recharge('2024-03-04T16:10:00Z', 'CANCELLED'); // 03-05 00:10 local
    const b = recharge('2024-03-05T09:00:00Z', 'PAID');
    recharge('2024-03-05T16:00:00Z', 'VERIFIED'); // 03-06 00:00 local
    recharge('2024-03-04T15:59:59Z', 'VERIFIED'); // 03-04 23:59:59 local
    expect(journal.day('2024-03-05').map((r) => r.id)).toEqual([a, b]);
    expect(journal.dayEvents('2024-03-05').map((e) => [e.rechargeId, e.seq, e.state])).toEqual([
      [a, 1, 'READ'], [a, 2, 'ORDERED'], [a, 3, 'CANCELLED'],
      [b, 1, 'READ'], [b, 2, 'ORDERED'], [b, 3, 'PAID'],
    ]);
    expect(journal.day('2024-03-07')).toEqual([]);
    expect(() => journal.day('2024-02-30')).toThrow(expect.objectContaining({ code: 'RECORDS_DATE_INVALID' }));
  });
});

describe('the queries use their indexes', () => {
  function plan(sql: string): string {
    journal.close();
    const raw = new Database(scratch.file('journal.db'), { readonly: true });
    try {
      return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    } finally {
      raw.close();
      journal = SqliteJournal.open(scratch.file('journal.db'));
    }
  }

  it.each([
    ['unfinished', SQL.unfinished, 'recharges_unfinished'],
    ['needsAdmin', SQL.needsAdmin, 'recharges_needs_admin'],
    ['blocking', SQL.blocking, 'recharges_blocking'],
    ['records', SQL.records, 'recharges_by_plate'],
    ['day', SQL.day, 'recharges_by_day'],
    ['dayEvents', SQL.dayEvents, 'recharges_by_day'],
    ['events', SQL.events, 'sqlite_autoindex_recharges_1'],
  ])('%s searches %s', (_name, sql, index) => {
    const detail = plan(sql);
    expect(detail).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
    // The only scan allowed is of the partial index that holds just the unfinished recharges.
    expect(detail.replace(/SCAN recharges USING INDEX recharges_(unfinished|needs_admin)/, '')).not.toContain('SCAN');
  });

  it('keeps the partial indexes’ state lists equal to the contract’s', () => {
    const list = (sql: string): string[] => [...sql.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? '');
    expect(list(UNFINISHED_STATES_SQL)).toEqual(RECHARGE_STATES.filter((s) => !FINAL_STATES.includes(s)));
    expect(list(BLOCKING_STATES_SQL)).toEqual([...BLOCKING_STATES]);
    const schema = MIGRATIONS.map((m) => m.sql).join('\n');
    expect(schema).toContain(`WHERE ${UNFINISHED_STATES_SQL}`);
    expect(schema).toContain(`WHERE ${BLOCKING_STATES_SQL}`);
  });
});
