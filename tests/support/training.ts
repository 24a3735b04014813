import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsSchema } from '../../main/config';
import { createServices, type Services } from '../../main/services';

/** Training-mode services over a fresh data folder: in-process host simulator and virtual cards. */
export async function trainingServices(
  overrides: Partial<Parameters<typeof createServices>[0]> = {},
): Promise<Services & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'etc-counter-'));
  const s = await createServices({ settings: SettingsSchema.parse({}), training: true, dataDir, ...overrides });
  return Object.assign(s, {
    dataDir,
    dispose: async () => {
      await s.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
