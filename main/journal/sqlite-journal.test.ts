import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { isAppError } from '../../contract/errors';
import { SqliteJournal } from './sqlite-journal';
import { manualClock, newRecharge, scratchDir, OPENED, note, ordered } from './test-support';

let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal;
const clock = manualClock('2024-05-06T02:00:00Z');

beforeEach(() => {
  scratch = scratchDir();
  clock.set('2024-05-06T02:00:00Z');
  journal = SqliteJournal.open(scratch.file('journal.db'), { now: clock.now, timeZone: 'Asia/Shanghai' });
});
afterEach(() => {
  journal.close();
  scratch.remove();
});

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('SqliteJournal writes', () => {
  it('creates a recharge in READ with its first event', () => {
    const r = newRecharge();
    const rec = journal.create(r, OPENED);
    expect(rec).toMatchObject({ ...r, state: 'READ', createdAt: '2024-05-06T02:00:00.000Z', updatedAt: '2024-05-06T02:00:00.000Z' });
    expect(rec.orderId).toBeNull();
    expect(journal.get(r.id)).toEqual(rec);
    expect(journal.events(r.id)).toEqual([
      { rechargeId: r.id, seq: 1, at: '2024-05-06T02:00:00.000Z', state: 'READ', data: OPENED },
    ]);
  });

  it('appends events in order and applies each patch to the current view', () => {
    const { id } = journal.create(newRecharge(), OPENED);
    clock.set('2024-05-06T02:00:05Z');
    journal.append(id, 'ORDERED', ordered('H1'), { orderId: 'H1', qrPayload: 'weixin://wxpay/x', orderExpiresAt: '2024-05-06T02:15:05Z' });
    clock.set('2024-05-06T02:00:40Z');
    const paid = journal.append(id, 'PAID', note('SUCCESS'), { tradeNo: '4200001', qrPayload: null });
    expect(paid).toMatchObject({ state: 'PAID', orderId: 'H1', tradeNo: '4200001', qrPayload: null, updatedAt: '2024-05-06T02:00:40.000Z' });
    expect(paid.createdAt).toBe('2024-05-06T02:00:00.000Z');
    expect(journal.events(id).map((e) => [e.seq, e.state, e.data])).toEqual([
      [1, 'READ', OPENED],
      [2, 'ORDERED', ordered('H1')],
      [3, 'PAID', note('SUCCESS')],
    ]);
  });

  it('keeps a field the patch leaves out, and ignores keys that are not patchable', () => {
    const { id } = journal.create(newRecharge(), OPENED);
    journal.append(id, 'ORDERED', note(), { orderId: 'H2' });
    const patch = { error: 'HOST_TIMEOUT', amountFen: 1 } as Record<string, unknown>;
    const rec = journal.append(id, 'ORDERED', note(), patch);
    expect(rec).toMatchObject({ orderId: 'H2', error: 'HOST_TIMEOUT', amountFen: 10_000 });
  });

  it('refuses an invalid transition and writes nothing', () => {
    const { id } = journal.create(newRecharge(), OPENED);
    const before = journal.get(id);
    clock.set('2024-05-06T03:00:00Z');
    expect(codeOf(() => journal.append(id, 'AUTHORIZED', note(), { tac: 'X' }))).toBe('JOURNAL_BAD_TRANSITION');
    expect(journal.get(id)).toEqual(before);
    expect(journal.events(id)).toHaveLength(1);
  });

  it('refuses an unknown recharge and a second create of the same id', () => {
    expect(codeOf(() => journal.append('nope', 'ORDERED', note()))).toBe('JOURNAL_NOT_FOUND');
    const r = newRecharge();
    journal.create(r, OPENED);
    expect(codeOf(() => journal.create({ ...r, amountFen: 1 }, OPENED))).toBe('JOURNAL_DUPLICATE');
    expect(journal.get(r.id)?.amountFen).toBe(10_000);
  });

  it('refuses a recharge of the other mode: training never mixes with real', () => {
    expect(codeOf(() => journal.create(newRecharge({ training: true }), OPENED))).toBe('JOURNAL_MODE_MISMATCH');
    expect(journal.day('2024-05-06')).toEqual([]);
  });

  it('refuses money that is not a positive integer of fen', () => {
    expect(codeOf(() => journal.create(newRecharge({ amountFen: 10.5 }), OPENED))).toBe('INVALID_INPUT');
    expect(codeOf(() => journal.create(newRecharge({ amountFen: 0 }), OPENED))).toBe('INVALID_INPUT');
    const { id } = journal.create(newRecharge(), OPENED);
    journal.append(id, 'ORDERED', note());
    expect(codeOf(() => journal.append(id, 'ORDERED', note(), { balanceAfterFen: 1.25 }))).toBe('INVALID_INPUT');
    expect(journal.events(id)).toHaveLength(2);
  });

  it('runs durable: WAL and synchronous=FULL, read back from SQLite', () => {
    expect(journal.durability()).toMatchObject({ journalMode: 'wal', synchronous: 2 });
  });
});

describe('SqliteJournal backup', () => {
  it('writes a copy that opens as a journal with the same recharges and events', async () => {
    const { id } = journal.create(newRecharge(), OPENED);
    journal.append(id, 'ORDERED', ordered('H9'), { orderId: 'H9' });
    const copyPath = scratch.file('backup.db');
    await journal.backup(copyPath);
    const copy = SqliteJournal.open(copyPath, { integrityCheck: 'full' });
    try {
      expect(copy.get(id)).toEqual(journal.get(id));
      expect(copy.events(id)).toEqual(journal.events(id));
    } finally {
      copy.close();
    }
  });

  it('refuses to back up onto the live journal', async () => {
    await expect(journal.backup(journal.path)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('the journal file itself', () => {
  it('refuses UPDATE and DELETE of events, and deleting or re-identifying a recharge', () => {
    const { id } = journal.create(newRecharge(), OPENED);
    journal.append(id, 'ORDERED', note());
    journal.close();
    const raw = new Database(scratch.file('journal.db'));
    try {
      expect(() => raw.exec("UPDATE recharge_events SET state = 'VERIFIED'")).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM recharge_events')).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM recharges')).toThrow(/never deleted/);
      expect(() => raw.exec('UPDATE recharges SET amountFen = 1')).toThrow(/identity/);
      expect(() => raw.exec("UPDATE recharges SET cardNo = '6201'")).toThrow(/identity/);
      expect(raw.prepare('SELECT count(*) AS n FROM recharge_events').get()).toEqual({ n: 2 });
      expect(() => raw.exec("INSERT INTO recharge_events (rid, seq, at, state, data) VALUES (1, 3, 'x', 'PAID', '{}')")).toThrow(
        /needs its place in the hash chain/,
      );
      expect(() => raw.exec("INSERT INTO recharge_events (rid, seq, at, state, data, chain, hash) VALUES (1, 3, 'x', 'PAID', 'not json', 3, zeroblob(32))"))
        .toThrow(/CHECK/);
    } finally {
      raw.close();
    }
    journal = SqliteJournal.open(scratch.file('journal.db'));
    expect(journal.events(id)).toHaveLength(2);
  });
});
