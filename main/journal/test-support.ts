import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { SqliteJournal } from './sqlite-journal';
import type { NewRecharge } from './port';
import type { EventData } from '../../contract/recharge-events';

/** Shared by the journal's tests: a scratch folder, a recharge to create, a clock that only moves when told. */
export function scratchDir(): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'etc-journal-'));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;

export function newRecharge(over: Partial<NewRecharge> = {}): NewRecharge {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    training: false,
    terminalId: '000001000050',
    operatorId: 'op01',
    cardNo: '62010000000000000001',
    plate: '甘A12345',
    plateColor: 0,
    amountFen: 10_000,
    channel: 'wechat',
    balanceBeforeFen: 2_345,
    ...over,
  };
}

/** A clock set to `iso`; `set` moves it. */
export function manualClock(iso: string): { now: () => Date; set: (iso: string) => void } {
  let t = new Date(iso);
  return { now: () => new Date(t), set: (next) => (t = new Date(next)) };
}

/**
 * A journal as a program of schema `version` left it (for migration tests): created through the real
 * migrations up to `version`, then filled by `fill` on a raw connection, as that program's SQL would.
 */
export function legacyJournal(path: string, version: number, fill: (db: Database.Database) => void): void {
  SqliteJournal.open(path, { migrations: MIGRATIONS.filter((m) => m.version <= version) }).close();
  const db = new Database(path);
  try {
    db.transaction(() => fill(db))();
  } finally {
    db.close();
  }
}

/** A recharge and its events written the pre-chain way; the view gets what the events' patches set. */
export function insertLegacyRecharge(
  db: Database.Database, r: NewRecharge, at: string, events: [state: string, data: Record<string, unknown>, patch?: Record<string, unknown>][],
): number {
  const { rid } = db.prepare(`INSERT INTO recharges (id, createdAt, localDate, updatedAt, state, training, terminalId, operatorId,
    cardNo, plate, plateColor, amountFen, channel, balanceBeforeFen) VALUES (@id, @at, substr(@at, 1, 10), @at, 'READ', @training,
    @terminalId, @operatorId, @cardNo, @plate, @plateColor, @amountFen, @channel, @balanceBeforeFen) RETURNING rid`)
    .get({ ...r, at, training: r.training ? 1 : 0 }) as { rid: number };
  events.forEach(([state, data, patch], i) => {
    const when = new Date(Date.parse(at) + i * 1000).toISOString();
    db.prepare('INSERT INTO recharge_events (rid, seq, at, state, data) VALUES (?, ?, ?, ?, ?)').run(rid, i + 1, when, state, JSON.stringify(data));
    const sets = Object.keys(patch ?? {}).map((c) => `, ${c} = @${c}`).join('');
    db.prepare(`UPDATE recharges SET state = @state, updatedAt = @when${sets} WHERE rid = @rid`).run({ ...patch, state, when, rid });
  });
  return rid;
}

/** The first event of a recharge opened for a QR payment (for the journal's own tests). */
export const OPENED: EventData = { step: 'opened', cardVersion: null, validUntil: null, entry: 'qr', pos: null, authCode: null };

/** An event that records nothing but that it happened (the journal's tests care about order, chains and patches). */
export function note(code = 'TEST'): EventData {
  return { step: 'error', code };
}

/** ORDERED with its host order id. */
export function ordered(orderId: string, channelStatus: string | null = null): EventData {
  return { step: 'ordered', orderId, channelStatus };
}
