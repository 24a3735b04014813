import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../contract/errors';
import { SettingsSchema, cardMaxBalanceFor, type Settings } from '../../contract/settings';
import { openAuth, type Auth } from '../../main/auth';
import { AnyReaderCard } from '../../main/card/any-reader-card';
import { InProcessReader, type InProcessCard } from '../../main/card/in-process-reader';
import { loadRefusal } from '../../main/card/loadability';
import type { Services } from '../../main/compose/services';
import { HttpHostLink } from '../../main/host/http-host-link';
import type { HostLink } from '../../main/host/port';
import { openCounterBook, type CounterBook } from '../../main/journal/counter-book';
import { SqliteJournal } from '../../main/journal/sqlite-journal';
import { MisPosTerminal } from '../../main/pos/mis-pos';
import type { PosTerminal } from '../../main/pos/port';
import { RechargeEngine, type EngineJournal } from '../../main/recharge/engine';
import { useCases, type UseCases } from '../../main/usecases';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard } from '../../sim/card/virtual-card';
import { loadKeyFile } from '../../sim/crypto/keys';
import { startHostSim, type HostSim } from '../../sim/host';
import { SimMisPos } from '../../sim/pos/mis-pos';
import { MovingClock } from '../support/money-world';

const ROOT = join(import.meta.dirname, '..', '..');
const KEYS = loadKeyFile(join(ROOT, 'sim', 'fixtures', 'keys.json'));
export const TERMINAL = '000001000050';
const MERCHANT = '898620154110001';

/** The process "dies" here: every port of the program that was running throws this from now on. */
export class Killed extends Error {
  constructor() { super('killed'); this.name = 'Killed'; }
}

/**
 * Where a program's process dies: at the `at`-th call it makes to the world outside (a card command, a host call, a POS
 * call, a journal write), before the call goes out or after its effect took place but before its answer is read.
 */
export class Killer {
  dead = false;
  calls = 0;
  constructor(private at: number | null = null, private when: 'before' | 'after' = 'before') {}

  arm(inCalls: number, when: 'before' | 'after'): void {
    this.at = this.calls + inCalls;
    this.when = when;
  }

  /** Wraps one call of the world outside. */
  async around<T>(call: () => Promise<T>): Promise<T> {
    this.check(true);
    const out = await call();
    this.check(false);
    return out;
  }

  /** The same for a synchronous call (a journal write). */
  sync<T>(call: () => T): T {
    this.check(true);
    const out = call();
    this.check(false);
    return out;
  }

  private check(before: boolean): void {
    if (this.dead) throw new Killed();
    if (before) this.calls++;
    if (this.at !== null && this.calls === this.at && (before ? this.when === 'before' : this.when === 'after')) {
      this.dead = true;
      throw new Killed();
    }
  }
}

/** One counter process over the world: its journal, its engine, its use cases; killed, it is replaced by a fresh one. */
export interface Counter {
  killer: Killer;
  engine: RechargeEngine;
  uc: UseCases;
  journal: SqliteJournal;
  book: CounterBook;
  auth: Auth;
  services: Services;
  close(): Promise<void>;
}

/**
 * A world for one program of the interleaving test: the host simulator (HTTP, real crypto), one virtual card in an
 * in-process reader, the simulated MIS-POS (a customer who takes a while at the PIN pad), a clock the program moves,
 * and a counter process that can die at any call it makes and be started again over the same journal.
 */
export class World {
  readonly card: VirtualCard;
  readonly initial: { balanceFen: number; onlineSerial: number };
  counter!: Counter;
  kills = 0;

  private constructor(readonly dir: string, readonly sim: HostSim, readonly pos: SimMisPos, readonly clock: MovingClock, readonly settings: Settings) {
    this.card = new VirtualCard(loadCardProfile(join(ROOT, 'sim', 'fixtures', 'cards', 'normal.json')), KEYS, { now: () => clock.now() });
    const s = this.card.snapshot();
    this.initial = { balanceFen: s.balanceFen, onlineSerial: s.onlineSerial };
  }

