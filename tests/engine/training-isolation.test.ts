import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../contract/settings';
import { compose } from '../../main/compose';
import { ChromiumPrinter } from '../../main/print/chromium-printer';

describe('training mode never touches the real host or the real journal', () => {
  it('uses its own simulator and journal even when settings name real ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'etc-training-'));
    const realJournal = join(dataDir, 'real', 'journal.sqlite');
    const settings = SettingsSchema.parse({ hostUrl: 'http://127.0.0.1:9/', journalPath: realJournal });
    const s = await compose({ settings, mode: 'training', dataDir, printer: new ChromiumPrinter() });
    try {
      expect(s.mode).toBe('training');
      expect(s.training?.hostUrl).not.toBe('http://127.0.0.1:9/');
      expect(s.training?.hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.journal.path).toBe(join(dataDir, 'training', 'journal.sqlite'));
      expect(s.journal.training).toBe(true);
      expect(s.archive.root).toBe(join(dataDir, 'training', 'archive'));
      expect(existsSync(realJournal)).toBe(false);
      s.training?.insert('normal');
      const rec = await s.engine.start({ amountFen: 100, channel: 'wechat', operatorId: 'A01' });
      expect(rec.orderId).toMatch(/\S/); // the simulator answered; the configured host was never asked
    } finally {
      await s.close();
    }
  });

  it('real mode with no host configured refuses to start (HOST_NOT_CONFIGURED) and leaves nothing open', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'etc-real-'));
    await expect(compose({ settings: SettingsSchema.parse({}), mode: 'real', dataDir, printer: new ChromiumPrinter() }))
      .rejects.toMatchObject({ code: 'HOST_NOT_CONFIGURED' });
    // Its journal was opened and closed again: a second start finds it unlocked.
    await expect(compose({ settings: SettingsSchema.parse({}), mode: 'real', dataDir, printer: new ChromiumPrinter() }))
      .rejects.toMatchObject({ code: 'HOST_NOT_CONFIGURED' });
    expect(existsSync(join(dataDir, 'journal.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'training'))).toBe(false);
  });
});
