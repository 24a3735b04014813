import type { LogFile } from './log-file';

/**
 * The process-wide policy for errors nothing caught (docs/security.md "Crash policy", docs/decisions.md),
 * installed at the edges — `serve`, `start` and the Electron entry:
 *
 * - **uncaughtException** — a throw escaped to the event loop, so some code stopped halfway and main's
 *   state (counters, the wizard's session, a half-sent card command) can no longer be trusted. The error is
 *   logged with its stack, the recharges a load may have cut are journaled (the quit guard's forced-quit
 *   entry), the journal and audit connections are closed — every row already written is complete, each
 *   step being its own durable transaction — and the process exits with EXIT_CRASHED. The next start
 *   integrity-checks the journal and lists the cut recharges in 待处理, where resume decides from the card.
 * - **unhandledRejection** — a promise failed that nobody awaited; no code path was abandoned midway (the
 *   one that would have handled it does not exist), so the error is logged with its stack and the process
 *   keeps serving.
 *
 * A failure inside the policy itself (the log, the journal's close) never stops the exit.
 */
export const EXIT_CRASHED = 70; // EX_SOFTWARE

export interface CrashPolicyOptions {
  log: LogFile;
  /** Also said on stderr (a terminal, a journald unit). */
  stderr?: (line: string) => void;
  /** Ends the process: process.exit, or Electron's app.exit. */
  exit: (code: number) => void;
}

export interface CrashPolicy {
  /** What to do, synchronously, before the exit: journal the cut loads, close the journal. Set once the services exist. */
  onFatal(fn: () => void): void;
  uninstall(): void;
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  try {
    return `non-error value: ${JSON.stringify(e)}`;
  } catch {
    return `non-error value: ${String(e)}`;
  }
}

export function installCrashPolicy(o: CrashPolicyOptions): CrashPolicy {
  let fatal: (() => void) | null = null;
  let exiting = false;
  const say = (line: string): void => {
    o.log.write(line);
    o.stderr?.(line);
  };
  const onException = (e: unknown, origin: string): void => {
    if (exiting) return;
    exiting = true;
    try {
      say(`FATAL ${origin}: ${describe(e)}`);
    } catch { /* the log must not keep the process alive */ }
    try {
      fatal?.();
      say(`FATAL ${origin}: journal closed, exiting with ${EXIT_CRASHED}`);
    } catch (err) {
      try { say(`FATAL ${origin}: closing the journal failed: ${describe(err)}`); } catch { /* nothing left to do */ }
    }
    o.exit(EXIT_CRASHED);
  };
  const onRejection = (reason: unknown): void => {
    try {
      say(`ERROR unhandledRejection (still serving): ${describe(reason)}`);
    } catch { /* logging must never become the failure */ }
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    onFatal(fn) { fatal = fn; },
    uninstall() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
