import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { HostWitness, JournalWitness } from '../../contract/host-api';
import type { RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import type { EventData } from '../../contract/recharge-events';
import type { WitnessCheck } from '../../contract/witness';
import { eventHash, nextEventLink, readHeads, type ChainHeads, type IdentityRow } from './chain';
import { readWitness } from './chain-tables';
import { missingGuards, verifyChains, type ChainReport } from './chain-verify';
import { compareWitness, digestAt, type DigestAt } from './chain-witness';
import { checkWindow, dayNumber, localDateOf, localDayEnd } from './dates';
import { tightenFiles } from './file-modes';
import { applyMigrations, hasTable, pendingMigrations } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { checkNow, IntegrityGate, type IntegrityKind } from './integrity';
import { acquireLock, type JournalLock } from './lock';
import {
  journalBytes, mapSqliteError, mapWriteError, modeMismatch, openDatabase, prepareForWrites, storedMode,
} from './open';
import type { CreateOptions, Journal, NewRecharge, RechargePatch, RecordsQuery } from './port';
import { SQL } from './queries';
import { PATCH_COLUMNS, toColumn, toEvent, toRecord, type EventRow, type RechargeRow } from './rows';
import { canTransition } from './transitions';

export interface JournalOptions {
  /** Training journals and real ones never mix: the mode is fixed when the file is created. */
  training?: boolean;
  now?: () => Date;
  /** The branch's time zone for local dates (IANA name); default: this computer's. */
  timeZone?: string;
  /** How long a previous instance that is just closing gets to let go of the journal (default 1 s). */
  busyTimeoutMs?: number;
  /** `quick` (PRAGMA quick_check, default) or `full` (integrity_check); see integrity.ts for why. */
  integrityCheck?: IntegrityKind;
  /** Journals up to this size (with their WAL) are checked during open, larger ones in a worker (default 32 MB). */
  syncCheckMaxBytes?: number;
  /** For tests of the migration guard only. */
  migrations?: readonly Migration[];
}

/**
 * The recharge journal over SQLite (docs/architecture.md §2). Every write has reached the disk when it returns.
 * One class for the whole port (journal/port.ts), so its single connection, transaction and statement cache stay
 * in one place — which makes it longer than main's usual 250 lines; the SQL texts are in queries.ts, rows in
 * rows.ts, chains and their evidence in chain*.ts, the schema in migrations.ts.
 */
export class SqliteJournal implements Journal {
  /**
   * Locks, checks and opens the journal at `path` (creating it if absent). Throws JOURNAL_LOCKED,
   * JOURNAL_CORRUPT, JOURNAL_MIGRATION_EDITED, JOURNAL_TOO_NEW or JOURNAL_MODE_MISMATCH and then has
   * changed nothing. A large journal finishes its integrity check in the background: see `verified`.
   */
  static open(path: string, opts: JournalOptions = {}): SqliteJournal {
    const training = opts.training ?? false;
    const now = opts.now ?? (() => new Date());
    const kind = opts.integrityCheck ?? 'quick';
    const busyMs = opts.busyTimeoutMs ?? 1000;
    const lock = acquireLock(path, busyMs);
    let db: Database.Database | null = null;
    try {
      const opened = openDatabase(path, busyMs);
      const conn = opened.db;
      db = conn;
      const pending = pendingMigrations(conn, opts.migrations ?? MIGRATIONS);
      // Checked before migrating, so a real program never touches a training journal, and vice versa.
      const stored = hasTable(conn, 'meta') ? storedMode(conn) : null;
      if (stored !== null && stored !== training) throw modeMismatch(training, stored);
      // Anything this open must write waits for a synchronous check; a journal opened as it was left
      // (the everyday case) can be checked in the background.
      const mustWrite = opened.empty || pending.length > 0 || stored === null || opened.journalMode !== 'wal';
      let gate: IntegrityGate;
      if (opened.empty) gate = IntegrityGate.passed(path);
      else if (mustWrite || journalBytes(path) <= (opts.syncCheckMaxBytes ?? 32e6)) {
        checkNow(conn, path, kind);
        gate = IntegrityGate.passed(path);
      } else gate = IntegrityGate.inBackground(path, kind, () => conn.open && checkNow(conn, path, kind));
      prepareForWrites(conn, path, opened.empty);
      applyMigrations(conn, pending, now().toISOString());
      if (stored === null) conn.prepare("INSERT INTO meta (key, value) VALUES ('training', ?)").run(training ? '1' : '0');
      tightenFiles([path, `${path}-wal`, `${path}-shm`]); // file-modes.ts: journals an earlier version made 0644
      // Beside the integrity check: a journal whose guard triggers are gone is never written to again.
      const missing = missingGuards(conn);
      const guards = missing.length === 0 ? null : new AppError('JOURNAL_GUARDS_MISSING', { path, count: missing.length });
      return new SqliteJournal(conn, lock, gate, guards, path, training, now, opts.timeZone);
    } catch (e) {
      db?.close();
      lock.release();
      throw mapSqliteError(e, path);
    }
  }

  private readonly statements = new Map<string, Database.Statement>();
  private readonly byId: Database.Statement<[string], RechargeRow>;
  private readonly checked: Promise<void>;

  private constructor(
    private readonly db: Database.Database,
    private readonly lock: JournalLock,
    private readonly gate: IntegrityGate,
    /** JOURNAL_GUARDS_MISSING when guard triggers were dropped: nothing is written then. */
    private readonly guards: AppError | null,
    readonly path: string,
    readonly training: boolean,
    private readonly now: () => Date,
    private readonly timeZone: string | undefined,
  ) {
    this.byId = db.prepare(SQL.byId);
    this.checked = gate.verified.then(() => {
      if (guards) throw guards;
    });
    this.checked.catch(() => {}); // observed by whoever awaits `verified`; writes are refused either way
  }

  /**
   * Settles when the integrity check is over: at once for a small journal, after a few seconds for a
   * large one. Rejects with JOURNAL_CORRUPT, or JOURNAL_GUARDS_MISSING for a journal whose guard triggers
   * were dropped — start-up awaits it and stops. Writes wait for it anyway.
   */
  get verified(): Promise<void> {
    return this.checked;
  }

  /** The integrity check alone (`journal verify` reads a journal whose guards are gone, to say which). */
  get integrity(): Promise<void> {
    return this.gate.verified;
  }

  create(r: NewRecharge, data: EventData, opts: CreateOptions = {}): RechargeRecord {
    if (r.training !== this.training) throw modeMismatch(this.training, r.training);
    const at = this.now();
    const iso = at.toISOString();
    const localDate = localDateOf(at, this.timeZone);
    this.write(() => {
      if (this.byId.get(r.id)) throw new AppError('JOURNAL_DUPLICATE', { id: r.id });
      // 日结 closes a day in another connection to this file: read under this transaction's write lock, a close
      // either happened before (refused here) or waits until the row is in (and then sees it: docs/architecture.md §2).
      if (opts.refuseClosedDay && this.dayClosed(localDate)) throw new AppError('DAY_CLOSED', { date: localDate });
      const params = {
        ...r, at: iso, localDate, training: r.training ? 1 : 0,
        cardVersion: r.cardVersion ?? null, posVoucher: toColumn('posVoucher', r.posVoucher ?? null), authCodeMasked: r.authCodeMasked ?? null,
      };
      const row = this.stmt(SQL.insertRecharge).get(params) as RechargeRow;
      this.insertEvent(row.rid, 1, iso, 'READ', data, null, row);
    });
    return this.mustGet(r.id);
  }

  append(id: string, state: RechargeState, data: EventData, patch: RechargePatch = {}): RechargeRecord {
    const iso = this.now().toISOString();
    this.write(() => {
      const row = this.byId.get(id);
      if (!row) throw new AppError('JOURNAL_NOT_FOUND', { id });
      const from = row.state as RechargeState;
      if (!canTransition(from, state)) throw new AppError('JOURNAL_BAD_TRANSITION', { id, from, to: state });
      const { last } = this.stmt(SQL.lastSeq).get(row.rid) as { last: number };
      const cols = PATCH_COLUMNS.filter((c) => patch[c] !== undefined);
      const patchJson = cols.length === 0 ? null : JSON.stringify(Object.fromEntries(cols.map((c) => [c, toColumn(c, patch[c])])));
      this.insertEvent(row.rid, last + 1, iso, state, data, patchJson, null);
      const params: Record<string, unknown> = { rid: row.rid, state, at: iso };
      for (const c of cols) params[c] = toColumn(c, patch[c]);
      this.patchStatement(cols).run(params);
    });
    return this.mustGet(id);
  }

  get(id: string): RechargeRecord | null {
    const row = this.read(() => this.byId.get(id));
    return row ? toRecord(row) : null;
  }

  events(id: string): RechargeEvent[] {
    return this.read(() => this.stmt(SQL.events).all(id) as EventRow[]).map(toEvent);
  }

  unfinished(): RechargeRecord[] {
    return this.records(SQL.unfinished);
  }

  needsAdmin(): RechargeRecord[] {
    return this.records(SQL.needsAdmin);
  }

  blockingFor(cardNo: string): RechargeRecord[] {
    return this.records(SQL.blocking, cardNo);
  }

  query(q: RecordsQuery): RechargeRecord[] {
    checkWindow(q.from, q.to);
    return this.records(SQL.records, q.plate, q.plateColor, q.from, q.to);
  }

  day(date: string): RechargeRecord[] {
    dayNumber(date);
    return this.records(SQL.day, date);
  }

  /** Every event of the recharges created on that local date, in the order of `day(date)` (the day export). */
  dayEvents(date: string): RechargeEvent[] {
    dayNumber(date);
    return this.read(() => this.stmt(SQL.dayEvents).all(date) as EventRow[]).map(toEvent);
  }

  /**
   * The heads of the events and audit chains (chain.ts) at the end of local day `date` (the branch's
   * time zone), or now. The day export and the printed 日结单 carry `digest`.
   */
  chainHead(date?: string): ChainHeads {
    if (date === undefined) return this.read(() => readHeads(this.db, null, null));
    dayNumber(date);
    return this.read(() => readHeads(this.db, date, localDayEnd(date, this.timeZone)));
  }

  /** Walks both chains and the recharges' views (`etc-counter journal verify`). Reads only. */
  verifyChains(): ChainReport {
    return this.read(() => verifyChains(this.db));
  }

  /**
   * The journal's id and every chain's head now (docs/architecture.md §3c): what `confirm` and `unloaded`
   * carry to the host (main/host/witness.ts). Null for a journal opened at a schema before migration 7.
   */
  witness(): JournalWitness | null {
    return this.read(() => readWitness(this.db));
  }

  /** This file against the heads the host keeps for this terminal (`journal verify` with a host, 对账). */
  compareWitness(host: HostWitness): WitnessCheck {
    return this.read(() => compareWitness(this.db, host));
  }

  /** The digest at events position N and audit position M, as the 日结单 printed it (`journal verify --at N,M`). */
  digestAt(events: number, audit: number): DigestAt {
    return this.read(() => digestAt(this.db, events, audit));
  }

  /** What the connection really runs with, read back from SQLite (support screens, tests). */
  durability(): { journalMode: string; synchronous: number; lockingMode: string } {
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
      lockingMode: this.db.pragma('locking_mode', { simple: true }) as string,
    };
  }

  async backup(path: string): Promise<void> {
    // The backup API overwrites its destination: never let that be the live journal.
    if (resolve(path) === resolve(this.path)) throw new AppError('INVALID_INPUT', { detail: `backup onto the journal: ${path}` });
    await this.db.backup(path);
  }

  close(): void {
    this.gate.stop();
    if (this.db.open) this.db.close();
    this.lock.release();
  }

  /** One transaction, only into a journal that passed its check; SQLite's failures become the operator's. */
  private write(body: () => void): void {
    this.gate.beforeWrite();
    if (this.guards) throw this.guards;
    try {
      // IMMEDIATE: the chain's head is read under the write lock it is extended with.
      this.db.transaction(body).immediate();
    } catch (e) {
      throw mapWriteError(e, this.path);
    }
  }

  /** Inside the write's transaction: the event takes the next place in the chain (chain.ts). */
  private insertEvent(
    rid: number, seq: number, at: string, state: RechargeState, data: EventData, patch: string | null,
    identity: IdentityRow | null,
  ): void {
    const { chain, prev } = nextEventLink(this.db);
    const e = { rid, seq, at, state, data: JSON.stringify(data), patch, chain };
    this.stmt(SQL.insertEvent).run({ ...e, hash: eventHash(prev, { ...e, identity }) });
  }

  /** Whether 日结 closed `date` (the newest row of day_closures decides: main/journal/day-closures.ts). */
  private dayClosed(date: string): boolean {
    const row = this.stmt(SQL.dayClosure).get(date) as { action: string } | undefined;
    return row?.action === 'close';
  }

  private patchStatement(cols: readonly string[]): Database.Statement {
    const sets = ['state = @state', 'updatedAt = @at', ...cols.map((c) => `${c} = @${c}`)].join(', ');
    return this.stmt(`UPDATE recharges SET ${sets} WHERE rid = @rid`);
  }

  /** Prepared once per distinct SQL text: the texts are all fixed strings of this file. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private records(sql: string, ...params: (string | number)[]): RechargeRecord[] {
    return this.read(() => this.stmt(sql).all(...params) as RechargeRow[]).map(toRecord);
  }

  /** A read that meets a damaged page says so in the operator's words (before the background check does). */
  private read<T>(body: () => T): T {
    try {
      return body();
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      throw typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code) ? mapSqliteError(e, this.path) : e;
    }
  }

  private mustGet(id: string): RechargeRecord {
    const r = this.get(id);
    if (!r) throw new AppError('JOURNAL_NOT_FOUND', { id });
    return r;
  }
}
