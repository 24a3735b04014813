import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadKeyFile } from '../../sim/crypto/keys';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard } from '../../sim/card/virtual-card';
import { attachVpcd, type VpcdLink } from '../../sim/card/vpcd';
import { startHostSim, type HostSim } from '../../sim/host';
import { SqliteJournal } from '../../main/journal/sqlite-journal';
import { localDateOf } from '../../main/journal/dates';
import { PcscReader } from '../../main/card/pcsc-reader';
import { waitForCard } from '../pcsc/card-rig';
import { reseat } from '../pcsc/reseat';
import type { RechargeRecord } from '../../contract/recharge';
import type { ChildConfig } from './child';

export const ROOT = join(import.meta.dirname, '..', '..');
export const KEYS = join(ROOT, 'sim', 'fixtures', 'keys.json');
export const PROFILE = join(ROOT, 'sim', 'fixtures', 'cards', 'normal.json');
export const VPCD = { port: 35963, reader: 'Virtual PCD 00 00' };

export interface ChildResult { code: number | null; signal: NodeJS.Signals | null; loadApdus: string[]; stderr: string }

/** Runs the engine in a child process until it exits or kills itself. */
export function runChild(cfg: ChildConfig): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'faults', 'child.ts'), JSON.stringify(cfg)], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      let loadApdus: string[] = [];
      try { loadApdus = (JSON.parse(last) as { loadApdus: string[] }).loadApdus; } catch { /* killed before printing */ }
      resolve({ code, signal, loadApdus, stderr: err });
    });
  });
}

/** One scenario's world: a fresh host simulator, journal and card, the card either in-process or behind vpcd. */
export class World {
  readonly sim: HostSim;
  private link: VpcdLink | null = null;
  private vcard: VirtualCard | null = null;

  private constructor(readonly dir: string, readonly transport: 'inproc' | 'vpcd', sim: HostSim) {
    this.sim = sim;
  }

  static async create(dir: string, transport: 'inproc' | 'vpcd'): Promise<World> {
    mkdirSync(dir, { recursive: true });
    const sim = await startHostSim({ keys: loadKeyFile(KEYS), dbPath: join(dir, 'host.sqlite') });
    const w = new World(dir, transport, sim);
    if (transport === 'vpcd') {
      w.vcard = w.newCard();
      w.link = await attachVpcd(w.vcard, { port: VPCD.port });
      await w.untilPcscdSees(true);
    }
    return w;
  }

  get statePath(): string { return join(this.dir, 'card.json'); }

  private newCard(): VirtualCard {
    return new VirtualCard(loadCardProfile(PROFILE), loadKeyFile(KEYS), { statePath: this.statePath });
  }

  /** The card as it is now (read from its state file, the card's EEPROM). */
  card() {
    return (this.vcard ?? this.newCard()).snapshot();
  }

  /** The card behind vpcd, for fault switches; null in-process (the child owns it there). */
  get vpcdCard(): VirtualCard | null { return this.vcard; }

  /** vpcd's card vanished (a fault): put it back as a person would (tests/pcsc/reseat.ts). */
  async reinsert(): Promise<void> {
    if (!this.vcard || this.vcard.present) return;
    const reader = new PcscReader();
    try {
      await reseat(this.vcard, reader, VPCD.reader);
    } finally {
      await reader.close();
    }
  }

  /** pcscd learns of a card (dis)appearing asynchronously; a child started before that would find no card. */
  async untilPcscdSees(present: boolean, deadlineMs = 20_000): Promise<void> {
    const reader = new PcscReader();
    try {
      await waitForCard(reader, present, VPCD.reader, deadlineMs);
    } finally {
      await reader.close();
    }
  }

  config(action: ChildConfig['action'], extra: Partial<ChildConfig> = {}): ChildConfig {
    return {
      action, hostUrl: this.sim.url, journalPath: join(this.dir, 'journal.sqlite'), dataDir: this.dir, amountFen: 2345,
      transport: this.transport === 'vpcd'
        ? { kind: 'vpcd', reader: VPCD.reader }
        : { kind: 'inproc', profile: PROFILE, keys: KEYS, statePath: this.statePath },
      ...extra,
    };
  }

  recharges(): RechargeRecord[] {
    const j = SqliteJournal.open(join(this.dir, 'journal.sqlite'));
    try {
      return j.unfinished().concat(j.day(localToday())).filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
    } finally {
      j.close();
    }
  }

  async close(): Promise<void> {
    await this.link?.close();
    if (this.link) await this.untilPcscdSees(false);
    await this.sim.close();
  }
}

/** Today's business date (Beijing), as the journal dates its recharges (main/journal/dates.ts). */
function localToday(): string {
  return localDateOf(new Date());
}
