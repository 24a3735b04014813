import type Database from 'better-sqlite3';
import { backfillChains } from './chain-backfill';
import { backfillMigration7 } from './chain-backfill-7';

/**
 * The journal's schema, as numbered migrations. An applied migration is never edited: its sha256 is kept
 * in the `migrations` table and a changed text stops start-up (JOURNAL_MIGRATION_EDITED). Change the
 * schema by appending a migration. (Longer than main's usual 250 lines: the whole schema's history is kept
 * in one file, in order, so that it reads as the database grew; its data steps live in chain-backfill*.ts.)
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * A table rebuild (SQLite's documented way to change a CHECK): foreign keys are switched off around the
   * transaction, as SQLite requires, and `foreign_key_check` must come back empty before it commits.
   */
  rebuild?: true;
  /**
   * A data step run after `sql` in the same transaction (it can do what SQL cannot, such as hashing),
   * then `sqlAfter`. The recorded sha256 covers `sql` and `sqlAfter`; the step's code is frozen with it.
   */
  backfill?: (db: Database.Database) => void;
  sqlAfter?: string;
}

/*
 * Why the schema looks like this:
 * - `rid` is the compact key the events reference; the client order UUID (`id`) is stored once. With
 *   ~6 events per recharge that keeps a million recharges some 200 MB smaller, which is what the
 *   start-up integrity check has to read.
 * - `localDate` is the branch's calendar date of createdAt, set at insert, so day and window queries are
 *   index ranges instead of time-zone arithmetic on every row.
 * - pending work and blocking look only at the few non-final rows: partial indexes hold just those. The
 *   state lists below must stay the same text as queries.ts (tests check the text and the plans).
 * - events are append-only, enforced by the database itself; recharges are never deleted and their
 *   identity (card, plate, amount, mode, creation) never changes once written.
 */
const V1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE recharges (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  createdAt TEXT NOT NULL,
  localDate TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('READ','ORDERED','PAID','INIT','AUTHORIZED','WRITTEN',
                                       'CONFIRMED','VERIFIED','UNLOADED','NEEDS_ADMIN','CANCELLED')),
  training INTEGER NOT NULL CHECK (training IN (0, 1)),
  terminalId TEXT NOT NULL,
  operatorId TEXT NOT NULL,
  cardNo TEXT NOT NULL,
  plate TEXT NOT NULL,
  plateColor INTEGER NOT NULL,
  amountFen INTEGER NOT NULL CHECK (amountFen > 0),
  channel TEXT NOT NULL CHECK (channel IN ('wechat', 'alipay')),
  balanceBeforeFen INTEGER NOT NULL,
  orderId TEXT,
  tradeNo TEXT,
  qrPayload TEXT,
  orderExpiresAt TEXT,
  onlineSerial INTEGER,
  hostDateTime TEXT,
  balanceAfterFen INTEGER,
  tac TEXT,
  error TEXT
) STRICT;

CREATE INDEX recharges_by_plate ON recharges (plate, plateColor, localDate);
CREATE INDEX recharges_by_day ON recharges (localDate);
CREATE INDEX recharges_unfinished ON recharges (createdAt)
  WHERE state IN ('READ','ORDERED','PAID','INIT','AUTHORIZED','WRITTEN');
CREATE INDEX recharges_blocking ON recharges (cardNo, state)
  WHERE state IN ('PAID','INIT','AUTHORIZED','WRITTEN');

CREATE TRIGGER recharges_no_delete BEFORE DELETE ON recharges
BEGIN SELECT RAISE(ABORT, 'journal: recharges are never deleted'); END;

CREATE TRIGGER recharges_identity_fixed
BEFORE UPDATE OF rid, id, createdAt, localDate, training, terminalId, operatorId, cardNo, plate, plateColor,
                 amountFen, channel, balanceBeforeFen ON recharges
BEGIN SELECT RAISE(ABORT, 'journal: a recharge''s identity never changes'); END;

