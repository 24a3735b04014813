import { join } from 'node:path';
import type { CounterMode } from '../../contract/settings';
import { LOG_KEEP, LOG_MAX_BYTES, openLogger, type Logger } from '../log/logger';

/**
 * The main process's log: `<data folder>/logs/main.log` (training: `<data folder>/training/logs/main.log`,
 * beside its journal), structured JSON lines rotated by size (main/log/logger.ts, electron-log). Nothing
 * here imports Electron: the shell and the CLI share it.
 */
export { LOG_KEEP, LOG_MAX_BYTES };
export type LogFile = Logger;

/** Where a mode's log lives (the data folder's, as main/config.ts modeDir places the journal). */
export function logPathFor(mode: CounterMode, dataDir: string): string {
  return join(mode === 'training' ? join(dataDir, 'training') : dataDir, 'logs', 'main.log');
}

export function openLogFile(path: string, o: { maxBytes?: number; keep?: number; now?: () => Date } = {}): LogFile {
  return openLogger(path, o);
}
