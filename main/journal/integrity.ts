import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';

/**
 * The journal's integrity check (PRAGMA quick_check, or integrity_check when asked for `full`).
 *
 * Measured on a journal of a million recharges (1.1 GB, bench/journal.bench.ts, 2 shared cores): on the
 * journal's own connection quick_check takes ~7 s and integrity_check ~20 s, so neither fits a one-second
 * start-up. quick_check is the one used: it finds what can make SQLite damage the file further (broken
 * pages, pages used twice or lost, bad records); integrity_check adds the cross-check of every index
 * against its table at three times the cost. On a read-only connection quick_check takes ~2.7 s: it then
 * skips re-evaluating the CHECK constraints (json_valid over 6.5 M events is most of the difference),
 * which guard against our own bugs at write time and say little about a failing disk.
 *
 * So a small journal is checked synchronously during open, and a large one by a worker thread on its own
 * read-only connection while the program starts. Reads are served meanwhile (reading cannot harm the
 * file) but the first write waits for the verdict (`beforeWrite`), so nothing is ever written into a
 * journal that has not passed. A corrupt verdict makes every later write throw JOURNAL_CORRUPT and rejects
 * `verified`, which the composition root awaits to stop the program. A journal closed during its check
 * leaves the worker to finish the pragma it is in (SQLite cannot be interrupted from here); it only reads.
 */
export type IntegrityKind = 'quick' | 'full';

const RUNNING = 0;
const OK = 1;
const CORRUPT = 2;
const FAILED = 3; // the worker could not run the check (not a verdict): the check is redone on the main connection

export function pragmaFor(kind: IntegrityKind): string {
  return kind === 'full' ? 'integrity_check' : 'quick_check';
}

/** Runs the check on `db` now. Throws JOURNAL_CORRUPT. */
export function checkNow(db: Database.Database, path: string, kind: IntegrityKind): void {
  let rows: Record<string, unknown>[];
  try {
    rows = db.pragma(pragmaFor(kind)) as Record<string, unknown>[];
  } catch (e) {
    throw new AppError('JOURNAL_CORRUPT', { path }, { cause: e });
  }
  const first = rows[0] ? Object.values(rows[0])[0] : undefined;
  if (rows.length !== 1 || first !== 'ok') throw new AppError('JOURNAL_CORRUPT', { path });
}

// Plain CommonJS run with `eval`, so it needs no TypeScript loader in tests, tsx or a packaged app.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
let result = ${FAILED}, detail = '';
try {
  const Database = require(workerData.sqlite);
  const db = new Database(workerData.path, { readonly: true, fileMustExist: true, timeout: 10000 });
  try {
    const rows = db.pragma(workerData.pragma);
    const first = rows[0] && Object.values(rows[0])[0];
    result = rows.length === 1 && first === 'ok' ? ${OK} : ${CORRUPT};
    detail = rows.slice(0, 3).map((r) => String(Object.values(r)[0])).join('; ');
  } finally { db.close(); }
} catch (e) {
  const code = String((e && e.code) || '');
  result = code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB') ? ${CORRUPT} : ${FAILED};
  detail = String((e && e.message) || e);
}
Atomics.store(state, 0, result);
Atomics.notify(state, 0);
parentPort.postMessage(detail);
`;

export class IntegrityGate {
  /** Resolves when the journal passed; rejects with JOURNAL_CORRUPT. Never rejects unobserved. */
  readonly verified: Promise<void>;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private settle: (corrupt: boolean) => void = () => {};
  private worker: Worker | null = null;

  /** `recheck` runs the check on the main connection if the worker cannot (it throws JOURNAL_CORRUPT). */
  private constructor(
    private readonly path: string,
    private readonly recheck: () => void,
  ) {
    this.verified = new Promise<void>((resolve, reject) => {
      this.settle = (corrupt) => (corrupt ? reject(new AppError('JOURNAL_CORRUPT', { path })) : resolve());
    });
    this.verified.catch(() => {}); // observed by writes through `beforeWrite`; awaiting it is the caller's choice
  }

  static passed(path: string): IntegrityGate {
    const gate = new IntegrityGate(path, () => {});
    gate.finish(OK);
    return gate;
  }

  static inBackground(path: string, kind: IntegrityKind, recheck: () => void): IntegrityGate {
    const gate = new IntegrityGate(path, recheck);
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, pragma: pragmaFor(kind), sqlite, state: gate.state.buffer },
    });
    worker.unref(); // a program that quits during the check does not wait for it
    worker.once('message', () => gate.collect());
    worker.once('error', () => gate.collect());
    worker.once('exit', () => gate.collect());
    gate.worker = worker;
    return gate;
  }

  /** Blocks until the verdict is in (only the first write after start-up can wait), then enforces it. */
  beforeWrite(): void {
    // A worker that died without a word cannot be heard from here (its exit event needs the event loop
    // this wait blocks), hence the deadline, after which the check runs on the main connection.
    const deadline = Date.now() + 120_000;
    while (Atomics.load(this.state, 0) === RUNNING && Date.now() < deadline) Atomics.wait(this.state, 0, RUNNING, 1000);
    if (Atomics.load(this.state, 0) === RUNNING) Atomics.store(this.state, 0, FAILED);
    this.collect();
    if (Atomics.load(this.state, 0) !== OK) throw new AppError('JOURNAL_CORRUPT', { path: this.path });
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private collect(): void {
    const s = Atomics.load(this.state, 0);
    if (s === RUNNING) {
      // The worker ended without a verdict (terminated, crashed): decide here instead.
      if (this.worker === null) return;
      Atomics.store(this.state, 0, FAILED);
    }
    if (Atomics.load(this.state, 0) === FAILED) {
      try {
        this.recheck();
        this.finish(OK);
      } catch {
        this.finish(CORRUPT);
      }
      return;
    }
    this.finish(Atomics.load(this.state, 0));
  }

  private finish(s: number): void {
    Atomics.store(this.state, 0, s);
    this.worker = null;
    this.settle(s === CORRUPT);
  }
}
