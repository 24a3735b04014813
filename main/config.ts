import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

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
  const layers: unknown[] = [];
  const base = join(dataDir(), 'settings.json');
  if (existsSync(base)) layers.push(JSON.parse(readFileSync(base, 'utf8')));
  if (configFile) layers.push(JSON.parse(readFileSync(configFile, 'utf8')));
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const merged = Object.assign({}, ...(layers as object[]), defined);
  return SettingsSchema.parse(merged);
}
