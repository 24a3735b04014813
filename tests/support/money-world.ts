import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsSchema } from '../../contract/settings';
import { InProcessReader, type InProcessCard } from '../../main/card/in-process-reader';
import type { Clock } from '../../main/clock';
import { compose } from '../../main/compose';
import type { Services } from '../../main/compose/services';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard } from '../../sim/card/virtual-card';
import { loadKeyFile } from '../../sim/crypto/keys';
import { startHostSim, type HostSim } from '../../sim/host';

const ROOT = join(import.meta.dirname, '..', '..');
export const KEYS = join(ROOT, 'sim', 'fixtures', 'keys.json');
export const PROFILE = join(ROOT, 'sim', 'fixtures', 'cards', 'normal.json');

/** A clock tests move, shared by the host simulator and the counter so that expiries and refund days agree. */
export class MovingClock implements Clock {
  constructor(private t: Date) {}
  now(): Date { return new Date(this.t); }
  set(iso: string): void { this.t = new Date(iso); }
  sleep(ms: number): Promise<void> { this.t = new Date(this.t.getTime() + ms); return Promise.resolve(); }
}

/**
 * The real services of a counter (real mode: journal, HTTP host link, engine) against the host simulator
 * over HTTP, with a virtual card in an in-process reader whose every APDU header is logged — what the card
 * received is asserted there, not on the engine's word.
 */
export class MoneyWorld {
  readonly apdus: string[] = [];
  readonly card: VirtualCard;
  /** One reader per counter over the same card (closing a counter closes its reader). */
  private readonly readers: InProcessReader[] = [];
  private readonly logged: InProcessCard;
  private readonly counters: Services[] = [];

  private constructor(readonly dir: string, readonly sim: HostSim, readonly clock: MovingClock, pin?: string) {
    const profile = loadCardProfile(PROFILE);
    this.card = new VirtualCard(pin ? { ...profile, pin } : profile, loadKeyFile(KEYS), { statePath: join(dir, 'card.json'), now: () => clock.now() });
    const card = this.card;
    const apdus = this.apdus;
    this.logged = {
      get atr() { return card.atr; },
      get present() { return card.present; },
      transmit(apdu: Buffer) { apdus.push(apdu.subarray(0, 4).toString('hex').toUpperCase()); return card.transmit(apdu); },
      reset: () => card.reset(),
    };
  }

  /** A world on the simulator clock `at` (default a Friday, 10:00 in Beijing: its refunds fall on Monday). */
  static async create(o: { at?: string; pin?: string } = {}): Promise<MoneyWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'etc-money-'));
    const clock = new MovingClock(new Date(o.at ?? '2025-03-07T02:00:00Z'));
    const sim = await startHostSim({ keys: loadKeyFile(KEYS), dbPath: join(dir, 'host.sqlite'), now: () => clock.now() });
    return new MoneyWorld(dir, sim, clock, o.pin);
  }

  /** A counter (terminal `terminalId`) with its own data folder, over the same card and host; `restart` reopens the same folder. */
  async counter(terminalId = '000001000050', name = 'a'): Promise<Services> {
    const settings = SettingsSchema.parse({ terminalId, hostUrl: this.sim.url });
    const reader = new InProcessReader(this.logged);
    this.readers.push(reader);
    const s = await compose({
      settings, mode: 'real', dataDir: join(this.dir, name), readers: reader, printer: new ChromiumPrinter(), clock: this.clock,
    });
    this.counters.push(s);
    return s;
  }

  /** The card vanished with a fault (torn, answer lost): put it back, as the operator would. */
  reinsert(): void {
    if (this.card.present) return;
    this.card.insert();
    for (const r of this.readers) r.cardChanged();
  }

  async stop(s: Services): Promise<void> {
    this.counters.splice(this.counters.indexOf(s), 1);
    await s.close();
  }

  /** APDUs by instruction since `from` (an index into `apdus`): VERIFY 0020, INIT FOR LOAD 8050, CREDIT 8052. */
  count(ins: '0020' | '8050' | '8052', from = 0): number {
    return this.apdus.slice(from).filter((h) => h.startsWith(ins)).length;
  }

  async close(): Promise<void> {
    for (const s of this.counters.splice(0)) await s.close();
    await this.sim.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
