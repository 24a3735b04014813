import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileModeFor } from '../journal/file-modes';
import { AppError } from '../../contract/errors';
import type { Settings, SettingsChange } from '../../contract/settings';
import { parseSettings, settingsLayers, type SettingsLayers } from '../config';
import type { Policy } from './policy';

/**
 * The settings file 系统设置 writes (docs/architecture.md §4): `<data folder>/settings.json`, the bottom
 * layer under `--config` and the flags (main/config.ts). A save is checked against the whole schema as
 * the next start will read it, then written atomically: a temporary file beside it, fsync, rename over the
 * old one, fsync of the folder — a power cut leaves the old file or the new one, never half of either.
 */
export class SettingsStore {
  private base: Record<string, unknown>;

  constructor(private readonly layers: SettingsLayers) {
    this.base = { ...layers.base };
  }

  /** The edge's way in: the layers of this start (main/app/launch-args.ts). */
  static open(configFile: string | undefined, overrides: Partial<Settings>, home: string): SettingsStore {
    return new SettingsStore(settingsLayers(configFile, overrides, home));
  }

  get file(): string {
    return this.layers.file;
  }

  /** The settings of this start, all layers applied. */
  get initial(): Settings {
    return this.layers.settings;
  }

  /** Fields a `--config` file or a flag of this start sets: the file's value does not win over them. */
  overriddenBy(): string[] {
    return Object.keys(this.layers.above);
  }

  /** Fields the machine policy sets (main/settings/policy.ts): shown locked, never saved from 系统设置. */
  locked(): string[] {
    return Object.keys(this.layers.policy.values);
  }

  /** Where the policy came from (file, registry key); empty without one. */
  get policySources(): string[] {
    return this.layers.policy.sources;
  }

  /** The machine policy this start applied. */
  get policy(): Policy {
    return this.layers.policy;
  }

  /** Whether a field was set by someone — policy, the settings file, `--config` or a flag — rather than left at its default. */
  isExplicit(field: keyof Settings): boolean {
    return field in this.base || field in this.layers.above || field in this.layers.policy.values;
  }

  /** What this run's layers would make of the settings with `change` written; throws SETTINGS_INVALID, writes nothing. */
  preview(change: SettingsChange): Settings {
    const base = { ...this.base, ...change };
    parseSettings(base, this.file); // the file alone must load at the next start
    return parseSettings({ ...base, ...this.layers.above, ...this.layers.policy.values }, this.file);
  }

  /** The settings file's values as this run last read or wrote them: the baseline an outside change is seen against. */
  get fileValues(): Record<string, unknown> {
    return { ...this.base };
  }

  /** Writes `change` into the settings file (SETTINGS_WRITE_FAILED when it cannot); returns the effective settings. */
  save(change: SettingsChange): Settings {
    const effective = this.preview(change);
    const base = { ...this.base, ...change };
    writeAtomically(this.file, `${JSON.stringify(base, null, 2)}\n`);
    this.base = base;
    return effective;
  }
}

/** temp + fsync + rename + fsync(dir). Exported for its test. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    // 0600, or 0660 for every clerk account of a machine's data folder (main/journal/file-modes.ts, docs/release.md §6).
    const fd = openSync(tmp, 'w', fileModeFor(file));
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AppError('SETTINGS_WRITE_FAILED', { file, detail: (e as NodeJS.ErrnoException).code ?? String(e) }, { cause: e });
  }
  // The rename itself must reach the disk: fsync the folder (not possible on Windows, where rename is durable enough).
  if (process.platform !== 'win32') {
    let dir: number | null = null;
    try {
      dir = openSync(dirname(file), 'r');
      fsyncSync(dir);
    } catch { /* a file system that cannot fsync a folder */ } finally {
      if (dir !== null) closeSync(dir);
    }
  }
}
