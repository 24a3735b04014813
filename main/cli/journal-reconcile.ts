import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { Reconciliation, ReconcileRow } from '../../contract/ipc';
import { formatYuan } from '../../contract/money';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { HttpHostLink } from '../host/http-host-link';
import { dayNumber } from '../journal/dates';
import { SqliteJournal } from '../journal/sqlite-journal';
import { localStamp } from '../paper/html';
import { allMatch, reconcileDay } from '../report';
import { describeError, type Command } from './command';

const OPTIONS = {
  date: { type: 'string' },
  host: { type: 'string' },
  journal: { type: 'string' },
  json: { type: 'boolean', default: false },
  config: { type: 'string' },
  training: { type: 'boolean', default: false },
} as const;

const LISTS = [['mismatched', 'RECONCILE_MISMATCHED'], ['hostOnly', 'RECONCILE_HOST_ONLY'], ['journalOnly', 'RECONCILE_JOURNAL_ONLY'],
  ['matched', 'RECONCILE_MATCHED']] as const;

/**
 * `etc-counter journal reconcile --date YYYY-MM-DD [--host URL] [--journal FILE] [--json] [--config FILE] [--training]` —
 * 对账 of one local date (docs/architecture.md §3b, main/report/reconcile.ts): the host's view of this terminal's
 * business days against the journal. Prints the four counts and the rows (`--json`: the keys matched, hostOnly,
 * journalOnly, mismatched, each a list). Exit 0 when everything matches, 1 otherwise, 2 for bad input (before
 * anything is opened). The journal is opened as `journal export` opens it: the app must be closed.
 */
export const command: Command = {
  summary: 'journal reconcile --date YYYY-MM-DD [--host URL] [--journal FILE] [--json]: the day against the host (对账)',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    let hostUrl: string;
    let path: string;
    let terminalId: string;
    try {
      v = parse(argv);
      if (!v.date) throw new AppError('RECONCILE_DATE_REQUIRED');
      dayNumber(v.date);
      const home = dataDir();
      const settings = loadSettings(v.config, { hostUrl: v.host }, home);
      if (!settings.hostUrl) throw new AppError('HOST_NOT_CONFIGURED');
      hostUrl = settings.hostUrl;
      terminalId = settings.terminalId.toUpperCase();
      path = v.journal ?? journalPathFor(settings, v.training ? 'training' : 'real', home);
      // Opening creates a missing journal: a reconciliation must never do that.
      if (!existsSync(path)) throw new AppError('EXPORT_JOURNAL_MISSING', { path });
    } catch (e) {
      process.stderr.write(`${describeError(e)}\n`);
      return 2;
    }
    const date = v.date;
    const journal = openEitherMode(path, v.training);
    let rec: Reconciliation;
    try {
      const host = new HttpHostLink({ baseUrl: hostUrl, credentials: { terminalId, operatorId: 'cli' } });
      rec = await reconcileDay(journal, host, date, { terminalId, find: (id) => journal.get(id) });
    } finally {
      journal.close();
    }
    process.stdout.write(v.json ? `${JSON.stringify(rec, null, 2)}\n` : text(rec));
    return allMatch(rec) ? 0 : 1;
  },
};

function text(r: Reconciliation): string {
  const counts = t('RECONCILE_COUNTS', { matched: r.matched.length, hostOnly: r.hostOnly.length, journalOnly: r.journalOnly.length, mismatched: r.mismatched.length });
  const out = [t('RECONCILE_EXIT_SUMMARY', { date: r.date, counts }), t('RECONCILE_HOST_DAYS', { days: r.hostDays.join(', ') })];
  for (const [key, label] of LISTS) {
    if (r[key].length === 0) continue;
    out.push('', `${t(label)} (${r[key].length})`);
    for (const x of r[key]) out.push(line(x));
  }
  return `${out.join('\n')}\n`;
}

function line(x: ReconcileRow): string {
  const amount = x.hostAmountFen !== null && x.hostAmountFen !== x.amountFen ? `${formatYuan(x.amountFen)}/${formatYuan(x.hostAmountFen)}` : formatYuan(x.amountFen);
  return [
    `  ${localStamp(x.createdAt)}`, x.plate, amount, x.orderId ?? '-', x.rechargeId ?? '-', x.state ?? '-', x.hostStatus ?? '-',
    x.todo ? t(x.todo) : '',
  ].join('  ').trimEnd();
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/** A journal is either training or real, fixed when created; a reconciliation reads either. */
function openEitherMode(path: string, training: boolean): SqliteJournal {
  try {
    return SqliteJournal.open(path, { training });
  } catch (e) {
    if (!isAppError(e, 'JOURNAL_MODE_MISMATCH')) throw e;
    return SqliteJournal.open(path, { training: !training });
  }
}
