import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logPathFor, openLogFile } from '../../main/app/log-file';
import { settingsLayers } from '../../main/config';
import { SettingsStore } from '../../main/settings/store';
import { trainingServices } from '../support/training';

/**
 * Files only the counter can read (docs/security.md "Files"), as a counter's start leaves them: a data
 * folder an earlier version made 0755 with a 0644 settings file, then the services started over it.
 */
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('the data folder and what is in it', () => {
  it.skipIf(process.platform === 'win32')('data folder and its folders 0700; journal, -wal, -shm, lock, settings, slips and logs 0600', async () => {
    const home = mkdtempSync(join(tmpdir(), 'etc-modes-'));
    dirs.push(home);
    chmodSync(home, 0o755);
    writeFileSync(join(home, 'settings.json'), '{}', { mode: 0o644 });
    mkdirSync(join(home, 'archive', '2025-01-02'), { recursive: true, mode: 0o755 });
    writeFileSync(join(home, 'archive', '2025-01-02', 'old-receipt.pdf'), '%PDF-1.4', { mode: 0o644 });

    const s = await trainingServices({ dataDir: home });
    try {
      const training = join(home, 'training');
      const journal = join(training, 'journal.sqlite');
      await s.auth.operators.signIn('A01', '123456'); // a write: the WAL is there
      const slip = s.archive.save({ date: '2025-01-03', id: 'r1', kind: 'receipt', reprint: false, pdf: Buffer.from('%PDF-1.4') });
      const log = openLogFile(logPathFor('training', home));
      log.write('a line');
      new SettingsStore(settingsLayers(undefined, {}, home)).save({ branch: '测试网点' });

      expect([home, training, join(home, 'archive'), join(home, 'archive', '2025-01-02'), join(training, 'archive'), join(training, 'logs')]
        .map((d) => [d, mode(d)])).toEqual([home, training, join(home, 'archive'), join(home, 'archive', '2025-01-02'), join(training, 'archive'), join(training, 'logs')]
        .map((d) => [d, 0o700]));
      const lock = readdirSync(training).find((n) => n.endsWith('.lock')) ?? 'no lock';
      const files = [journal, `${journal}-wal`, `${journal}-shm`, join(training, lock), join(home, 'settings.json'), slip.path,
        join(home, 'archive', '2025-01-02', 'old-receipt.pdf'), log.path];
      expect(files.map((f) => [f, mode(f)])).toEqual(files.map((f) => [f, 0o600]));
    } finally {
      await s.dispose();
    }
  });
});
