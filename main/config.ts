import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { AppError } from '../contract/errors';
import { SettingsSchema, type CounterMode, type Settings } from '../contract/settings';
import { readPolicy, type Policy } from './settings/policy';

/**
 * Terminal settings (docs/architecture.md §5; the schema is the contract's, contract/settings.ts): the
 * settings file in the app's data folder, then `--config FILE`, then command-line flags, each overriding
 * the one before. Only the edges (the CLI's commands, the Electron entry) call these.
 */

/**
 * How this program was installed: a `release` (the packaged app, or the compiled command line without its
 * sources: bin/etc-counter.mjs) keeps one data folder per machine; `development` (a checkout) keeps the
 * account's own. Set once by the edge — the Electron entry, the CLI's dispatcher — before anything reads it.
 */
export type InstallKind = 'release' | 'development';
let installKind: InstallKind = 'development';
export function setInstallKind(kind: InstallKind): void {
  installKind = kind;
}
export function getInstallKind(): InstallKind {
  return installKind;
}

/**
 * The data folder (docs/release.md §6): `$ETC_COUNTER_HOME`, else in a release one folder per machine —
 * `%ProgramData%\etc-counter` on Windows (the installer grants Modify to the local group ETC Counter Users),
 * `/var/lib/etc-counter` for the deb (group `etc-counter`, 2770) — so every clerk's account on a counter PC
 * sees one journal and one 待处理 list; in development `~/.etc-counter`. Read by the edge and passed down.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, kind: InstallKind = installKind): string {
  if (env.ETC_COUNTER_HOME !== undefined) return env.ETC_COUNTER_HOME;
  return kind === 'release' ? machineDataDir(env, platform) : userDataDir(env, platform);
}

/** The machine's folder of a release: %ProgramData%\etc-counter, or /var/lib/etc-counter. */
export function machineDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return win32.join(env.ProgramData || env.ALLUSERSPROFILE || 'C:\\ProgramData', 'etc-counter');
  return '/var/lib/etc-counter';
}

/**
 * The account's own folder: development, and 培训模式 in a release (a clerk's practice journal is theirs,
 * `~/.etc-counter/training`, and needs no shared folder). `$ETC_COUNTER_HOME` moves it too.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ETC_COUNTER_HOME !== undefined) return env.ETC_COUNTER_HOME;
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir();
  return (platform === 'win32' ? win32 : posix).join(home, '.etc-counter');
}

/** The folder a mode's files live under: the machine's data folder for real mode, the account's for training. */
export function homeFor(mode: CounterMode, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, kind: InstallKind = installKind): string {
  return mode === 'training' ? userDataDir(env, platform) : dataDir(env, platform, kind);
}

/**
 * Electron's own profile (Chromium's cache, cookies, GPU cache, crash dumps): per account and never
 * roaming — `%LOCALAPPDATA%\etc-counter\profile`, `$XDG_CONFIG_HOME/etc-counter` (~/.config/etc-counter) —
 * instead of Electron's default under the roaming %APPDATA% named after the product. Nothing of the
 * counter's own data is in it (docs/release.md §6).
 */
export function electronProfileDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || win32.join(env.USERPROFILE || homedir(), 'AppData', 'Local');
    return win32.join(local, 'etc-counter', 'profile');
  }
  const config = env.XDG_CONFIG_HOME || posix.join(env.HOME || homedir(), '.config');
  return posix.join(config, 'etc-counter');
}

/** The folder a mode keeps its files in: the data folder itself, or its `training/` (培训模式's journal, host simulator, cards, slips). */
export function modeDir(mode: CounterMode, home: string): string {
  return mode === 'training' ? join(home, 'training') : home;
}

/**
 * The journal a mode opens — the one rule the app, `operator …` and `journal export` share.
 * Real: `settings.journalPath` (which `--journal` sets), else `<data folder>/journal.sqlite`.
 * Training: always `<data folder>/training/journal.sqlite`. `settings.journalPath` names the *real*
 * journal, so training never takes it: a training journal never lives at the real journal's path
 * (and a journal records its mode when created and refuses the other one, JOURNAL_MODE_MISMATCH).
 */
export function journalPathFor(settings: Pick<Settings, 'journalPath'>, mode: CounterMode, home: string): string {
  if (mode === 'training') return join(modeDir('training', home), 'journal.sqlite');
  return settings.journalPath ?? join(home, 'journal.sqlite');
}

/**
 * `--journal FILE` together with `--training` is refused: the flag names a real journal, and the training
 * journal's place is fixed (journalPathFor). Silently ignoring a flag the operator typed would be worse.
 */
export function refuseTrainingJournal(o: { training?: boolean; journal?: string }): void {
  if (o.training && o.journal !== undefined) {
    throw new AppError('INVALID_INPUT', { detail: '--journal cannot be used with --training (the training journal is <data folder>/training/journal.sqlite)' });
  }
}

export function loadSettings(configFile?: string, overrides: Partial<Settings> = {}, home: string = dataDir()): Settings {
  return settingsLayers(configFile, overrides, home).settings;
}

/**
 * The layers apart — the data folder's file, `--config`, the flags, the machine policy — and what they make
 * together (main/settings/store.ts writes the first). The policy (main/settings/policy.ts: the data
 * folder's policy.json and HKLM\\Software\\Policies\\etc-counter) is applied last: what it sets, nothing
 * below it changes, and 系统设置 refuses to (docs/release.md §7).
 */
export interface SettingsLayers {
  /** `<data folder>/settings.json`: the file 系统设置 writes. */
  file: string;
  base: Record<string, unknown>;
  /** What `--config` and the flags set on top of it. */
  above: Record<string, unknown>;
  policy: Policy;
  settings: Settings;
}

export function settingsLayers(
  configFile?: string, overrides: Partial<Settings> = {}, home: string = dataDir(), policy: Policy = readPolicy(home),
): SettingsLayers {
  const file = settingsFile(home);
  const base = existsSync(file) ? readLayer(file) : {};
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const above = { ...(configFile ? readLayer(configFile) : {}), ...defined };
  return { file, base, above, policy, settings: parseSettings({ ...base, ...above, ...policy.values }, configFile ?? file) };
}

/** The settings file of a data folder. */
export function settingsFile(home: string): string {
  return join(home, 'settings.json');
}

/** Checks layered settings against the schema; a bad value is refused naming `file` and the field. */
export function parseSettings(raw: object, file: string): Settings {
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
    throw new AppError('SETTINGS_INVALID', { file, detail });
  }
  return parsed.data;
}

/** One settings file: it must exist and hold a JSON object; anything else is the operator's clear message. */
export function readLayer(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new AppError('SETTINGS_FILE_MISSING', { file });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('SETTINGS_INVALID', { file, detail: e instanceof Error ? e.message : String(e) });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('SETTINGS_INVALID', { file, detail: 'not a JSON object' });
  }
  return json as Record<string, unknown>;
}