  static async create(swipeMs: number): Promise<World> {
    const dir = mkdtempSync(join(tmpdir(), 'etc-interleave-'));
    const clock = new MovingClock(new Date());
    const sim = await startHostSim({ keys: KEYS, dbPath: join(dir, 'host.sqlite'), now: () => clock.now(), cardMaxBalanceFen: 500_000 });
    const pos = new SimMisPos({
      merchantNo: MERCHANT, posTerminalNo: '62010088', swipeMs, timeoutAfterMs: 5,
      book: (c) => sim.acquirer.charge(c),
    });
    const settings = SettingsSchema.parse({ terminalId: TERMINAL, hostUrl: sim.url, pos: { mode: 'mis', merchantNo: MERCHANT } });
    const w = new World(dir, sim, pos, clock, settings);
    w.counter = await w.start();
    return w;
  }

  /** Starts a counter process (the first, or the one after a kill) over the same journal, card, host and POS. */
  async start(): Promise<Counter> {
    const killer = new Killer();
    const now = () => this.clock.now();
    const path = join(this.dir, 'journal.sqlite');
    const journal = SqliteJournal.open(path, { now });
    const book = openCounterBook(path, now);
    const auth = await openAuth(path, { training: false, now });
    const card = this.card;
    const wrapped: InProcessCard = {
      get atr() { return card.atr; },
      get present() { return card.present; },
      transmit: (apdu) => killer.sync(() => card.transmit(apdu)),
      reset: () => card.reset(),
    };
    const reader = new InProcessReader(wrapped);
    this.readers.push(reader);
    const link = new HttpHostLink({ baseUrl: this.sim.url, credentials: { terminalId: TERMINAL, operatorId: 'A01' }, timeoutMs: 2000, maxAttempts: 2, backoffMs: 5 });
    const host = killing(link, killer);
    const terminal = new MisPosTerminal(this.pos, { label: 'MIS-POS 62010088', clock: { sleep: () => Promise.resolve() }, queryTries: 1, queryPauseMs: 0 });
    const posPort: PosTerminal = { label: terminal.label, charge: (r) => killer.around(() => terminal.charge(r)), query: (ref) => killer.around(() => terminal.query(ref)) };
    const engineJournal: EngineJournal = {
      create: (r, d, o) => killer.sync(() => journal.create(r, d, o)),
      append: (id, st, d, p) => killer.sync(() => journal.append(id, st, d, p)),
      get: (id) => journal.get(id), events: (id) => journal.events(id), unfinished: () => journal.unfinished(),
      needsAdmin: () => journal.needsAdmin(), blockingFor: (c) => journal.blockingFor(c),
    };
    const settings = this.settings;
    const engine = new RechargeEngine({
      card: new AnyReaderCard(reader, () => null), host, journal: engineJournal, clock: this.clock, terminalId: TERMINAL, training: false,
      pin: settings.defaultPin, pinEncoding: settings.pinEncoding, cardMaxBalance: (c) => cardMaxBalanceFor(settings, c), loadRefusal,
      pos: { mode: 'mis', merchantNo: MERCHANT, terminal: posPort }, pinHolds: book.pins, dayClosed: (d) => book.days.isClosed(d),
    });
    const services = {
      engine, journal, host: link, settings, training: null, clock: this.clock, days: book.days, auth,
    } as unknown as Services; // the use cases read only these (main/usecases)
    return {
      killer, engine, uc: useCases(services), journal, book, auth, services,
      close: async () => { journal.close(); book.close(); auth.close(); },
    };
  }

  private readonly readers: InProcessReader[] = [];

  /** The card pulled or put back, as the operator does: every reader hears of it. */
  cardChanged(): void {
    for (const r of this.readers) r.cardChanged();
  }

  /** After a kill: the dead process is closed (its last promises unwind on Killed) and a new one started. */
  async restart(): Promise<void> {
    this.kills++;
    this.counter.killer.dead = true;
    await this.counter.close();
    this.counter = await this.start();
  }

  async close(): Promise<void> {
    await this.counter.close().catch(() => undefined);
    await this.sim.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A HostLink whose every call passes the killer first (and after: an answer the dead process never reads). */
function killing(link: HostLink, killer: Killer): HostLink {
  return new Proxy(link, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => killer.around(() => (v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

export function isKilled(e: unknown): boolean {
  return e instanceof Killed || (e instanceof AppError && e.cause instanceof Killed);
}
