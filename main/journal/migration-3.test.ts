import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { SqliteJournal } from './sqlite-journal';
import { insertLegacyRecharge, legacyJournal, newRecharge, scratchDir } from './test-support';

let scratch: ReturnType<typeof scratchDir>;
beforeEach(() => { scratch = scratchDir(); });
afterEach(() => scratch.remove());

describe('migration 3 (refund states, POS channel)', () => {
  it('keeps every recharge, its events and its guards, and widens the state and channel checks', () => {
    const path = scratch.file('journal.sqlite');
    const r = newRecharge();
    legacyJournal(path, 2, (db) => {
      insertLegacyRecharge(db, r, '2025-01-02T03:04:05.000Z', [['READ', {}], ['ORDERED', { orderId: 'O1' }, { orderId: 'O1' }]]);
    });

    const after = SqliteJournal.open(path);
    expect(after.get(r.id)).toMatchObject({ id: r.id, state: 'ORDERED', orderId: 'O1', amountFen: 10_000 });
    expect(after.events(r.id).map((e) => e.state)).toEqual(['READ', 'ORDERED']);
    after.close();

    const db = new Database(path);
    try {
      const versions = db.prepare('SELECT version FROM migrations ORDER BY version').all();
      expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
      expect(() => db.prepare('DELETE FROM recharges').run()).toThrow(/never deleted/);
      expect(() => db.prepare("UPDATE recharges SET amountFen = 1").run()).toThrow(/identity never changes/);
      db.prepare("UPDATE recharges SET state = 'REFUNDING'").run();
      db.prepare("UPDATE recharges SET state = 'REFUNDED'").run();
      expect(() => db.prepare("UPDATE recharges SET state = 'NONSENSE'").run()).toThrow(/CHECK/);
      const cols = 'id, createdAt, localDate, updatedAt, state, training, terminalId, operatorId, cardNo, plate, plateColor, amountFen, channel, balanceBeforeFen';
      const insert = (id: string, channel: string) => db.prepare(`INSERT INTO recharges (${cols}) VALUES (?, 'x', 'x', 'x', 'READ', 0, 't', 'o', 'c', 'p', 0, 1, ?, 0)`).run(id, channel);
      insert('pos-1', 'pos');
      expect(() => insert('cash-1', 'cash')).toThrow(/CHECK/);
      const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'recharges' AND sql IS NOT NULL ORDER BY name").all();
      expect(indexes).toEqual([{ name: 'recharges_blocking' }, { name: 'recharges_by_day' }, { name: 'recharges_by_plate' }, { name: 'recharges_needs_admin' }, { name: 'recharges_unfinished' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
