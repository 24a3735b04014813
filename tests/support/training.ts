import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsSchema } from '../../contract/settings';
import type { ComposeOptions } from '../../main/compose/services';
import { composeTraining, type TrainingServices } from '../../main/compose/training';
import { ChromiumPrinter } from '../../main/print/chromium-printer';

/**
 * Training-mode services over a fresh data folder: in-process host simulator and virtual cards, and
 * Debian's Chromium for the slips' PDFs (as browser mode has).
 */
export async function trainingServices(
  overrides: Partial<Omit<ComposeOptions, 'mode'>> = {},
): Promise<TrainingServices & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'etc-counter-'));
  const s = await composeTraining({ settings: SettingsSchema.parse({}), dataDir, printer: new ChromiumPrinter(), ...overrides });
  return Object.assign(s, {
    dataDir,
    dispose: async () => {
      await s.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