CREATE TABLE recharge_events (
  rid INTEGER NOT NULL REFERENCES recharges (rid),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  state TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (rid, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER recharge_events_no_update BEFORE UPDATE ON recharge_events
BEGIN SELECT RAISE(ABORT, 'journal: events are append-only'); END;

CREATE TRIGGER recharge_events_no_delete BEFORE DELETE ON recharge_events
BEGIN SELECT RAISE(ABORT, 'journal: events are append-only'); END;
`;

/*
 * Operators and the audit log (main/auth) live in the journal's file, so one file holds the day's truth:
 * who signed in, who loaded which card, who reprinted or closed the day. A training journal gets its own
 * (demo) operators and never sees the real ones. Audit rows, like events, are append-only.
 */
const V2 = `
CREATE TABLE operators (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 16),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor')),
  passwordHash TEXT NOT NULL CHECK (passwordHash LIKE 'scrypt$%'),
  failedAttempts INTEGER NOT NULL DEFAULT 0 CHECK (failedAttempts >= 0),
  lockedAt TEXT,
  createdAt TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

CREATE TRIGGER operators_no_delete BEFORE DELETE ON operators
BEGIN SELECT RAISE(ABORT, 'auth: operators are disabled, never deleted'); END;

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  operatorId TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;

CREATE INDEX audit_by_time ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit: the log is append-only'); END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit: the log is append-only'); END;
`;

/*
 * Migration 3 widens what a recharge row may hold, in one table rebuild (SQLite cannot alter a CHECK):
 * the refund states of the host's life cycle after "paid" (REFUNDING 退款中, REFUNDED 已退款) and the
 * POS bank-card channel of the issuer's own outlets. Rows, rids, indexes and triggers are kept as they
 * were; events keep referencing the same rids (checked by foreign_key_check before the commit).
 */
const V3 = `
CREATE TABLE recharges_v3 (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  createdAt TEXT NOT NULL,
  localDate TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('READ','ORDERED','PAID','INIT','AUTHORIZED','WRITTEN',
                                       'CONFIRMED','VERIFIED','UNLOADED','NEEDS_ADMIN','CANCELLED',
                                       'REFUNDING','REFUNDED')),
  training INTEGER NOT NULL CHECK (training IN (0, 1)),
  terminalId TEXT NOT NULL,
  operatorId TEXT NOT NULL,
  cardNo TEXT NOT NULL,
  plate TEXT NOT NULL,
  plateColor INTEGER NOT NULL,
  amountFen INTEGER NOT NULL CHECK (amountFen > 0),
  channel TEXT NOT NULL CHECK (channel IN ('wechat', 'alipay', 'pos')),
  balanceBeforeFen INTEGER NOT NULL,
  orderId TEXT,
  tradeNo TEXT,
  qrPayload TEXT,
  orderExpiresAt TEXT,
  onlineSerial INTEGER,
  hostDateTime TEXT,
  balanceAfterFen INTEGER,
  tac TEXT,
  error TEXT
) STRICT;

INSERT INTO recharges_v3 SELECT * FROM recharges;
DROP TABLE recharges;
ALTER TABLE recharges_v3 RENAME TO recharges;

CREATE INDEX recharges_by_plate ON recharges (plate, plateColor, localDate);
CREATE INDEX recharges_by_day ON recharges (localDate);
CREATE INDEX recharges_unfinished ON recharges (createdAt)
  WHERE state IN ('READ','ORDERED','PAID','INIT','AUTHORIZED','WRITTEN');
CREATE INDEX recharges_blocking ON recharges (cardNo, state)
  WHERE state IN ('PAID','INIT','AUTHORIZED','WRITTEN');

CREATE TRIGGER recharges_no_delete BEFORE DELETE ON recharges
BEGIN SELECT RAISE(ABORT, 'journal: recharges are never deleted'); END;

