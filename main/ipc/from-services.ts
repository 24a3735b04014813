import type { Auth } from '../auth';
import type { Settings } from '../config';
import type { CardReader } from '../card/reader';
import type { HostLink } from '../host/port';
import type { Journal } from '../journal/port';
import type { RechargeEngineApi } from '../recharge/api';
import type { PrintService, ReceiptArchive } from '../print';
import type { DaySource } from '../report';
import { readerFeed } from './reader-feed';
import type { IpcServices, TrainingControls } from './services';

/** The composition root's services (main/services.ts), as far as the IPC layer cares. */
export interface AppServices {
  engine: RechargeEngineApi;
  /** SqliteJournal: the port plus the day's events for 日结. */
  journal: Journal & DaySource;
  host: HostLink;
  readers: CardReader;
  training: TrainingControls | null;
  settings: Settings;
  auth: Auth;
  print: PrintService;
  archive: ReceiptArchive;
}

export function ipcServices(s: AppServices): IpcServices {
  return {
    engine: s.engine,
    journal: s.journal,
    host: s.host,
    readers: readerFeed(s.readers, s.settings.readerName),
    training: s.training,
    settings: s.settings,
    auth: s.auth,
    print: s.print,
    archive: s.archive,
  };
}
