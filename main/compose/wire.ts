import { dirname } from 'node:path';
import { cardMaxBalanceFor, type CounterMode } from '../../contract/settings';
import { openAuth } from '../auth';
import { backupBeforeMigration, backupsDir } from '../backup/backup';
import { JournalBackups } from '../backup/service';
import { ClientKeyVault } from '../settings/client-key';
import { AnyReaderCard } from '../card/any-reader-card';
import { loadRefusal } from '../card/loadability';
import type { CardReader } from '../card/reader';
import type { PosTerminal } from '../pos/port';
import { systemClock } from '../clock';
import { journalPathFor, modeDir } from '../config';
import { AppError } from '../../contract/errors';
import { HostConnection } from '../host/connection';
import { withWitness } from '../host/witness';
import { openCounterBook } from '../journal/counter-book';
import { privateDir, secureDataFolder } from '../journal/file-modes';
import { SqliteJournal } from '../journal/sqlite-journal';
import { PrintService, ReceiptArchive } from '../print';
import { RechargeEngine } from '../recharge/engine';
import { connectFromSettings, SystemSettings } from '../settings/system';
import type { ComposeOptions, Services } from './services';

/** What a mode adds (real.ts, training.ts): the host and the reader, opened once the journal is. */
export interface ModeParts<X> {
  /** Training: the simulator's address. Real: `settings` — the settings' address and certificates (main/settings). */
  host: { url: string } | 'settings';
  readers: CardReader;
  /** The integrated POS of the mode, if any (docs/pos.md). */
  pos: PosTerminal | null;
  /** Anything else the mode made, handed back to it with the services. */
  extra: X;
}

/** Things to close, in reverse order of opening; on a failed start, whatever was opened is closed again. */
export type Closers = (() => unknown)[];

/**
 * The wiring both modes share, over their ports: journal, operators and audit log, the mode's host and
 * reader (`connect`), host link, engine, archive and printing. The journal is opened and checked first:
 * a locked or corrupt journal stops start-up before anything else is started.
 */
export async function wire<X>(
  o: Omit<ComposeOptions, 'mode'>, mode: CounterMode, connect: (closers: Closers) => Promise<ModeParts<X>>,
): Promise<{ services: Omit<Services, 'training'>; extra: X }> {
  const { settings } = o;
  const clock = o.clock ?? systemClock;
  const now = () => clock.now();
  const training = mode === 'training';
  const closers: Closers = [];
  const close = async () => { for (const c of closers.splice(0).reverse()) await c(); };
  try {
    const journalPath = journalPathFor(settings, mode, o.dataDir);
    // Files only the counter can read (docs/security.md "Files"): 0700/0600 in an account's own folder; in a machine's
    // folder, shared by every clerk account (docs/release.md §6), the group keeps its rights and nobody else has any.
    secureDataFolder(o.dataDir);
    privateDir(dirname(journalPath));
    // An older journal is backed up before this program migrates it (docs/recovery.md).
    const home = modeDir(mode, o.dataDir);
    const premigration = await backupBeforeMigration(journalPath, backupsDir(home), settings.backupKeep, now());
    if (premigration) o.logger?.line('info', 'journal backed up before migration', { file: premigration.file });
    const journal = SqliteJournal.open(journalPath, { training, now });
    closers.push(() => journal.close());
    // A large journal's integrity check runs in the background; a corrupt one must stop start-up.
    await journal.verified;
    const auth = await openAuth(journalPath, { training, adminPassword: o.adminPassword ?? undefined, now });
    closers.push(() => auth.close());
    // Day closures and PIN outcomes (journal migration 6): 日结 that closes, a PIN never burned.
    const book = openCounterBook(journalPath, now);
    closers.push(() => book.close());

    const { host: hostAt, readers, pos, extra } = await connect(closers);
    closers.push(() => readers.close());
    const hostConnection = new HostConnection(new AppError('HOST_NOT_CONFIGURED'), { operatorId: o.operatorId ?? 'counter' });
    closers.push(() => hostConnection.close());
    const vault = new ClientKeyVault(home);
    if (hostAt === 'settings') connectFromSettings(hostConnection, settings, o.store, vault);
    else hostConnection.connect({ baseUrl: hostAt.url, terminalId: settings.terminalId });
    // confirm and unloaded carry the journal's chain heads to the host (docs/architecture.md §3c).
    const host = withWitness(hostConnection.link, () => journal.witness());
    const card = new AnyReaderCard(readers, () => settings.readerName);
    closers.push(() => card.disconnect());
    // The engine reads these at each use: 系统设置 changes them while the program runs (main/settings/system.ts).
    const engine = new RechargeEngine({
      card, host, journal, clock, training, loadRefusal,
      get terminalId() { return settings.terminalId.toUpperCase(); },
      get pin() { return settings.defaultPin; },
      get pinEncoding() { return settings.pinEncoding; },
      cardMaxBalance: (c) => cardMaxBalanceFor(settings, c),
      loadKeys: settings.loadKeyIndex, pos: { ...settings.pos, terminal: o.posTerminal ?? pos },
      pinHolds: book.pins, dayClosed: (date) => book.days.isClosed(date),
    });
    // Training slips are archived apart from real ones, as the training journal is.
    const archive = new ReceiptArchive(modeDir(mode, o.dataDir));
    const { printer } = o;
    closers.push(() => printer.close?.());
    const print = new PrintService({ printer, archive, settings, clock });
    const system = new SystemSettings({ mode, settings, store: o.store ?? null, connection: hostConnection, auth, vault });
    const backups = new JournalBackups({ journal, dataDir: home, settings, now, log: o.logger });
    closers.push(() => backups.settled());
    const days = backups.afterDayClose(book.days);
    return {
      services: { mode, engine, journal, host, hostConnection, readers, settings, system, auth, print, archive, clock, days, backups, close },
      extra,
    };
  } catch (e) {
    for (const c of closers.splice(0).reverse()) await Promise.resolve().then(c).catch(() => undefined);
    throw e;
  }
}
