import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CounterMode } from '../../contract/settings';

/**
 * The main process's log: `<data folder>/logs/main.log` (training: `<data folder>/training/logs/main.log`,
 * beside its journal), one line per entry with an ISO time, rotated by size (main.log.1 … .KEEP, the oldest
 * dropped). Written synchronously and flushed, so that the line of a fatal error is on disk before the
 * process exits (docs/security.md, crash policy). Nothing here imports Electron: the shell and the CLI share it.
 */
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 5;

export interface LogFile {
  readonly path: string;
  /** One entry; a multi-line text (a stack) is kept together, its continuation lines indented. */
  write(text: string): void;
}

/** Where a mode's log lives (the data folder's, as main/config.ts modeDir places the journal). */
export function logPathFor(mode: CounterMode, dataDir: string): string {
  return join(mode === 'training' ? join(dataDir, 'training') : dataDir, 'logs', 'main.log');
}

export function openLogFile(path: string, o: { maxBytes?: number; keep?: number; now?: () => Date } = {}): LogFile {
  const maxBytes = o.maxBytes ?? LOG_MAX_BYTES;
  const keep = o.keep ?? LOG_KEEP;
  const now = o.now ?? (() => new Date());
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const rotate = (): void => {
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try { renameSync(`${path}.${i}`, `${path}.${i + 1}`); } catch { /* not there */ }
    }
    try { renameSync(path, `${path}.1`); } catch { /* not there */ }
  };
  return {
    path,
    write(text) {
      const line = `${now().toISOString()} ${text.replace(/\r?\n/g, '\n    ')}\n`;
      try {
        let size = 0;
        try { size = statSync(path).size; } catch { /* new file */ }
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
        const fd = openSync(path, 'a', 0o600);
        try {
          writeSync(fd, line);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch {
        process.stderr.write(line); // a full disk must not turn logging into a second failure
      }
    },
  };
}
