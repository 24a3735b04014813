import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Migration 7's data step (migrations.ts V7): hashes the day closures and PIN outcomes written before they
 * were chained, in seq order, and writes one `baseline` operator event per operator, holding the row as it
 * stands, so every later change of it is a chained event after that one (chain-tables.ts).
 *
 * Frozen with migration 7: the hashing is written out here rather than imported, so that a later change of
 * chain-tables.ts could not hash old journals differently from new ones at this step.
 */
const GENESIS: Buffer = Buffer.alloc(32);
const CLOSURE_TAG = 'etc-counter/day_closures/v1';
const PIN_TAG = 'etc-counter/card_pin_events/v1';
const OPERATOR_TAG = 'etc-counter/operator_events/v1';

const link = (prev: Buffer, canonical: unknown[]): Buffer =>
  createHash('sha256').update(prev).update(JSON.stringify(canonical), 'utf8').digest();

interface Closure { seq: number; date: string; action: string; at: string; operatorId: string; note: string | null; detail: string }
interface Pin { seq: number; cardNo: string; at: string; outcome: string; triesLeft: number | null; entered: string; rechargeId: string | null }
interface Operator { id: string; name: string; role: string; passwordHash: string; failedAttempts: number; lockedAt: string | null; disabled: number }

export function backfillMigration7(db: Database.Database): void {
  let prev = GENESIS;
  const closures = db.prepare('SELECT seq, date, action, at, operatorId, note, detail FROM day_closures ORDER BY seq').all() as Closure[];
  const setClosure = db.prepare('UPDATE day_closures SET hash = ? WHERE seq = ?');
  for (const c of closures) {
    prev = link(prev, [CLOSURE_TAG, c.seq, c.date, c.action, c.at, c.operatorId, c.note, c.detail]);
    setClosure.run(prev, c.seq);
  }

  prev = GENESIS;
  const pins = db.prepare('SELECT seq, cardNo, at, outcome, triesLeft, entered, rechargeId FROM card_pin_events ORDER BY seq').all() as Pin[];
  const setPin = db.prepare('UPDATE card_pin_events SET hash = ? WHERE seq = ?');
  for (const p of pins) {
    prev = link(prev, [PIN_TAG, p.seq, p.cardNo, p.at, p.outcome, p.triesLeft, p.entered, p.rechargeId]);
    setPin.run(prev, p.seq);
  }

  prev = GENESIS;
  const at = new Date().toISOString();
  const operators = db.prepare('SELECT id, name, role, passwordHash, failedAttempts, lockedAt, disabled FROM operators ORDER BY id').all() as Operator[];
  const insert = db.prepare(`INSERT INTO operator_events (seq, at, operatorId, reason, actorId, auditSeq, name, role, passwordDigest,
    failedAttempts, lockedAt, disabled, hash) VALUES (?, ?, ?, 'baseline', 'system', NULL, ?, ?, ?, ?, ?, ?, ?)`);
  operators.forEach((o, i) => {
    const seq = i + 1;
    const digest = createHash('sha256').update(o.passwordHash, 'utf8').digest('hex');
    prev = link(prev, [OPERATOR_TAG, seq, at, o.id, 'baseline', 'system', null, o.name, o.role, digest, o.failedAttempts, o.lockedAt, o.disabled]);
    insert.run(seq, at, o.id, o.name, o.role, digest, o.failedAttempts, o.lockedAt, o.disabled, prev);
  });
}
