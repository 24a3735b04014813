import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import type { HostWitness, JournalWitness } from '../../contract/host-api';
import { witnessText } from '../../contract/witness';
import { AuditLog } from '../auth/audit';
import { openCounterBook } from './counter-book';
import { guardTriggersAt, MIGRATIONS } from './migrations';
import { SqliteJournal } from './sqlite-journal';
import { legacyJournal, manualClock, newRecharge, scratchDir, OPENED, ordered } from './test-support';

/**
 * Journal migration 7 (docs/security.md, "What the journal proves"): day closures and PIN outcomes in hash
 * chains, every guard checked at open (a journal missing one is never written to), the digest at printed
 * positions, and the file held against the heads a host witnessed. Tampering is done as an insider with
 * the file would: a connection of its own, guard triggers dropped first.
 */
let scratch: ReturnType<typeof scratchDir>;
let path: string;
const clock = manualClock('2024-05-06T02:00:00Z');
const TZ = 'Asia/Shanghai';
const SUP = { operatorId: 'S01', role: 'supervisor' };

beforeEach(() => {
  scratch = scratchDir();
  path = scratch.file('journal.sqlite');
  clock.set('2024-05-06T02:00:00Z');
});
afterEach(() => scratch.remove());

const tick = (): void => clock.set(new Date(clock.now().getTime() + 60_000).toISOString());

/** A day of work: three recharges, audit rows, two closes and a reopen (each audited), three PIN outcomes. */
function dayOfWork(): void {
  const j = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
  const db = new Database(path);
  const audit = new AuditLog(db, clock.now);
  const book = openCounterBook(path, clock.now);
  try {
    for (let i = 0; i < 3; i++) {
      const { id } = j.create(newRecharge({ plate: `甘A1000${i}` }), OPENED);
      tick();
      j.append(id, 'ORDERED', ordered(`H${i}`), { orderId: `H${i}` });
      audit.append(SUP, { action: 'reprint', target: id });
      tick();
    }
    for (const [date, action] of [['2024-05-04', 'close'], ['2024-05-05', 'close'], ['2024-05-05', 'reopen']] as const) {
      if (action === 'close') book.days.close(date, 'S01');
      else book.days.reopen(date, 'S01', '补录');
      audit.append(SUP, { action: action === 'close' ? 'day-close' : 'day-reopen', target: date });
      tick();
    }
    book.pins.record('62010000000000000001', 'wrong', { triesLeft: 2, entered: 'default' });
    book.pins.record('62010000000000000002', 'wrong', { triesLeft: 1, entered: 'operator' });
    book.pins.record('62010000000000000001', 'verified', { entered: 'operator' });
  } finally {
    book.close();
    db.close();
    j.close();
  }
}

