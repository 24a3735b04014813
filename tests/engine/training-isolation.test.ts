import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../main/config';
import { createServices } from '../../main/services';

describe('training mode never touches the real host or the real journal', () => {
  it('uses its own simulator and journal even when settings name real ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'etc-training-'));
    const realJournal = join(dataDir, 'real', 'journal.sqlite');
    const settings = SettingsSchema.parse({ hostUrl: 'http://127.0.0.1:9/', journalPath: realJournal });
    const s = await createServices({ settings, training: true, dataDir });
    try {
      expect(s.training?.hostUrl).not.toBe('http://127.0.0.1:9/');
      expect(s.training?.hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.journal.path).toBe(join(dataDir, 'training', 'journal.sqlite'));
      expect(s.journal.training).toBe(true);
      expect(existsSync(realJournal)).toBe(false);
      s.training?.insert('normal');
      const rec = await s.engine.start({ amountFen: 100, channel: 'wechat', operatorId: 'A01' });
      expect(rec.orderId).toBeTruthy(); // the simulator answered; the configured host was never asked
    } finally {
      await s.close();
    }
  });
});