CREATE TRIGGER recharges_identity_fixed
BEFORE UPDATE OF rid, id, createdAt, localDate, training, terminalId, operatorId, cardNo, plate, plateColor,
                 amountFen, channel, balanceBeforeFen ON recharges
BEGIN SELECT RAISE(ABORT, 'journal: a recharge''s identity never changes'); END;
`;

/*
 * Migration 4: the hash chains of chain.ts. Every event gets its place in the events chain (`chain`, a
 * unique position in the order of writing), the patch it applied to the recharge's view (`patch`, so the
 * view can be checked against its events) and its `hash`; every audit row its `hash`. The no-update
 * triggers are dropped for the data step (which hashes the rows already there, chain-backfill.ts) and
 * put back; new triggers refuse an insert without its chain. A recovery code for supervisors (main/auth,
 * recovery.ts) lives here too: one per journal, stored as a scrypt hash, replaced when used.
 */
const V4 = `
DROP TRIGGER recharge_events_no_update;
DROP TRIGGER audit_no_update;
ALTER TABLE recharge_events ADD COLUMN chain INTEGER;
ALTER TABLE recharge_events ADD COLUMN patch TEXT CHECK (patch IS NULL OR json_valid(patch));
ALTER TABLE recharge_events ADD COLUMN hash BLOB CHECK (hash IS NULL OR length(hash) = 32);
ALTER TABLE audit ADD COLUMN hash BLOB CHECK (hash IS NULL OR length(hash) = 32);

CREATE TABLE recovery (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  codeHash TEXT NOT NULL CHECK (codeHash LIKE 'scrypt$%'),
  issuedAt TEXT NOT NULL,
  issuedBy TEXT NOT NULL
) STRICT;
`;

const V4_AFTER = `
CREATE UNIQUE INDEX recharge_events_by_chain ON recharge_events (chain);

CREATE TRIGGER recharge_events_no_update BEFORE UPDATE ON recharge_events
BEGIN SELECT RAISE(ABORT, 'journal: events are append-only'); END;

CREATE TRIGGER recharge_events_chained BEFORE INSERT ON recharge_events WHEN NEW.chain IS NULL OR NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'journal: an event needs its place in the hash chain'); END;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit: the log is append-only'); END;

CREATE TRIGGER audit_chained BEFORE INSERT ON audit WHEN NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit: a row needs its hash in the chain'); END;
`;


/*
 * Migration 5 gives every recharge what the payment channels and dual-algorithm cards add (docs/pos.md,
 * docs/card-protocol.md §3): the POS slip that paid (JSON, contract/pos.ts), the payment code masked, the
 * card version read at 读卡 and the key version and algorithm id of the last INITIALIZE FOR LOAD. Plain
 * added columns, null on older rows: no rebuild, nothing rewritten.
 */
const V5 = `
ALTER TABLE recharges ADD COLUMN posVoucher TEXT CHECK (posVoucher IS NULL OR json_valid(posVoucher));
ALTER TABLE recharges ADD COLUMN authCodeMasked TEXT;
ALTER TABLE recharges ADD COLUMN cardVersion INTEGER CHECK (cardVersion IS NULL OR cardVersion BETWEEN 0 AND 255);
ALTER TABLE recharges ADD COLUMN keyVersion INTEGER CHECK (keyVersion IS NULL OR keyVersion BETWEEN 0 AND 255);
ALTER TABLE recharges ADD COLUMN algId INTEGER CHECK (algId IS NULL OR algId BETWEEN 0 AND 255);
`;

/*
 * Migration 6: what the money after "paid" needs (docs/architecture.md §2, §3a).
 * - REFUNDING is pending work: the partial index of unfinished recharges holds it too (queries.ts keeps the
 *   same text), and NEEDS_ADMIN recharges get a partial index of their own (待处理's 需管理员 list).
 * - `day_closures`: 日结 that closes (main/journal/day-closures.ts). Each close or reopen of a local date is
 *   a row, append-only; the newest row of a date says whether it is closed. Closes written before this
 *   migration (audit rows `day-close`) are carried into it, so a day closed then stays closed.
 * - `card_pin_events`: the outcome of each VERIFY that went wrong, or that the operator typed
 *   (main/journal/pin-holds.ts). A card with a wrong or blocked PIN is never sent the default PIN again.
 */
const V6 = `
DROP INDEX recharges_unfinished;
CREATE INDEX recharges_unfinished ON recharges (createdAt)
  WHERE state IN ('READ','ORDERED','PAID','INIT','AUTHORIZED','WRITTEN','REFUNDING');
