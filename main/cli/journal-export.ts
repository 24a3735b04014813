import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { dayNumber } from '../journal/dates';
import { SqliteJournal } from '../journal/sqlite-journal';
import { exportDay, isExportFormat } from '../report';
import { describeError, type Command } from './command';

const OPTIONS = {
  date: { type: 'string' },
  format: { type: 'string' },
  journal: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  training: { type: 'boolean', default: false },
} as const;

/**
 * `etc-counter journal export --date YYYY-MM-DD --format csv|xlsx [--journal FILE] [--out FILE]
 * [--config FILE] [--training]` — the day's recharges to stdout (raw bytes, so XLSX survives a pipe)
 * or to a file written whole. Bad arguments exit 2 before anything is opened or written. The journal
 * is `--journal` (either mode: an export only reads), else the mode's (main/config.ts journalPathFor).
 */
export const command: Command = {
  summary: 'journal export --date YYYY-MM-DD --format csv|xlsx [--journal FILE] [--out FILE]: the day\'s recharges',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    try {
      v = parse(argv);
      if (!v.date) throw new AppError('EXPORT_DATE_REQUIRED');
      dayNumber(v.date);
      if (!isExportFormat(v.format ?? '')) throw new AppError('EXPORT_FORMAT_INVALID', { format: v.format ?? '' });
    } catch (e) {
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
      count = journal.day(date).length;
      bytes = await exportDay(journal, date, format, { terminalId: settings.terminalId, branch: settings.branch, training: journal.training });
    } finally {
      journal.close();
    }
    if (!v.out) {
      await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
      return 0;
    }
    const tmp = `${v.out}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, v.out);
    } finally {
      rmSync(tmp, { force: true });
    }
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
function openEitherMode(path: string, training: boolean): SqliteJournal {
  try {
    return SqliteJournal.open(path, { training });
  } catch (e) {
    if (!isAppError(e, 'JOURNAL_MODE_MISMATCH')) throw e;
    return SqliteJournal.open(path, { training: !training });
  }
}
