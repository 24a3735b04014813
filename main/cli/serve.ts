import { createInterface } from 'node:readline';
import { t } from '../../contract/i18n';
import type { Services } from '../compose/services';
import { startBrowserMode, type BrowserMode } from '../app/browser-mode';
import { installCrashPolicy, type CrashPolicy } from '../app/crash-policy';
import { launchSettings, parseLaunchArgs, type LaunchArgs } from '../app/launch-args';
import { logPathFor, openLogFile, type LogFile } from '../app/log-file';
import { ensureRendererBuilt } from '../app/renderer-build';
import { readEnvironment } from '../env';
import { warnPlainHttp, type Command } from './command';

export interface Serving {
  mode: BrowserMode;
  services: Services;
  log: LogFile;
  stop(): Promise<void>;
}

/**
 * Starts main's services and browser mode (the edge: environment and settings are read here). Training
 * mode (培训模式) only when chosen (`--training`, or the settings' mode); a real counter without a host
 * shows the first-run set-up. Paper goes through Debian's Chromium, whose printer (playwright-core) is
 * loaded on this path only. The process-wide crash policy is installed first (main/app/crash-policy.ts),
 * writing to the mode's log (main/app/log-file.ts). The caller owns the handle.
 */
export async function launchBrowserMode(args: LaunchArgs, say: (line: string) => void): Promise<Serving> {
  const env = readEnvironment();
  const { settings, mode: counterMode, store } = launchSettings(args, env.dataDir);
  const log = openLogFile(logPathFor(counterMode, env.dataDir));
  const policy: CrashPolicy = installCrashPolicy({ log, stderr: say, exit: (code) => process.exit(code) });
  const both = (line: string): void => { say(line); log.write(line); };
  try {
    if (counterMode === 'real') warnPlainHttp(settings.hostUrl, both);
    ensureRendererBuilt(say);
    const { compose } = await import('../compose');
    const { ChromiumPrinter } = await import('../print/chromium-printer');
    const services = await compose({
      settings, store, mode: counterMode, dataDir: env.dataDir, adminPassword: env.adminPassword, printer: new ChromiumPrinter(),
    });
    const mode = await startBrowserMode({ services, port: args.port, log: both, logger: log });
    policy.onFatal(() => {
      mode.quitGuard.recordForcedQuit('uncaughtException');
      services.auth.close();
      services.journal.close();
    });
    log.write(`started: browser mode, ${counterMode}, ${mode.bridge.origin}`);
    let stopped = false;
    return {
      mode,
      services,
      log,
      async stop() {
        if (stopped) return;
        stopped = true;
        await mode.close();
        await services.close();
        log.write('stopped');
        policy.uninstall();
      },
    };
  } catch (e) {
    policy.uninstall();
    throw e;
  }
}

/**
 * Ctrl+C / SIGTERM: refused while a card is being written; a second signal forces the quit and is
 * journaled on the recharge it cuts (the quit guard).
 */
export function stopOnSignals(mode: BrowserMode, stop: () => Promise<void>, log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let refused = false;
    const onSignal = (sig: NodeJS.Signals) => {
      if (!mode.quitGuard.mayQuit() && !refused) {
        refused = true;
        log(`${t('APP_QUIT_REFUSED')} / ${t('APP_QUIT_REFUSED', {}, 'en')}`);
        return;
      }
      if (!mode.quitGuard.mayQuit()) mode.quitGuard.recordForcedQuit(sig);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void stop().finally(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Each line on standard input (Enter in the terminal that runs `serve`) prints one more one-time launch
 * address on stdout, for one more browser: only whoever holds that terminal can let a browser in.
 */
export function offerLaunchUrls(mode: BrowserMode): () => void {
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', () => process.stdout.write(`${mode.newUrl()}\n`));
  return () => lines.close();
}

/** `etc-counter serve [--port N] [--training] [--host URL] [--journal FILE] [--config FILE]` */
export const command: Command = {
  summary: 'serve [--port N] [--training] [--host URL] [--journal FILE]: browser mode without a window; prints a one-time address first (Enter: another)',
  async run(argv) {
    const args = parseLaunchArgs(argv);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const { mode, stop } = await launchBrowserMode(args, log);
    process.stdout.write(`${mode.url}\n`); // first line of stdout: tests and scripts read it
    log(`${t('APP_SERVING')} / ${t('APP_SERVING', {}, 'en')}`);
    log(`${t('BRIDGE_NEW_URL_HINT')} / ${t('BRIDGE_NEW_URL_HINT', {}, 'en')}`);
    const stopOffering = offerLaunchUrls(mode);
    await stopOnSignals(mode, stop, log);
    stopOffering();
    return 0;
  },
};