CREATE INDEX recharges_needs_admin ON recharges (createdAt) WHERE state = 'NEEDS_ADMIN';

CREATE TABLE day_closures (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
  at TEXT NOT NULL,
  operatorId TEXT NOT NULL,
  note TEXT CHECK (note IS NULL OR length(note) <= 500),
  detail TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;

CREATE INDEX day_closures_by_date ON day_closures (date, seq);

CREATE TRIGGER day_closures_no_update BEFORE UPDATE ON day_closures
BEGIN SELECT RAISE(ABORT, 'journal: day closures are append-only'); END;

CREATE TRIGGER day_closures_no_delete BEFORE DELETE ON day_closures
BEGIN SELECT RAISE(ABORT, 'journal: day closures are append-only'); END;

INSERT INTO day_closures (date, action, at, operatorId, note, detail)
  SELECT target, 'close', at, operatorId, NULL, detail FROM audit
  WHERE action = 'day-close' AND target GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
  ORDER BY seq;

CREATE TABLE card_pin_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  cardNo TEXT NOT NULL CHECK (length(cardNo) BETWEEN 1 AND 32),
  at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('wrong', 'blocked', 'verified')),
  triesLeft INTEGER CHECK (triesLeft IS NULL OR triesLeft BETWEEN 0 AND 15),
  entered TEXT NOT NULL CHECK (entered IN ('default', 'operator')),
  rechargeId TEXT
) STRICT;

CREATE INDEX card_pin_events_by_card ON card_pin_events (cardNo, seq);

CREATE TRIGGER card_pin_events_no_update BEFORE UPDATE ON card_pin_events
BEGIN SELECT RAISE(ABORT, 'journal: PIN outcomes are append-only'); END;

CREATE TRIGGER card_pin_events_no_delete BEFORE DELETE ON card_pin_events
BEGIN SELECT RAISE(ABORT, 'journal: PIN outcomes are append-only'); END;
`;

/*
 * Migration 7: evidence that holds outside the journal file (docs/security.md, "What the journal proves").
 * - Day closures and PIN outcomes join the hash chains (`hash`, chain-tables.ts): their rows so far are
 *   hashed in seq order by the data step (chain-backfill-7.ts), new rows are refused without their hash.
 * - `operator_events`: every change of an operator's row (role, name, status, lockout count, password) is an
 *   append-only chained row holding the row as it became (the password as a sha256 of its stored hash, never
 *   the hash itself), written in the same transaction as the change and its audit row (main/auth/operators.ts).
 *   The data step writes one `baseline` row per operator there is. `journal verify` compares the table with
 *   the newest event of each operator.
 * - `sign_in_guesses`: the failure count and lockout of operator ids that do not exist, kept in the file like
 *   a real account's, so that an unknown id answers as a real one does from the window and the command line.
 * - `meta.journalId`: a random id of this journal, carried with the chain heads to the host (the witness).
 */
const V7 = `
DROP TRIGGER IF EXISTS day_closures_no_update;
DROP TRIGGER IF EXISTS card_pin_events_no_update;
ALTER TABLE day_closures ADD COLUMN hash BLOB CHECK (hash IS NULL OR length(hash) = 32);
ALTER TABLE card_pin_events ADD COLUMN hash BLOB CHECK (hash IS NULL OR length(hash) = 32);

