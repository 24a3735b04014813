import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../contract/errors';
import { loadKeyFile } from '../sim/crypto/keys';
import { startHostSim, type HostSim } from '../sim/host';
import { ADMIN_PASSWORD_ENV, openAuth, type Auth } from './auth';
import { AnyReaderCard } from './card/any-reader-card';
import { InProcessReader } from './card/in-process-reader';
import { loadRefusal } from './card/loadability';
import type { CardReader } from './card/reader';
import type { Settings } from './config';
import { HttpHostLink } from './host/http-host-link';
import type { HostLink } from './host/port';
import type { TrainingControls } from './ipc/services';
import { SqliteJournal } from './journal/sqlite-journal';
import { ChromiumPrinter, PrintService, ReceiptArchive, type Printer } from './print';
import type { Clock } from './clock';
import { RechargeEngine } from './recharge/engine';
import { TrainingCardSlot } from './training/training-cards';

const SIM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'sim', 'fixtures');

export interface ServicesOptions {
  settings: Settings;
  /** 培训模式: in-process host simulator and virtual cards, a journal of its own. */
  training: boolean;
  dataDir: string;
  /** Overrides settings.hostUrl. Training mode ignores both: it always uses its own host simulator. */
  hostUrl?: string;
  /** Overrides settings.journalPath. Training mode ignores the setting (never the real journal's path). */
  journalPath?: string;
  /** A reader other than PC/SC (tests). */
  readers?: CardReader;
  operatorId?: string;
  clock?: Clock;
  /** The printing port (Electron passes its own); default: Debian's Chromium for PDF and CUPS for paper. */
  printer?: Printer;
  /** Real mode's first run with no operators: supervisor `admin` gets this password (default: $ETC_COUNTER_ADMIN_PASSWORD). */
  adminPassword?: string;
}

export interface Services {
  engine: RechargeEngine;
  journal: SqliteJournal;
  host: HostLink;
  readers: CardReader;
  training: (TrainingControls & { slot: TrainingCardSlot; sim: HostSim }) | null;
  settings: Settings;
  /** Operators and the audit log, in the journal's file (main/auth). */
  auth: Auth;
  /** Receipts, evidence slips and day reports: PDF archive (under the journal's data folder) and paper. */
  print: PrintService;
  archive: ReceiptArchive;
  close(): Promise<void>;
}

/** The composition root: every service of the main process, wired over its ports. */
export async function createServices(o: ServicesOptions): Promise<Services> {
  const { settings } = o;
  const closers: (() => unknown)[] = [];
  try {
    const trainingDir = join(o.dataDir, 'training');
    // Training data never mixes with real data: its own journal and its own simulated host, whatever the
    // settings say about the real ones.
    const journalPath = o.training
      ? o.journalPath ?? join(trainingDir, 'journal.sqlite')
      : o.journalPath ?? settings.journalPath ?? join(o.dataDir, 'journal.sqlite');
    mkdirSync(dirname(journalPath), { recursive: true });
    const journal = SqliteJournal.open(journalPath, { training: o.training });
    closers.push(() => journal.close());
    // A large journal's integrity check runs in the background; a corrupt one must stop start-up.
    await journal.verified;
    const auth = await openAuth(journalPath, {
      training: o.training, adminPassword: o.adminPassword ?? process.env[ADMIN_PASSWORD_ENV] ?? undefined,
    });
    closers.push(() => auth.close());

    let training: Services['training'] = null;
    let readers = o.readers;
    let hostUrl = o.training ? null : o.hostUrl ?? settings.hostUrl ?? null;
    if (o.training) {
      mkdirSync(join(trainingDir, 'cards'), { recursive: true });
      const keys = loadKeyFile(join(SIM_DIR, 'keys.json'));
      const sim = await startHostSim({ keys, dbPath: join(trainingDir, 'host.sqlite') });
      closers.push(() => sim.close());
      hostUrl = sim.url;
      const slot = new TrainingCardSlot(join(SIM_DIR, 'cards'), join(trainingDir, 'cards'), keys);
      const inProcess = new InProcessReader(slot, { name: '培训读卡器 (Training reader)' });
      readers ??= inProcess;
      training = {
        slot,
        sim,
        hostUrl: sim.url,
        profiles: () => slot.profiles(),
        insert: (id) => { slot.insert(id); inProcess.cardChanged(); },
        remove: () => { slot.remove(); inProcess.cardChanged(); },
        pay: async (rechargeId) => {
          const orderId = journal.get(rechargeId)?.orderId;
          if (!orderId) throw new AppError('RECHARGE_NOT_FOUND', { id: rechargeId });
          sim.pay(orderId);
        },
      };
    }
    if (!hostUrl) throw new AppError('HOST_NOT_CONFIGURED');
    if (!readers) {
      const { PcscReader } = await import('./card/pcsc-reader');
      readers = new PcscReader();
    }
    const reader = readers;
    closers.push(() => reader.close());
    const host = new HttpHostLink({
      baseUrl: hostUrl, credentials: { terminalId: settings.terminalId, operatorId: o.operatorId ?? 'counter' },
    });
    const card = new AnyReaderCard(reader, () => settings.readerName);
    closers.push(() => card.disconnect());
    const engine = new RechargeEngine({
      card, host, journal, clock: o.clock, terminalId: settings.terminalId.toUpperCase(), training: o.training,
      pin: settings.defaultPin, pinEncoding: settings.pinEncoding, cardMaxBalanceFen: settings.cardMaxBalanceFen, loadRefusal,
    });
    // Training slips are archived apart from real ones, as the training journal is.
    const archive = new ReceiptArchive(o.training ? trainingDir : o.dataDir);
    const printer = o.printer ?? new ChromiumPrinter();
    closers.push(() => printer.close?.());
    const print = new PrintService({ printer, archive, settings });
    return {
      engine, journal, host, readers: reader, training, settings, auth, print, archive,
      close: async () => { for (const c of closers.reverse()) await c(); },
    };
  } catch (e) {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined);
    throw e;
  }
}
