import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../contract/errors';
import { SettingsSchema, type CounterMode, type Settings } from '../contract/settings';

/**
 * Terminal settings (docs/architecture.md §5; the schema is the contract's, contract/settings.ts): the
 * settings file in the app's data folder, then `--config FILE`, then command-line flags, each overriding
 * the one before. Only the edges (the CLI's commands, the Electron entry) call these.
 */

/** The data folder: `$ETC_COUNTER_HOME`, else ~/.etc-counter. Read by the edge and passed down. */
export function dataDir(): string {
  return process.env.ETC_COUNTER_HOME ?? join(homedir(), '.etc-counter');
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
  const layers: object[] = [];
  const base = join(home, 'settings.json');
  if (existsSync(base)) layers.push(readLayer(base));
  if (configFile) layers.push(readLayer(configFile));
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = SettingsSchema.safeParse(Object.assign({}, ...layers, defined));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
    throw new AppError('SETTINGS_INVALID', { file: configFile ?? base, detail });
  }
  return parsed.data;
}

/** One settings file: it must exist and hold a JSON object; anything else is the operator's clear message. */
function readLayer(file: string): object {
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
  return json;
}
