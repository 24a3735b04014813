import { renameSync, rmSync } from 'node:fs';
import { fileModeFor, privateDir } from '../journal/file-modes';
import { dirname } from 'node:path';
import log from 'electron-log/node';

/**
 * The main process's log (docs/release.md "Logs and error references"): one JSON object per line —
 * `{"time","level","msg", …context}` — written by electron-log's file transport (kept library; plain
 * Node, no Electron needed, so the shell, the CLI and the tests share it). Writes are synchronous, so the
 * line of a fatal error is in the file before the process exits (docs/security.md, crash policy).
 * electron-log decides when the file is full (`maxSize`); `archive` below only names the generations
 * (main.log.1 … .KEEP, the oldest dropped) where electron-log would keep a single `.old.log`.
 */
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 5;

export type LogLevel = 'info' | 'warn' | 'error';
/** What a line may carry beside its message: flat values only, so every line greps and parses alike. */
export type LogContext = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  readonly path: string;
  /** One structured line. */
  line(level: LogLevel, msg: string, context?: LogContext): void;
  info(msg: string, context?: LogContext): void;
  warn(msg: string, context?: LogContext): void;
  error(msg: string, context?: LogContext): void;
  /** A free text as one line — `error` when it starts FATAL or ERROR (the crash policy's), else `info`. */
  write(text: string): void;
}

let instances = 0;

export function openLogger(path: string, o: { maxBytes?: number; keep?: number; now?: () => Date; mode?: number } = {}): Logger {
  const keep = o.keep ?? LOG_KEEP;
  const now = o.now ?? (() => new Date());
  privateDir(dirname(path));
  const logger = log.create({ logId: `etc-counter-${process.pid}-${++instances}` });
  logger.transports.console.level = false;
  const file = logger.transports.file;
  file.resolvePathFn = () => path;
  file.maxSize = o.maxBytes ?? LOG_MAX_BYTES;
  file.sync = true;
  // 0600, or 0660 in a machine's data folder, where every clerk's account writes the same log (docs/release.md §6).
  file.writeOptions = { flag: 'a', mode: o.mode ?? fileModeFor(path), encoding: 'utf8' };
  file.transforms = [({ data }) => data[0] as string];
  file.archiveLogFn = (f) => {
    const current = f.toString();
    rmSync(`${current}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try { renameSync(`${current}.${i}`, `${current}.${i + 1}`); } catch { /* not there */ }
    }
    try { renameSync(current, `${current}.1`); } catch { /* not there */ }
  };
  const line = (level: LogLevel, msg: string, context: LogContext = {}): void => {
    const fields = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined));
    const text = JSON.stringify({ time: now().toISOString(), level, msg, ...fields });
    try {
      logger[level](text);
    } catch {
      process.stderr.write(`${text}\n`); // a full disk must not turn logging into a second failure
    }
  };
  return {
    path,
    line,
    info: (msg, c) => line('info', msg, c),
    warn: (msg, c) => line('warn', msg, c),
    error: (msg, c) => line('error', msg, c),
    write: (text) => line(/^(FATAL|ERROR)\b/.test(text) ? 'error' : 'info', text),
  };
}
