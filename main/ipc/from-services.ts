import type { Auth } from '../auth';
import type { Settings } from '../config';
import type { CardReader } from '../card/reader';
import type { HostLink } from '../host/port';
import type { Journal } from '../journal/port';
import type { RechargeEngineApi } from '../recharge/api';
import { readerFeed } from './reader-feed';
import type { IpcServices, TrainingControls } from './services';

/** The composition root's services (main/services.ts), as far as the IPC layer cares. */
export interface AppServices {
  engine: RechargeEngineApi;
  journal: Journal;
  host: HostLink;
  readers: CardReader;
  training: TrainingControls | null;
  settings: Settings;
  auth: Auth;
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
  };
}
