import type { RechargeEvent, RechargeRecord } from '../../contract/recharge';
import type { Settings } from '../config';
import type { HostLink } from '../host/port';
import type { RecordsQuery } from '../journal/port';
import type { AuditLog } from '../auth/audit';
import type { OperatorStore } from '../auth/operators';
import type { RechargeEngineApi } from '../recharge/api';
import type { PrintService, ReceiptArchive } from '../print';

/** Readers and card presence as the status bar sees them. */
export interface ReaderState {
  readers: string[];
  reader: string | null;
  cardPresent: boolean;
}

/** Reader plug/unplug and card insert/remove, adapted from main/card's reader by `fromServices`. */
export interface ReaderFeed {
  state(): Promise<ReaderState>;
  onChange(listener: (s: ReaderState) => void): () => void;
}

/** Training mode's controls (培训模式): a simulated card to insert and remove, a simulated payment. */
export interface TrainingControls {
  /** The in-process host simulator's address (null when training runs against a configured host). */
  hostUrl: string | null;
  profiles(): { id: string; label: string }[];
  insert(profileId: string): void;
  remove(): void;
  pay(rechargeId: string): Promise<void>;
}

/** The part of main's services the IPC handlers use. */
export interface IpcServices {
  engine: RechargeEngineApi;
  journal: {
    query(q: RecordsQuery): RechargeRecord[];
    day(date: string): RechargeRecord[];
    dayEvents(date: string): RechargeEvent[];
    unfinished(): RechargeRecord[];
  };
  host: Pick<HostLink, 'signIn' | 'records' | 'getOrder'>;
  /** Slips to PDF and paper (main/print); the archive holds every PDF. */
  print: PrintService;
  archive: Pick<ReceiptArchive, 'list'>;
  readers: ReaderFeed;
  training: TrainingControls | null;
  settings: Settings;
  /** Operators and the audit log (main/auth). */
  auth: { operators: OperatorStore; audit: AuditLog };
}
