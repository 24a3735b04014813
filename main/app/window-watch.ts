import type { Logger } from '../log/logger';

/** The part of a BrowserWindow the watch needs (Electron's, or a test's). */
export interface WatchedWindow {
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
    reload(): void;
    forcefullyCrashRenderer(): void;
    isDestroyed(): boolean;
  };
}

/** How long a page may stop answering before main restarts it (a load in progress is main's, not the page's). */
export const HANG_RESTART_MS = 15_000;

/**
 * A renderer crash or a hung window (docs/release.md §12): logged, and the page started again — it asks
 * main for `status` and picks the wizard's recharge up where main has it (docs/architecture.md §1: the
 * renderer holds no truth), and `restored` lets the status bar tell the clerk once. A page that has not
 * answered for HANG_RESTART_MS is crashed on purpose and restarted the same way.
 */
export function watchWindow(win: WatchedWindow, o: {
  log: Pick<Logger, 'line'>; restored: (reason: string) => void; hangMs?: number;
}): () => void {
  let hung: ReturnType<typeof setTimeout> | null = null;
  let restarting = false;
  const clear = () => { if (hung) clearTimeout(hung); hung = null; };
  const restart = (reason: string) => {
    if (restarting || win.webContents.isDestroyed()) return;
    restarting = true;
    o.restored(reason);
    win.webContents.reload();
    setTimeout(() => { restarting = false; }, 2_000).unref?.();
  };
  win.webContents.on('render-process-gone', (_e, d) => {
    clear();
    o.log.line('error', 'window page gone', { reason: d.reason, exitCode: d.exitCode });
    if (d.reason !== 'clean-exit') restart(d.reason);
  });
  win.on('unresponsive', () => {
    o.log.line('warn', 'window not answering', { restartAfterMs: o.hangMs ?? HANG_RESTART_MS });
    clear();
    hung = setTimeout(() => {
      hung = null;
      o.log.line('error', 'window hung: its page is restarted', {});
      restart('hung');
      win.webContents.forcefullyCrashRenderer();
    }, o.hangMs ?? HANG_RESTART_MS);
  });
  win.on('responsive', () => {
    if (hung) o.log.line('info', 'window answering again', {});
    clear();
  });
  return clear;
}
