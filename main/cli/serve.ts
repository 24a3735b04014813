import { t } from '../../contract/i18n';
import { startBrowserMode, type BrowserMode } from '../app/browser-mode';
import { launchSettings, parseLaunchArgs, type LaunchArgs } from '../app/launch-args';
import { ensureRendererBuilt } from '../app/renderer-build';
import { readEnvironment } from '../env';
import { warnPlainHttp, type Command } from './command';

/**
 * Starts main's services and browser mode (the edge: environment and settings are read here). Training
 * mode (培训模式) only when chosen (`--training`, or the settings' mode); a real counter without a host
 * shows the first-run set-up. Paper goes through Debian's Chromium, whose printer (playwright-core) is
 * loaded on this path only. The caller owns the returned handle.
 */
export async function launchBrowserMode(args: LaunchArgs, log: (line: string) => void): Promise<{ mode: BrowserMode; stop(): Promise<void> }> {
  const env = readEnvironment();
  const { settings, mode: counterMode, store } = launchSettings(args, env.dataDir);
  if (counterMode === 'real') warnPlainHttp(settings.hostUrl, log);
  ensureRendererBuilt(log);
  const { compose } = await import('../compose');
  const { ChromiumPrinter } = await import('../print/chromium-printer');
  const services = await compose({
    settings, store, mode: counterMode, dataDir: env.dataDir, adminPassword: env.adminPassword, printer: new ChromiumPrinter(),
  });
  const mode = await startBrowserMode({ services, port: args.port, log });
  let stopped = false;
  return {
    mode,
    async stop() {
      if (stopped) return;
      stopped = true;
      await mode.close();
      await services.close();
    },
  };
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

/** `etc-counter serve [--port N] [--training] [--host URL] [--journal FILE] [--config FILE]` */
export const command: Command = {
  summary: 'serve [--port N] [--training] [--host URL] [--journal FILE]: browser mode without a window; prints its URL first',
  async run(argv) {
    const args = parseLaunchArgs(argv);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const { mode, stop } = await launchBrowserMode(args, log);
    process.stdout.write(`${mode.url}\n`); // first line of stdout: tests and scripts read it
    log(`${t('APP_SERVING')} / ${t('APP_SERVING', {}, 'en')}`);
    await stopOnSignals(mode, stop, log);
    return 0;
  },
};
