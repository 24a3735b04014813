import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { openAuth } from '../auth';
import { writeBackup } from '../backup/backup';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { parseFlags, readFlags, type Command } from './command';
import { openEitherMode } from './journal-open';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';

const OPTIONS = {
  out: { type: 'string' },
  journal: { type: 'string' },
  config: { type: 'string' },
  training: { type: 'boolean', default: false },
  operator: { type: 'string' },
} as const;

/**
 * `etc-counter journal backup --operator ID --out FILE [--journal FILE] [--config FILE]` (docs/recovery.md):
 * SQLite's online backup of the journal to FILE, written under a temporary name, checked as `journal
 * verify` checks a journal, then named FILE; audited (`journal-backup`). A supervisor's (a copy holds every
 * account's password hash); the app must be closed — the journal is locked to one program.
 */
export const command: Command = {
  summary: 'journal backup --operator ID --out FILE [--journal FILE]: an online backup of the journal, checked; supervisor password first',
  async run(argv) {
    const v = readFlags(() => {
      const flags = parseFlags(argv, OPTIONS);
      const { out } = flags;
      if (!out) throw new AppError('INVALID_INPUT', { detail: '--out FILE is required' });
      operatorFlag(flags);
      return { ...flags, out };
    });
    if (v === null) return 2;
    const out = resolve(v.out);
    if (existsSync(out)) throw new AppError('BACKUP_EXISTS', { file: out });
    const home = dataDir();
    const path = v.journal ?? journalPathFor(loadSettings(v.config, {}, home), v.training ? 'training' : 'real', home);
    if (!existsSync(path)) throw new AppError('JOURNAL_FILE_MISSING', { path });
    const journal = openEitherMode(path, v.training);
    try {
      await journal.verified;
      const auth = await openAuth(journal.path, { training: journal.training });
      try {
        const op = await signInForCli(v, auth, processIo, { command: 'journal backup', role: 'supervisor' });
        const done = await writeBackup(journal, { dir: dirname(out), name: basename(out), keep: Number.MAX_SAFE_INTEGER, reason: 'on-demand' });
        auth.audit.append({ operatorId: op.operatorId, role: op.role }, { action: 'journal-backup', target: out, detail: { bytes: done.bytes, via: 'cli' } });
        const checked = done.check.chains?.checked;
        process.stdout.write(`${t('BACKUP_WRITTEN', { file: out, bytes: done.bytes, events: checked?.events ?? 0, audit: checked?.audit ?? 0 })}\n`);
      } finally {
        auth.close();
      }
    } finally {
      journal.close();
    }
    return 0;
  },
};
