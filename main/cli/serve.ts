import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { startBrowserMode, type BrowserMode } from '../app/browser-mode';
import { ensureRendererBuilt } from '../app/renderer-build';
import { dataDir, loadSettings } from '../config';
import type { Command } from './index';

export interface ServeArgs { port?: number; training: boolean; host?: string; journal?: string; config?: string }

export function parseServeArgs(argv: string[]): ServeArgs {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' }, training: { type: 'boolean', default: false }, host: { type: 'string' },
        journal: { type: 'string' }, config: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port ${values.port}`);
    return { port, training: values.training ?? false, host: values.host, journal: values.journal, config: values.config };
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Our flags out of a command line that also carries other programs' switches (Electron and Chromium put
 * theirs, e.g. `--inspect=0`, `--no-sandbox`, in the same argv), ready for `parseServeArgs`.
 */
export function pickServeFlags(argv: string[]): string[] {
  const out: string[] = [];
  const valued = ['--host', '--journal', '--config', '--port'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = argv[i + 1];
    if (a === '--training') out.push(a);
    else if (valued.includes(a) && next !== undefined) { out.push(a, next); i++; }
    else if (valued.some((v) => a.startsWith(`${v}=`))) out.push(a);
  }
  return out;
}

/**
 * Starts main's services and browser mode. Training mode (培训模式) is the default when no host is
 * configured. The caller owns the returned handle; `onStop` runs once it has closed.
 */
export async function launchBrowserMode(args: ServeArgs, log: (line: string) => void): Promise<{ mode: BrowserMode; stop(): Promise<void> }> {
  const settings = loadSettings(args.config, { hostUrl: args.host, journalPath: args.journal });
  const training = args.training || !settings.hostUrl;
  ensureRendererBuilt(log);
  const { createServices } = await import('../services');
  const services = await createServices({ settings, training, dataDir: dataDir(), hostUrl: settings.hostUrl ?? undefined });
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
    const args = parseServeArgs(argv);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const { mode, stop } = await launchBrowserMode(args, log);
    process.stdout.write(`${mode.url}\n`); // first line of stdout: tests and scripts read it
    log(`${t('APP_SERVING')} / ${t('APP_SERVING', {}, 'en')}`);
    await stopOnSignals(mode, stop, log);
    return 0;
  },
};
