import { resolve } from 'node:path';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { SYSTEM, openAuth } from '../auth';
import { restoreBackup } from '../backup/restore';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { parseFlags, readFlags, type Command } from './command';
import { openEitherMode } from './journal-open';

const OPTIONS = { from: { type: 'string' }, journal: { type: 'string' }, config: { type: 'string' } } as const;

/**
 * `etc-counter journal restore --from BACKUP [--journal FILE] [--config FILE]` (docs/recovery.md "Restore"):
 * the backup put back in place of the journal, which is kept beside it as `.replaced-<time>`. An
 * administrator's act on the data folder with the app closed; afterwards the journal is opened as the app
 * opens it (checked, migrated if the copy is older) and the restore is audited. Then `resume` finishes
 * whatever the copy holds unfinished.
 */
export const command: Command = {
  summary: 'journal restore --from BACKUP [--journal FILE]: puts a checked backup back (the app closed); the old journal is kept beside it',
  async run(argv) {
    const v = readFlags(() => {
      const flags = parseFlags(argv, OPTIONS);
      const { from } = flags;
      if (!from) throw new AppError('INVALID_INPUT', { detail: '--from BACKUP is required' });
      return { ...flags, from };
    });
    if (v === null) return 2;
    const home = dataDir();
    const path = v.journal ?? journalPathFor(loadSettings(v.config, {}, home), 'real', home);
    const from = resolve(v.from);
    const { replaced } = await restoreBackup(from, path);
    const journal = openEitherMode(path, false);
    try {
      await journal.verified;
      const auth = await openAuth(journal.path, { training: journal.training });
      try {
        auth.audit.append(SYSTEM, { action: 'journal-backup', target: path, detail: { restoredFrom: from, replaced } });
      } finally {
        auth.close();
      }
      const unfinished = journal.unfinished().length;
      process.stdout.write(`${t('BACKUP_RESTORED', { file: path, from, unfinished })}\n`);
      for (const r of replaced) process.stdout.write(`${t('BACKUP_REPLACED_KEPT', { file: r })}\n`);
    } finally {
      journal.close();
    }
    return 0;
  },
};