function raw(sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

function report() {
  const j = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
  try {
    return j.verifyChains();
  } finally {
    j.close();
  }
}

describe('journal migration 7: closures and PIN outcomes chained, an id for the witness', () => {
  it('chains the closures and PIN outcomes a version-6 journal already had, and verify finds them intact', () => {
    legacyJournal(path, 6, (db) => {
      db.prepare("INSERT INTO day_closures (date, action, at, operatorId, note, detail) VALUES ('2024-05-01', 'close', '2024-05-01T10:00:00Z', 'S01', NULL, '{}')").run();
      db.prepare("INSERT INTO day_closures (date, action, at, operatorId, note, detail) VALUES ('2024-05-01', 'reopen', '2024-05-01T11:00:00Z', 'S01', '补', '{}')").run();
      db.prepare("INSERT INTO card_pin_events (cardNo, at, outcome, triesLeft, entered, rechargeId) VALUES ('62010000000000000001', '2024-05-01T10:00:00Z', 'wrong', 2, 'default', NULL)").run();
      db.prepare("INSERT INTO operators (id, name, role, passwordHash, createdAt) VALUES ('S01', '王主管', 'supervisor', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=', '2024-05-01T09:00:00Z')").run();
    });
    const rep = report();
    expect(rep).toMatchObject({ intact: true, breaks: [], missingTriggers: [] });
    expect(rep.checked).toMatchObject({ closures: 2, pins: 1, operatorEvents: 1 });
    const db = new Database(path, { readonly: true });
    try {
      expect((db.prepare("SELECT value FROM meta WHERE key = 'journalId'").get() as { value: string }).value).toMatch(/^[0-9a-f]{32}$/);
      expect(db.prepare('SELECT operatorId, reason, role, auditSeq FROM operator_events').all()).toEqual([
        { operatorId: 'S01', reason: 'baseline', role: 'supervisor', auditSeq: null },
      ]);
      expect((db.prepare('SELECT count(*) AS n FROM day_closures WHERE length(hash) = 32').get() as { n: number }).n).toBe(2);
    } finally {
      db.close();
    }
    // An insert around the program, without its hash, is refused by the database.
    expect(() => raw("INSERT INTO day_closures (date, action, at, operatorId, detail) VALUES ('2024-05-02', 'close', 'x', 'S01', '{}')"))
      .toThrow(/needs its hash/);
  });

  it('keeps every new closure and PIN outcome in its chain; verify reports all three extra chains intact', () => {
    dayOfWork();
    expect(report()).toMatchObject({ intact: true, checked: { events: 6, audit: 6, recharges: 3, closures: 3, pins: 3 } });
  });
});

describe('a deleted or edited closure or PIN outcome is caught', () => {
  beforeEach(() => dayOfWork());

  it('a closure deleted in the middle: the next one names the gap', () => {
    raw('DROP TRIGGER day_closures_no_delete; DELETE FROM day_closures WHERE seq = 1');
    const rep = report();
    expect(rep.intact).toBe(false);
    expect(rep.breaks).toContainEqual({ table: 'day_closures', key: { seq: 2, date: '2024-05-05' }, reason: 'missing', params: { from: 1, to: 1 } });
    expect(rep.missingTriggers).toEqual(['day_closures_no_delete']);
  });

  it('the last closure deleted (the day "reopened" by deleting its close): the audit log still has it', () => {
    // Guards put back afterwards, as a careful insider would: the chain that is left fits.
    raw(`DROP TRIGGER day_closures_no_delete; DELETE FROM day_closures WHERE seq = 3;
      CREATE TRIGGER day_closures_no_delete BEFORE DELETE ON day_closures BEGIN SELECT RAISE(ABORT, 'journal: day closures are append-only'); END;`);
    const rep = report();
    expect(rep.missingTriggers).toEqual([]);
    expect(rep.breaks).toEqual([{ table: 'day_closures', key: { seq: '?', date: '2024-05-05' }, reason: 'audit-only', params: { date: '2024-05-05', audited: 1, kept: 0 } }]);
  });

  it('a closure whose note was edited, and a PIN outcome deleted', () => {
    raw("DROP TRIGGER day_closures_no_update; UPDATE day_closures SET note = '无' WHERE seq = 3");
    raw('DROP TRIGGER card_pin_events_no_delete; DELETE FROM card_pin_events WHERE seq = 2');
    const rep = report();
    expect(rep.breaks).toEqual([
      { table: 'day_closures', key: { seq: 3, date: '2024-05-05' }, reason: 'changed', params: {} },
      { table: 'card_pin_events', key: { seq: 3 }, reason: 'missing', params: { from: 2, to: 2 } },
    ]);
  });
});

describe('guards: checked at every open, beside quick_check', () => {
  it('lists every trigger of each migration, the new tables\' included', () => {
    expect(guardTriggersAt(7)).toEqual(expect.arrayContaining([
      'day_closures_no_update', 'day_closures_no_delete', 'day_closures_chained', 'card_pin_events_no_update',
      'card_pin_events_no_delete', 'card_pin_events_chained', 'operator_events_no_update', 'operator_events_no_delete',
    ]));
    expect(guardTriggersAt(5)).not.toContain('day_closures_no_delete');
    expect(Math.max(...MIGRATIONS.map((m) => m.version))).toBe(7);
  });

  it.each(['day_closures_no_delete', 'card_pin_events_no_update', 'operator_events_no_delete', 'audit_chained', 'recharges_no_delete'])(
    'a journal whose %s was dropped: verified rejects with words for a person, and nothing is written', async (trigger) => {
      dayOfWork();
      raw(`DROP TRIGGER ${trigger}`);
      const j = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
      try {
        const refusal = await j.verified.then(() => null, (e: unknown) => e);
        expect(isAppError(refusal, 'JOURNAL_GUARDS_MISSING')).toBe(true);
        expect((refusal as Error).message).toContain('联系管理员');
        expect((refusal as Error).message).not.toContain(trigger); // no internal names in the operator's message
        await j.integrity; // the file itself is sound
        const before = j.chainHead();
        expect(() => j.create(newRecharge(), OPENED)).toThrow(expect.objectContaining({ code: 'JOURNAL_GUARDS_MISSING' }));
        expect(j.chainHead()).toEqual(before);
        expect(j.verifyChains().missingTriggers).toEqual([trigger]);
      } finally {
        j.close();
      }
    },
  );
});

describe('the digest at printed positions (journal verify --at)', () => {
  it('is the one the day report printed, whatever is written after — sign-outs and verify sign-ins included', () => {
    dayOfWork();
    const j = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
    const db = new Database(path);
    const audit = new AuditLog(db, clock.now);
    try {
      const printed = j.chainHead('2024-05-06'); // what the 日结单 carries
      audit.append(SUP, { action: 'sign-out', target: 'S01' }); // after printing, the same day
      audit.append(SUP, { action: 'sign-in', target: 'S01', detail: { via: 'cli', command: 'journal verify' } });
      j.create(newRecharge(), OPENED);
      expect(j.chainHead('2024-05-06').digest).not.toBe(printed.digest); // the "through day D" digest moved
      const at = j.digestAt(printed.events.last, printed.audit.last);
      expect(at).toEqual({ ok: true, events: printed.events, audit: printed.audit, digest: printed.digest });
      expect(j.digestAt(printed.events.last, printed.audit.last)).toEqual(at); // again: byte for byte
      expect(j.digestAt(99, 2)).toEqual({ ok: false, asked: { events: 99, audit: 2 }, missing: ['events'], fileLast: { events: 7, audit: 8 } });
    } finally {
      db.close();
      j.close();
    }
  });
});

describe('the file against the heads a host witnessed', () => {
  const host = (w: JournalWitness | null): HostWitness => ({ terminalId: '000001000050', witness: w, receivedAt: '2024-05-06T08:00:00.000Z' });

  it('agrees while the file holds what was witnessed; names the positions cut off; sees a rewrite and another journal', () => {
    dayOfWork();
    let j = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
    const seen = j.witness();
    expect(seen).toMatchObject({ journalId: expect.stringMatching(/^[0-9a-f]{32}$/), events: { last: 6 }, audit: { last: 6 }, closures: { last: 3 }, pins: { last: 3 } });
    j.create(newRecharge(), OPENED); // written after the witness: not the host's business
    expect(j.compareWitness(host(seen))).toMatchObject({ status: 'ok', findings: [], witnessed: { events: 6, audit: 6 } });
    expect(j.compareWitness(host(null)).status).toBe('none');
    expect(j.compareWitness(host({ ...(seen as JournalWitness), journalId: 'ab'.repeat(16) })).status).toBe('other-journal');
    j.close();

    // The tail cut off, guards put back: every link left fits, and verify alone says intact.
    const guards = ['recharge_events_no_delete', 'recharges_no_delete', 'audit_no_delete', 'card_pin_events_no_delete'];
    const db = new Database(path);
    const saved = (db.prepare(`SELECT sql FROM sqlite_schema WHERE name IN (${guards.map(() => '?').join(', ')})`).all(...guards) as { sql: string }[])
      .map((r) => `${r.sql};`).join('\n');
    db.exec(`${guards.map((g) => `DROP TRIGGER ${g};`).join(' ')}
      DELETE FROM recharge_events WHERE chain > 4; DELETE FROM recharges WHERE rid > 2; DELETE FROM audit WHERE seq > 5;
      DELETE FROM card_pin_events WHERE seq = 3; ${saved}`);
    db.close();
    j = SqliteJournal.open(path, { now: clock.now, timeZone: TZ });
    try {
      expect(j.verifyChains()).toMatchObject({ intact: true, missingTriggers: [] });
      const check = j.compareWitness(host(seen));
      expect(check.status).toBe('broken');
      expect(check.findings).toEqual([
        { chain: 'events', kind: 'missing', from: 5, to: 6 },
        { chain: 'audit', kind: 'missing', from: 6, to: 6 },
        { chain: 'pins', kind: 'missing', from: 3, to: 3 },
      ]);
      expect(witnessText(check, () => '5月6日 16:00')[0]).toBe('交易事件第 5–6 条不在本机日志中，主机 5月6日 16:00 曾见证到第 6 条：日志末尾被删除，请联系管理员');
      // Written again up to the witnessed position: the row there is another one.
      j.create(newRecharge(), OPENED);
      j.create(newRecharge(), OPENED);
      expect(j.compareWitness(host(seen)).findings[0]).toEqual({ chain: 'events', kind: 'differs', position: 6 });
    } finally {
      j.close();
    }
  });
});
