import { AppError, isAppError } from '../../contract/errors';
import type { DayClosures } from '../journal/day-closures';
import type { Logger } from '../log/logger';
import { backupName, backupsDir, writeBackup, type BackupDone, type BackupReason } from './backup';

/** The last backup this run made, for the status bar and the support bundle. */
export interface BackupState { at: string; ok: boolean; reason: BackupReason; file: string | null; copies: string[]; error: { code: string; message: string } | null }

/**
 * The running app's backups (docs/recovery.md): one at every 日结 (a day closed in 日结 is followed by a
 * backup of the journal as it then stands), on demand, kept `keep` deep in `<data folder>/backups` and in
 * the second folder when the settings (or the policy) name one. A failed backup is logged and shown; it
 * never undoes or blocks the close.
 */
export class JournalBackups {
  private lastState: BackupState | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: {
    journal: { backup(path: string): Promise<void> };
    dataDir: string;
    settings: { backupKeep: number; backupCopyDir: string | null };
    now: () => Date;
    log?: Pick<Logger, 'line'>;
  }) {}

  get dir(): string {
    return backupsDir(this.o.dataDir);
  }

  get last(): BackupState | null {
    return this.lastState;
  }

  /** One backup now (one at a time); resolves with it, or rejects with BACKUP_* — both recorded in `last`. */
  run(reason: BackupReason): Promise<BackupDone> {
    const next = this.running.catch(() => undefined).then(() => this.once(reason));
    this.running = next;
    return next;
  }

  private async once(reason: BackupReason): Promise<BackupDone> {
    const at = this.o.now();
    try {
      const done = await writeBackup(this.o.journal, {
        dir: this.dir, name: backupName(at, reason), keep: this.o.settings.backupKeep, copyDir: this.o.settings.backupCopyDir, reason,
      });
      this.lastState = { at: at.toISOString(), ok: true, reason, file: done.file, copies: done.copies, error: null };
      this.o.log?.line('info', 'journal backup written', { reason, file: done.file, copies: done.copies.join(';'), bytes: done.bytes });
      return done;
    } catch (e) {
      const err = isAppError(e) ? e : new AppError('BACKUP_FAILED', { file: this.dir, detail: e instanceof Error ? e.message : String(e) });
      this.lastState = { at: at.toISOString(), ok: false, reason, file: null, copies: [], error: { code: err.code, message: err.message } };
      this.o.log?.line('error', 'journal backup failed', { reason, code: err.code, detail: err.english });
      throw err;
    }
  }

  /** The day closures, with a backup after every close (in the background: the close stands either way). */
  afterDayClose(days: DayClosures): DayClosures {
    const close = days.close.bind(days);
    const wrapped = Object.create(days) as DayClosures;
    wrapped.close = (...args: Parameters<DayClosures['close']>) => {
      const closed = close(...args);
      this.run('day-close').catch(() => undefined); // recorded in `last` and the log
      return closed;
    };
    return wrapped;
  }

  /** Resolves once the backup in progress (if any) has ended: the app waits for it before closing the journal. */
  async settled(): Promise<void> {
    await this.running.catch(() => undefined);
  }
}
