import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../auth/audit';
import { eventHash, GENESIS, groupHex } from './chain';
import { SqliteJournal } from './sqlite-journal';
import { insertLegacyRecharge, legacyJournal, manualClock, newRecharge, scratchDir, OPENED, note, ordered } from './test-support';

let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal | null = null;
const clock = manualClock('2024-05-06T02:00:00Z');
const SUP = { operatorId: 'S01', role: 'supervisor' };

beforeEach(() => {
  scratch = scratchDir();
  clock.set('2024-05-06T02:00:00Z');
});
afterEach(() => {
  journal?.close();
  journal = null;
  scratch.remove();
});

function open(): SqliteJournal {
  journal = SqliteJournal.open(scratch.file('journal.db'), { now: clock.now, timeZone: 'Asia/Shanghai' });
  return journal;
}

interface StoredEvent { chain: number; rid: number; seq: number; at: string; state: string; data: string; patch: string | null; hash: Buffer }
function storedEvents(path: string): StoredEvent[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT chain, rid, seq, at, state, data, patch, hash FROM recharge_events ORDER BY chain').all() as StoredEvent[];
  } finally {
    db.close();
  }
}

describe('the events chain', () => {
  it('gives every event the next position and a hash over the one before, in the order written', () => {
    const j = open();
    const a = j.create(newRecharge(), OPENED);
    const b = j.create(newRecharge(), OPENED);
    j.append(a.id, 'ORDERED', ordered('H1'), { orderId: 'H1' });
    j.append(b.id, 'ORDERED', note());
    const rows = storedEvents(j.path);
    expect(rows.map((r) => [r.chain, r.seq, r.state])).toEqual([[1, 1, 'READ'], [2, 1, 'READ'], [3, 2, 'ORDERED'], [4, 2, 'ORDERED']]);
    expect(rows.map((r) => r.patch)).toEqual([null, null, '{"orderId":"H1"}', null]);
    // The hash links to the stored hash before it: recomputed here from the columns as stored.
    const third = rows[2] as StoredEvent;
    expect(eventHash(rows[1]?.hash ?? GENESIS, { ...third, identity: null }).equals(third.hash)).toBe(true);
    expect(eventHash(GENESIS, { ...third, identity: null }).equals(third.hash)).toBe(false);
    expect(j.verifyChains()).toMatchObject({ intact: true, breaks: [], missingTriggers: [], checked: { events: 4, audit: 0, recharges: 2 } });
  });

  it('hashes the recharge identity into its first event: a changed amount does not fit', () => {
    const j = open();
    const { id } = j.create(newRecharge({ amountFen: 5_000 }), OPENED);
    j.close();
    const db = new Database(scratch.file('journal.db'));
    db.exec('DROP TRIGGER recharges_identity_fixed; UPDATE recharges SET amountFen = 50000');
    db.close();
    const report = open().verifyChains();
    expect(report.intact).toBe(false);
    expect(report.breaks).toEqual([{ table: 'recharge_events', key: { recharge: id, seq: 1, chain: 1 }, reason: 'changed', params: {} }]);
    expect(report.missingTriggers).toEqual(['recharges_identity_fixed']);
  });

  it("checks each recharge's current view against its events' patches", () => {
    const j = open();
    const { id } = j.create(newRecharge(), OPENED);
    j.append(id, 'ORDERED', note(), { orderId: 'H7' });
    j.close();
    const db = new Database(scratch.file('journal.db'));
    db.exec("UPDATE recharges SET tac = 'DEADBEEF', state = 'CANCELLED'");
    db.close();
    expect(open().verifyChains().breaks).toEqual([
      { table: 'recharges', key: { recharge: id }, reason: 'view', params: { columns: 'state, tac' } },
    ]);
  });
});

