import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { Reconciliation, ReconcileRow } from '../../contract/ipc';
import { formatYuan } from '../../contract/money';
import { witnessText } from '../../contract/witness';
import { dataDir, journalPathFor, loadSettings } from '../config';
import type { HostTarget } from '../host/connection';
import { HttpHostLink } from '../host/http-host-link';
import { dayNumber } from '../journal/dates';
import { localStamp } from '../paper/html';
import { allMatch, reconcileDay } from '../report';
import { hostTarget } from '../settings/host-target';
import { openEitherMode } from './journal-open';
import { describeError, SignInRefused, type Command } from './command';
import { operatorFlag, signInOnJournal } from './sign-in';
import { processIo } from './stdin';

const OPTIONS = {
  date: { type: 'string' },
  host: { type: 'string' },
  journal: { type: 'string' },
  json: { type: 'boolean', default: false },
  config: { type: 'string' },
  training: { type: 'boolean', default: false },
  operator: { type: 'string' },
} as const;

const LISTS = [['mismatched', 'RECONCILE_MISMATCHED'], ['hostOnly', 'RECONCILE_HOST_ONLY'], ['journalOnly', 'RECONCILE_JOURNAL_ONLY'],
  ['matched', 'RECONCILE_MATCHED']] as const;

/**
 * `etc-counter journal reconcile --operator ID --date YYYY-MM-DD [--host URL] [--journal FILE] [--json] [--config FILE] [--training]` —
 * 对账 of one local date (docs/architecture.md §3b, main/report/reconcile.ts): the host's view of this terminal's
 * business days against the journal. Prints the four counts and the rows (`--json`: the keys matched, hostOnly,
 * journalOnly, mismatched, each a list). Exit 0 when everything matches, 1 otherwise, 2 for bad input (before
 * anything is opened), 4 when the sign-in is refused (main/cli/sign-in.ts). The journal is opened as `journal
 * export` opens it: the app must be closed. The host is reached as the settings say (HTTPS, the issuer's CA,
 * the terminal's client certificate).
 */
export const command: Command = {
  summary: 'journal reconcile --operator ID --date YYYY-MM-DD [--host URL] [--journal FILE] [--json]: the day against the host (对账); password first',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    let target: HostTarget;
    let path: string;
    let terminalId: string;
    try {
      v = parse(argv);
      if (!v.date) throw new AppError('RECONCILE_DATE_REQUIRED');
      dayNumber(v.date);
      operatorFlag(v);
      const home = dataDir();
      const settings = loadSettings(v.config, { hostUrl: v.host }, home);
      if (!settings.hostUrl) throw new AppError('HOST_NOT_CONFIGURED');
      // The issuer's CA and the terminal's certificate as the settings name them (main/settings/host-target.ts).
      target = hostTarget(settings);
      terminalId = settings.terminalId.toUpperCase();
      path = v.journal ?? journalPathFor(settings, v.training ? 'training' : 'real', home);
      // Opening creates a missing journal: a reconciliation must never do that.
      if (!existsSync(path)) throw new AppError('EXPORT_JOURNAL_MISSING', { path });
    } catch (e) {
      if (e instanceof SignInRefused) throw e;
      process.stderr.write(`${describeError(e)}\n`);
      return 2;
    }
    const date = v.date;
    const journal = openEitherMode(path, v.training);
    let rec: Reconciliation;
    try {
      await journal.verified;
      const me = await signInOnJournal(v, journal, processIo, { command: 'journal reconcile' });
      const host = new HttpHostLink({ baseUrl: target.baseUrl, tls: target.tls, credentials: { terminalId, operatorId: me.operatorId } });
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
  if (r.witness) out.push(...witnessText(r.witness, (iso) => localStamp(iso)).map((l) => `${t('RECONCILE_WITNESS')}: ${l}`));
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

