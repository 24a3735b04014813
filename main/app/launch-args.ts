import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import type { CounterMode, Settings } from '../../contract/settings';
import { refuseTrainingJournal } from '../config';
import { SettingsStore } from '../settings/store';

/**
 * The app's own command line — `[--training] [--host URL] [--journal FILE] [--config FILE] [--port N]` — as
 * the Electron entry, `serve` and `start` read it. Nothing here imports the CLI, the bridge or Electron, so
 * the Electron bundle takes only this.
 */
export interface LaunchArgs { port?: number; training: boolean; host?: string; journal?: string; config?: string }

export function parseLaunchArgs(argv: string[]): LaunchArgs {
  let args: LaunchArgs;
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
    args = { port, training: values.training ?? false, host: values.host, journal: values.journal, config: values.config };
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
  refuseTrainingJournal(args);
  return args;
}

/**
 * Our flags out of a command line that also carries other programs' switches (Electron and Chromium put
 * theirs, e.g. `--inspect=0`, `--no-sandbox`, in the same argv), ready for `parseLaunchArgs`.
 *
 * A release build (`packaged`: Electron's app.isPackaged) keeps `--training` only: which host it trusts,
 * which journal it writes and which settings it reads are the installation's (the settings file in the
 * data folder), never whatever a shortcut or another local user puts on its command line (docs/security.md).
 */
export function pickLaunchFlags(argv: string[], o: { packaged?: boolean } = {}): string[] {
  const out: string[] = [];
  const valued = o.packaged ? [] : ['--host', '--journal', '--config', '--port'];
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
 * The settings (data folder's file, `--config`, flags), the mode and the store 系统设置 saves to. Training
 * mode (培训模式) is chosen — by `--training` or the settings' `mode` — and never fallen into: a real
 * counter with no host configured starts in real mode and shows the first-run set-up (初始化设置).
 */
export function launchSettings(args: LaunchArgs, dataDir: string): { settings: Settings; mode: CounterMode; store: SettingsStore } {
  const store = SettingsStore.open(args.config, { hostUrl: args.host, journalPath: args.journal }, dataDir);
  const settings = { ...store.initial };
  return { settings, mode: args.training ? 'training' : settings.mode, store };
}
