import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../contract/settings';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { InProcessReader } from '../../main/card/in-process-reader';
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

  it('real mode with no host configured is still real mode: it starts for the set-up, refuses every host call, and makes no training data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'etc-real-'));
    const readers = new InProcessReader(new VirtualCard(fixtureProfile('normal'), fixtureKeys()));
    const s = await compose({ settings: SettingsSchema.parse({}), mode: 'real', dataDir, printer: new ChromiumPrinter(), readers });
    try {
      expect(s.mode).toBe('real');
      expect(s.training).toBeNull();
      expect(s.journal.training).toBe(false);
      expect(s.system.setupStatus()).toMatchObject({ required: true, step: 'supervisor' });
      await expect(s.engine.start({ amountFen: 100, channel: 'wechat', operatorId: 'A01' })).rejects.toMatchObject({ code: 'HOST_NOT_CONFIGURED' });
    } finally {
      await s.close();
    }
    // Its journal was opened and closed again: a second start finds it unlocked.
    const again = await compose({ settings: SettingsSchema.parse({}), mode: 'real', dataDir, printer: new ChromiumPrinter(), readers });
    await again.close();
    expect(existsSync(join(dataDir, 'journal.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'training'))).toBe(false);
  });
});