CREATE TABLE operator_events (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  operatorId TEXT NOT NULL,
  reason TEXT NOT NULL,
  actorId TEXT NOT NULL,
  auditSeq INTEGER,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  passwordDigest TEXT NOT NULL CHECK (length(passwordDigest) = 64),
  failedAttempts INTEGER NOT NULL,
  lockedAt TEXT,
  disabled INTEGER NOT NULL,
  hash BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE INDEX operator_events_by_operator ON operator_events (operatorId, seq);

CREATE TABLE sign_in_guesses (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 65),
  failedAttempts INTEGER NOT NULL CHECK (failedAttempts >= 0),
  lockedAt TEXT,
  lastAt TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO meta (key, value) VALUES ('journalId', lower(hex(randomblob(16))));
`;

const V7_AFTER = `
CREATE TRIGGER day_closures_no_update BEFORE UPDATE ON day_closures
BEGIN SELECT RAISE(ABORT, 'journal: day closures are append-only'); END;

CREATE TRIGGER day_closures_chained BEFORE INSERT ON day_closures WHEN NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'journal: a day closure needs its hash in the chain'); END;

CREATE TRIGGER card_pin_events_no_update BEFORE UPDATE ON card_pin_events
BEGIN SELECT RAISE(ABORT, 'journal: PIN outcomes are append-only'); END;

CREATE TRIGGER card_pin_events_chained BEFORE INSERT ON card_pin_events WHEN NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'journal: a PIN outcome needs its hash in the chain'); END;

CREATE TRIGGER operator_events_no_update BEFORE UPDATE ON operator_events
BEGIN SELECT RAISE(ABORT, 'auth: operator changes are append-only'); END;

CREATE TRIGGER operator_events_no_delete BEFORE DELETE ON operator_events
BEGIN SELECT RAISE(ABORT, 'auth: operator changes are append-only'); END;
`;

/**
 * The triggers that keep history append-only, with the migration that made each. `journal verify` reports
 * any that is missing, and a journal missing one is never written to again (SqliteJournal.open:
 * JOURNAL_GUARDS_MISSING).
 */
const GUARDS: readonly (readonly [name: string, since: number])[] = [
  ['recharges_no_delete', 1], ['recharges_identity_fixed', 1], ['recharge_events_no_update', 1], ['recharge_events_no_delete', 1],
  ['operators_no_delete', 2], ['audit_no_update', 2], ['audit_no_delete', 2],
  ['recharge_events_chained', 4], ['audit_chained', 4],
  ['day_closures_no_update', 6], ['day_closures_no_delete', 6], ['card_pin_events_no_update', 6], ['card_pin_events_no_delete', 6],
  ['day_closures_chained', 7], ['card_pin_events_chained', 7], ['operator_events_no_update', 7], ['operator_events_no_delete', 7],
];

export const GUARD_TRIGGERS: readonly string[] = GUARDS.map(([name]) => name);

/** The guard triggers a journal at schema `version` must have. */
export function guardTriggersAt(version: number): string[] {
  return GUARDS.filter(([, since]) => since <= version).map(([name]) => name);
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'recharges and events', sql: V1 },
  { version: 2, name: 'operators and audit', sql: V2 },
  { version: 3, name: 'refund states and the POS channel', sql: V3, rebuild: true },
  { version: 4, name: 'hash chains and the recovery code', sql: V4, backfill: backfillChains, sqlAfter: V4_AFTER },
  { version: 5, name: 'POS slip, payment code, card and key versions', sql: V5 },
  { version: 6, name: 'refunds pending, day closures and PIN outcomes', sql: V6 },
  { version: 7, name: 'chained closures, PIN outcomes and operators; unknown ids; journal id', sql: V7, backfill: backfillMigration7, sqlAfter: V7_AFTER },
];
