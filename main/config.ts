import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';
import { AppError } from '../contract/errors';
import { SettingsSchema, type CounterMode, type Settings } from '../contract/settings';

/**
 * Terminal settings (docs/architecture.md §5; the schema is the contract's, contract/settings.ts): the
 * settings file in the app's data folder, then `--config FILE`, then command-line flags, each overriding
 * the one before. Only the edges (the CLI's commands, the Electron entry) call these.
 */

/**
 * The data folder: `$ETC_COUNTER_HOME`, else `%APPDATA%\etc-counter` on Windows, else ~/.etc-counter.
 * Read by the edge and passed down (docs/release.md: the Windows counter PC).
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ETC_COUNTER_HOME !== undefined) return env.ETC_COUNTER_HOME;
  if (platform === 'win32' && env.APPDATA) return win32.join(env.APPDATA, 'etc-counter');
  return join(homedir(), '.etc-counter');
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

/** The layers apart — the data folder's file, `--config`, the flags — and what they make together (main/settings/store.ts writes the first). */
export interface SettingsLayers {
  /** `<data folder>/settings.json`: the file 系统设置 writes. */
  file: string;
  base: Record<string, unknown>;
  /** What `--config` and the flags set on top of it. */
  above: Record<string, unknown>;
  settings: Settings;
}

export function settingsLayers(configFile?: string, overrides: Partial<Settings> = {}, home: string = dataDir()): SettingsLayers {
  const file = settingsFile(home);
  const base = existsSync(file) ? readLayer(file) : {};
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const above = { ...(configFile ? readLayer(configFile) : {}), ...defined };
  return { file, base, above, settings: parseSettings({ ...base, ...above }, configFile ?? file) };
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
function readLayer(file: string): Record<string, unknown> {
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
