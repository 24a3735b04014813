import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { dayNumber } from '../journal/dates';
import { exportDay, isExportFormat, writeFileWhole } from '../report';
import { openEitherMode } from './journal-open';
import { describeError, SignInRefused, type Command } from './command';
import { operatorFlag, signInOnJournal } from './sign-in';
import { processIo } from './stdin';

const OPTIONS = {
  date: { type: 'string' },
  format: { type: 'string' },
  journal: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  training: { type: 'boolean', default: false },
  operator: { type: 'string' },
} as const;

/**
 * `etc-counter journal export --operator ID --date YYYY-MM-DD --format csv|xlsx [--journal FILE] [--out FILE]
 * [--config FILE] [--training]` — the day's recharges to stdout (raw bytes, so XLSX survives a pipe)
 * or to a file written whole (written exclusively, then renamed into place: main/report/write-file.ts).
 * Bad arguments exit 2 before anything is opened or written; a refused sign-in exits 4 (main/cli/sign-in.ts).
 * The journal is `--journal` (either mode: an export only reads), else the mode's (main/config.ts journalPathFor).
 */
export const command: Command = {
  summary: 'journal export --operator ID --date YYYY-MM-DD --format csv|xlsx [--journal FILE] [--out FILE]: the day\'s recharges; password first',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    try {
      v = parse(argv);
      if (!v.date) throw new AppError('EXPORT_DATE_REQUIRED');
      dayNumber(v.date);
      if (!isExportFormat(v.format ?? '')) throw new AppError('EXPORT_FORMAT_INVALID', { format: v.format ?? '' });
      operatorFlag(v);
    } catch (e) {
      if (e instanceof SignInRefused) throw e;
      process.stderr.write(`${describeError(e)}\n`);
      return 2;
    }
    const date = v.date;
    const format = v.format === 'xlsx' ? 'xlsx' : 'csv';
    const home = dataDir();
    const settings = loadSettings(v.config, {}, home);
    const path = v.journal ?? journalPathFor(settings, v.training ? 'training' : 'real', home);
    // Opening creates a missing journal: an export must never do that.
    if (!existsSync(path)) throw new AppError('EXPORT_JOURNAL_MISSING', { path });
    const journal = openEitherMode(path, v.training);
    let bytes: Buffer;
    let count: number;
    try {
      await journal.verified;
      await signInOnJournal(v, journal, processIo, { command: 'journal export' });
      count = journal.day(date).length;
      bytes = await exportDay(journal, date, format, { terminalId: settings.terminalId, branch: settings.branch, training: journal.training });
    } finally {
      journal.close();
    }
    if (!v.out) {
      await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
      return 0;
    }
    writeFileWhole(v.out, bytes);
    process.stderr.write(`${t('EXPORT_WRITTEN', { date, count, path: v.out })}\n`);
    return 0;
  },
};

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * A journal is either training or real, fixed when created; an export reads either. A journal the
 * running app holds is refused with JOURNAL_LOCKED, whose message says to close the other program.
 */
