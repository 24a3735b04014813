import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../contract/settings';
import { composeTraining, type TrainingServices } from '../compose/training';
import { MIGRATIONS } from '../journal/migrations';
import { SqliteJournal } from '../journal/sqlite-journal';
import { ChromiumPrinter } from '../print/chromium-printer';
import { backupBeforeMigration, verifyCopy } from './backup';
import { restoreBackup } from './restore';

/**
 * Backups and the restore procedure of docs/recovery.md, followed step by step: a recharge paid but not
 * loaded, a backup (checked), more backups at 日结 and on demand (N kept, here and in the second folder),
 * the journal lost, the copy restored, and resume finishing the recharge from the card.
 */
const start = (home: string, copyDir: string): Promise<TrainingServices> => composeTraining({
  settings: SettingsSchema.parse({ backupKeep: 2, backupCopyDir: copyDir }), dataDir: home, printer: new ChromiumPrinter(), posSwipeMs: 0,
});

describe('journal backups', () => {
  it('backs up on demand and at 日结, keeps N in both folders, and a restored copy lets resume finish its recharge', async () => {
    const home = mkdtempSync(join(tmpdir(), 'etc-backup-'));
    const copyDir = join(mkdtempSync(join(tmpdir(), 'etc-share-')), 'counter-07');
    let s = await start(home, copyDir);
    let id: string;
    let file: string;
    let before: number;
    try {
      s.training.insert('normal');
      before = s.training.slot.card?.snapshot().balanceFen ?? -1;
      const r = await s.engine.start({ amountFen: 1_000, channel: 'wechat', operatorId: 'A01' });
      id = r.id;
      await s.training.pay(id);
      expect((await s.engine.checkPayment(id)).state).toBe('PAID');

      const done = await s.backups.run('on-demand');
      expect(done.file).toMatch(/backups[/\\]journal-\d{8}-\d{6}-on-demand\.sqlite$/);
      expect(done.check).toMatchObject({ integrity: true, chains: { intact: true } });
      expect(done.copies).toEqual([join(copyDir, done.file.split(/[/\\]/).pop()!)]);
      expect(verifyCopy(done.copies[0]!).chains?.intact).toBe(true);

      s.days.close('2026-01-05', 'S01'); // a 日结: a backup follows it
      await s.backups.settled();
      expect(s.backups.last).toMatchObject({ ok: true, reason: 'day-close' });
      await new Promise((r) => setTimeout(r, 1_100)); // names carry the second
      await s.backups.run('on-demand');
      for (const dir of [s.backups.dir, copyDir]) {
        expect(readdirSync(dir).filter((n) => n.endsWith('.sqlite'))).toHaveLength(2);
        expect(readdirSync(dir).filter((n) => !n.endsWith('.sqlite'))).toEqual([]); // no .partial, no -wal/-shm
      }
      file = s.backups.last!.file!;
    } finally {
      await s.close();
    }

    // The journal is lost (the disk, a bad copy, a bad release): docs/recovery.md "Restore".
    const journal = join(home, 'training', 'journal.sqlite');
    for (const f of [journal, `${journal}-wal`, `${journal}-shm`]) rmSync(f, { force: true });
    const restored = await restoreBackup(file, journal);
    expect(restored.check.chains?.intact).toBe(true);

    s = await start(home, copyDir);
    try {
      expect(s.engine.pending().map((p) => [p.id, p.state])).toEqual([[id, 'PAID']]);
      s.training.insert('normal');
      expect((await s.engine.resume(id)).state).toBe('VERIFIED');
      expect(s.training.slot.card?.snapshot().balanceFen).toBe(before + 1_000);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('restoring over a journal keeps the one it replaces beside it; a copy that fails its check is refused', async () => {
    const home = mkdtempSync(join(tmpdir(), 'etc-restore-'));
    const path = join(home, 'journal.sqlite');
    SqliteJournal.open(path).close();
    const copy = join(home, 'copy.sqlite');
    const j = SqliteJournal.open(path);
    await j.backup(copy);
    j.close();
    const { replaced } = await restoreBackup(copy, path, new Date('2026-03-01T02:03:04Z'));
    expect(replaced).toContain(`${path}.replaced-20260301T020304`);
    expect(existsSync(`${path}.replaced-20260301T020304`)).toBe(true);
    const bad = join(home, 'bad.sqlite');
    (await import('node:fs')).writeFileSync(bad, 'not a journal at all');
    await expect(restoreBackup(bad, path)).rejects.toMatchObject({ code: 'BACKUP_VERIFY_FAILED' });
    await expect(restoreBackup(join(home, 'nope.sqlite'), path)).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND' });
  });

  it('backs up a journal before this program migrates it, named with its schema; nothing when nothing is to migrate', async () => {
    const home = mkdtempSync(join(tmpdir(), 'etc-premig-'));
    const path = join(home, 'journal.sqlite');
    const older = MIGRATIONS.slice(0, -1);
    SqliteJournal.open(path, { migrations: older }).close();
    const dir = join(home, 'backups');
    const done = await backupBeforeMigration(path, dir, 5, new Date('2026-03-01T00:00:00Z'));
    expect(done?.file).toBe(join(dir, `journal-20260301-000000-pre-migration-v${older.at(-1)!.version}.sqlite`));
    expect(done?.check).toEqual({ integrity: true, chains: null }); // an older schema: integrity only
    SqliteJournal.open(path).close(); // migrated now
    expect(await backupBeforeMigration(path, dir, 5)).toBeNull();
  });
});