describe('the audit chain', () => {
  it('hashes every audit row in seq order, alone or inside a caller\'s transaction', () => {
    const j = open();
    const db = new Database(j.path);
    const log = new AuditLog(db, clock.now);
    log.append(SUP, { action: 'sign-in', target: 'S01' });
    db.transaction(() => log.append(SUP, { action: 'reprint', target: 'r-1', detail: { copies: 1 } }))();
    expect(() => db.transaction(() => {
      log.append(SUP, { action: 'day-close' });
      throw new Error('rolled back');
    })()).toThrow('rolled back');
    log.append(SUP, { action: 'sign-out', target: 'S01' });
    const rows = db.prepare('SELECT seq, length(hash) AS len FROM audit ORDER BY seq').all();
    db.close();
    expect(rows).toEqual([{ seq: 1, len: 32 }, { seq: 2, len: 32 }, { seq: 3, len: 32 }]);
    expect(j.verifyChains()).toMatchObject({ intact: true, checked: { audit: 3 } });
  });
});

describe('chain heads', () => {
  it("gives a day's head as of that local day's end, unchanged by later rows, and the whole chain's", () => {
    const j = open();
    const db = new Database(j.path);
    const log = new AuditLog(db, clock.now);
    clock.set('2024-05-06T15:59:59Z'); // 23:59:59 in Shanghai, 6 May
    const { id } = j.create(newRecharge(), OPENED);
    log.append(SUP, { action: 'day-close', target: '2024-05-06' });
    const may6 = j.chainHead('2024-05-06');
    expect(may6).toMatchObject({ through: '2024-05-06', events: { last: 1 }, audit: { last: 1 } });
    expect(may6.digest).toMatch(/^[0-9a-f]{64}$/);
    clock.set('2024-05-06T16:00:00Z'); // 00:00 on 7 May
    j.append(id, 'ORDERED', note());
    log.append(SUP, { action: 'sign-in', target: 'S01' });
    db.close();
    expect(j.chainHead('2024-05-06')).toEqual(may6);
    const now = j.chainHead();
    expect(now).toMatchObject({ through: null, events: { last: 2 }, audit: { last: 2 } });
    expect(now.digest).not.toBe(may6.digest);
    expect(j.chainHead('2024-05-07')).toEqual({ ...now, through: '2024-05-07' });
    expect(j.chainHead('2024-05-05')).toMatchObject({ events: { last: 0, hash: '0'.repeat(64) }, audit: { last: 0 } });
    expect(() => j.chainHead('2024-02-30')).toThrow(/日期格式不正确/);
    expect(groupHex(now.digest)).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  });
});

describe('migration 4 on a journal written before the chain', () => {
  it('hashes the existing events in time order and the audit in seq order; the chain then goes on', () => {
    const path = scratch.file('journal.db');
    const first = newRecharge();
    const second = newRecharge();
    legacyJournal(path, 3, (db) => {
      insertLegacyRecharge(db, first, '2024-05-06T01:00:00.000Z', [
        ['READ', {}], ['ORDERED', { orderId: 'H1' }, { orderId: 'H1', qrPayload: 'weixin://x' }], ['CANCELLED', {}, { qrPayload: null }],
      ]);
      // Created later, but its first event is older than the first recharge's last one.
      insertLegacyRecharge(db, second, '2024-05-06T01:00:01.500Z', [['READ', {}], ['ORDERED', {}, { orderId: 'H2' }]]);
      db.prepare("INSERT INTO audit (at, operatorId, role, action, target, detail) VALUES ('2024-05-06T00:00:00.000Z', 'S01', 'supervisor', 'sign-in', 'S01', '{}')").run();
    });
    const j = open();
    expect(storedEvents(path).map((e) => [e.chain, e.rid, e.seq])).toEqual([[1, 1, 1], [2, 1, 2], [3, 2, 1], [4, 1, 3], [5, 2, 2]]);
    // The last event of each recharge carries its view's patchable columns as they stood.
    expect(storedEvents(path).map((e) => e.patch)).toEqual([null, null, null, '{"orderId":"H1"}', '{"orderId":"H2"}']);
    expect(j.verifyChains()).toMatchObject({ intact: true, checked: { events: 5, audit: 1, recharges: 2 } });
    j.append(second.id, 'PAID', note(), { tradeNo: 'T2' });
    expect(storedEvents(path).at(-1)).toMatchObject({ chain: 6, seq: 3, patch: '{"tradeNo":"T2"}' });
    expect(j.verifyChains()).toMatchObject({ intact: true, checked: { events: 6 } });
    expect(j.get(first.id)).toMatchObject({ state: 'CANCELLED', orderId: 'H1', qrPayload: null });
  });
});
