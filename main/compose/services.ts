import type { PosVoucher } from '../../contract/pos';
import type { CounterMode, Settings } from '../../contract/settings';
import type { Auth } from '../auth';
import type { Logger } from '../log/logger';
import type { JournalBackups } from '../backup/service';
import type { CardReader } from '../card/reader';
import type { Clock } from '../clock';
import type { HostConnection } from '../host/connection';
import type { HostLink } from '../host/port';
import type { DayClosures } from '../journal/day-closures';
import type { SqliteJournal } from '../journal/sqlite-journal';
import type { PosTerminal } from '../pos/port';
import type { Printer, PrintService, ReceiptArchive } from '../print';
import type { RechargeEngineApi } from '../recharge/api';
import type { SettingsStore } from '../settings/store';
import type { SystemSettings } from '../settings/system';

/**
 * The one shape of main's services (docs/architecture.md §1): what the composition root (main/compose)
 * builds and what the IPC layer, browser mode, the Electron shell and the CLI use. Types only.
 */

/** What the edge (a CLI command, the Electron entry) hands the composition root; it reads nothing else. */
export interface ComposeOptions {
  /** Settings file, `--config` and flags already layered (main/config.ts). The services hold this object; 系统设置 changes it in place. */
  settings: Settings;
  /** Where 系统设置 saves (the edge's layers, main/settings/store.ts); absent: this run cannot save. */
  store?: SettingsStore | null;
  mode: CounterMode;
  /** The data folder (the edge reads $ETC_COUNTER_HOME, main/env.ts). */
  dataDir: string;
  /** The printing port: Electron passes its own; browser mode and the CLI Debian's Chromium (main/print/chromium-printer.ts). */
  printer: Printer;
  /** Real mode's first start with no operator: supervisor `admin` gets this password (main/auth). */
  adminPassword?: string | null;
  /** A reader other than the mode's own (PC/SC in real mode, the training slot in training): tests. */
  readers?: CardReader;
  /**
   * The outlet's integrated POS (settings `pos.mode` "mis"): a bank's adapter, or the simulated one of a
   * test. Training brings its own simulated MIS-POS; real mode has none unless it is given (docs/pos.md).
   */
  posTerminal?: PosTerminal;
  /** Training: how long the simulated customer takes at the simulated POS (default 1.5 s; tests pass 0). */
  posSwipeMs?: number;
  /** Who the host link signs in as until an operator signs in (default `counter`). */
  operatorId?: string;
  clock?: Clock;
  /** The structured log (main/log/logger.ts) backups and the start-up write to; the edge opens it. */
  logger?: Logger;
}

/** Training mode's controls (培训模式): a simulated card to insert and remove, a simulated payment. */
export interface TrainingControls {
  /** The in-process host simulator's address (its pay page and test API). */
  hostUrl: string | null;
  profiles(): { id: string; label: string }[];
  insert(profileId: string): void;
  remove(): void;
  pay(rechargeId: string): Promise<void>;
  /** A slip the simulated POS printed (booked with the simulated acquirer), for practising manual entry. */
  posSlip(amountFen: number): Promise<PosVoucher & { amountFen: number }>;
}

export interface Services {
  mode: CounterMode;
  engine: RechargeEngineApi;
  /** The journal port plus the day's events for 日结 and the file's path and mode. */
  journal: SqliteJournal;
  /** The host link; its target follows the settings (`hostConnection`). */
  host: HostLink;
  hostConnection: HostConnection;
  readers: CardReader;
  training: TrainingControls | null;
  settings: Settings;
  /** 初始化设置 and 系统设置: set-up state, saving settings (main/settings/system.ts). */
  system: SystemSettings;
  /** Operators and the audit log, in the journal's file (main/auth). */
  auth: Auth;
  /** Receipts, evidence slips and day reports: PDF archive (in the mode's data folder) and paper. */
  print: PrintService;
  archive: ReceiptArchive;
  clock: Clock;
  /** 日结 that closes (journal migration 6): which local dates are closed, reopened, carried over. */
  days: DayClosures;
  /** Journal backups: at every 日结, on demand (main/backup, docs/recovery.md). */
  backups: JournalBackups;
  close(): Promise<void>;
}
