import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../contract/errors';

/**
 * Terminal settings (design.md §5): the settings file in the app's data folder, then `--config FILE`,
 * then command-line flags, each overriding the one before.
 */
export const SettingsSchema = z.object({
  terminalId: z.string().regex(/^[0-9A-Fa-f]{12}$/, 'terminalId must be 12 hex digits').default('000001000050'),
  branch: z.string().default('培训网点'),
  hostUrl: z.string().url().nullable().default(null),
  pinEncoding: z.enum(['bcd', 'ascii']).default('bcd'),
  defaultPin: z.string().regex(/^\d{4,12}$/).default('123456'),
  readerName: z.string().nullable().default(null),
  journalPath: z.string().nullable().default(null),
  printerName: z.string().nullable().default(null),
  /** Paper of the receipt printer: 80 mm thermal roll or A5 sheets. */
  receiptFormat: z.enum(['80mm', 'A5']).default('80mm'),
  /** Card maximum balance in fen (etc-card.md §5: UNCONFIRMED, configurable). */
  cardMaxBalanceFen: z.number().int().positive().default(100_000_000),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function dataDir(): string {
  return process.env.ETC_COUNTER_HOME ?? join(homedir(), '.etc-counter');
}

export function loadSettings(configFile?: string, overrides: Partial<Settings> = {}): Settings {
  const layers: object[] = [];
  const base = join(dataDir(), 'settings.json');
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
