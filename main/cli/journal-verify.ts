import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { Settings } from '../../contract/settings';
import { witnessText, type WitnessCheck } from '../../contract/witness';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { HttpHostLink } from '../host/http-host-link';
import { groupHex, type ChainHeads } from '../journal/chain';
import { describeBreak, type ChainReport } from '../journal/chain-verify';
import type { DigestAt } from '../journal/chain-witness';
import { dayNumber } from '../journal/dates';
import type { SqliteJournal } from '../journal/sqlite-journal';
import { localStamp } from '../paper/html';
import { hostTarget } from '../settings/host-target';
import { openEitherMode } from './journal-open';
import { describeError, SignInRefused, type Command } from './command';
import { operatorFlag, signInOnJournal } from './sign-in';
import { processIo } from './stdin';

const OPTIONS = {
  journal: { type: 'string' },
  config: { type: 'string' },
  training: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  date: { type: 'string' },
  at: { type: 'string' },
  host: { type: 'string' },
  operator: { type: 'string' },
} as const;

/** Exit status of a journal whose chain no longer fits (1 stays "could not run", 2 "bad arguments"). */
export const EXIT_BROKEN = 3;

/**
 * `etc-counter journal verify --operator ID [--journal FILE] [--json] [--training] [--date YYYY-MM-DD] [--at N,M] [--host URL] [--config FILE]`
 * — walks the journal's hash chains (main/journal/chain*.ts): prints the rows checked, the first row of
 * each table that no longer fits, any guard trigger that is gone, and the chain head now (and of local day
 * `--date`). `--at N,M` prints the digest at event N and audit row M — the positions the 日结单 printed —
 * which is the same for as long as those rows are there, whatever was written after. With a host (the
 * settings' or `--host`), the file is held against the heads the host witnessed (docs/architecture.md §3c):
 * rows cut off the end are named. Exit 0 intact, 3 broken. Reads only (a journal of an older schema is
 * migrated on open, as by every program that opens it), after the operator's sign-in (main/cli/sign-in.ts;
 * exit 4 when refused), whose own audit row the report then covers. A journal whose guard triggers were
 * dropped is still verified (to say which); nothing else is written to it.
 */
export const command: Command = {
  summary: 'journal verify --operator ID [--journal FILE] [--json] [--training] [--date YYYY-MM-DD] [--at N,M] [--host URL]: checks the hash chains (and the host\'s witness), exit 3 when broken; password first',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    let at: [number, number] | null;
    try {
      v = parse(argv);
      if (v.date !== undefined) dayNumber(v.date);
      at = positions(v.at);
      operatorFlag(v);
    } catch (e) {
      if (e instanceof SignInRefused) throw e;
      process.stderr.write(`${describeError(e)}\n`);
      return 2;
    }
    const home = dataDir();
    const settings = loadSettings(v.config, { hostUrl: v.host }, home);
    const path = v.journal ?? journalPathFor(settings, v.training ? 'training' : 'real', home);
    if (!existsSync(path)) throw new AppError('JOURNAL_FILE_MISSING', { path });
    const journal = openEitherMode(path, v.training);
    let report: ChainReport;
    let day: ChainHeads | null = null;
    let paper: DigestAt | null = null;
    let witness: WitnessCheck | null = null;
    let witnessError: string | null = null;
    try {
      await journal.integrity; // not `verified`: a journal whose guards are gone is verified, to say which
      const me = await signInOnJournal(v, journal, processIo, { command: 'journal verify' });
      report = journal.verifyChains();
      if (v.date !== undefined) day = journal.chainHead(v.date);
      if (at) paper = journal.digestAt(at[0], at[1]);
      const useHost = settings.hostUrl !== null && (!v.training || v.host !== undefined);
      if (useHost) ({ witness, witnessError } = await hostWitness(journal, settings, me.operatorId));
    } finally {
      journal.close();
    }
    const broken = !report.intact || (paper !== null && !paper.ok) || (witness !== null && (witness.status === 'broken' || witness.status === 'other-journal'));
    process.stdout.write(v.json
      ? `${JSON.stringify({ journal: path, ...report, day, at: paper, witness, witnessError }, null, 2)}\n`
      : text(report, day, paper, witness, witnessError));
    return broken ? EXIT_BROKEN : 0;
  },
};

/** The heads the host witnessed, compared with the file; a host that cannot be asked is said, not fatal. */
async function hostWitness(journal: SqliteJournal, settings: Settings, operatorId: string): Promise<{ witness: WitnessCheck | null; witnessError: string | null }> {
  try {
    const target = hostTarget(settings);
    const terminalId = settings.terminalId.toUpperCase();
    const host = new HttpHostLink({ baseUrl: target.baseUrl, tls: target.tls, credentials: { terminalId, operatorId } });
    try {
      return { witness: journal.compareWitness(await host.witness(terminalId)), witnessError: null };
    } finally {
      host.close();
    }
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { witness: null, witnessError: e.message };
  }
}

/** `--at N,M`: the event and audit positions printed on the 日结单. */
function positions(raw: string | undefined): [number, number] | null {
  if (raw === undefined) return null;
  const m = /^\s*(\d{1,15})\s*,\s*(\d{1,15})\s*$/.exec(raw);
  if (!m) throw new AppError('JOURNAL_VERIFY_AT_INVALID');
  return [Number(m[1]), Number(m[2])];
}

function text(r: ChainReport, day: ChainHeads | null, paper: DigestAt | null, witness: WitnessCheck | null, witnessError: string | null): string {
  const both = (key: string, params: Record<string, string | number> = {}): string => `${t(key, params)} / ${t(key, params, 'en')}`;
  const lines = [both('JOURNAL_VERIFY_CHECKED', r.checked), both('JOURNAL_VERIFY_CHECKED_MORE', r.checked)];
  if (r.intact) lines.push(both('JOURNAL_VERIFY_INTACT'));
  for (const b of r.breaks) lines.push(`${describeBreak(b)} / ${describeBreak(b, 'en')}`);
  if (r.missingTriggers.length > 0) lines.push(both('JOURNAL_VERIFY_TRIGGERS_MISSING', { names: r.missingTriggers.join(', ') }));
  for (const h of day ? [r.heads, day] : [r.heads]) {
    const params = { events: h.events.last, audit: h.audit.last, digest: groupHex(h.digest) };
    lines.push(`${t('JOURNAL_VERIFY_HEAD', { ...params, through: h.through ?? t('JOURNAL_VERIFY_NOW') })}`);
    lines.push(`${t('JOURNAL_VERIFY_HEAD', { ...params, through: h.through ?? t('JOURNAL_VERIFY_NOW', {}, 'en') }, 'en')}`);
  }
  if (paper?.ok) lines.push(both('JOURNAL_VERIFY_AT', { events: paper.events.last, audit: paper.audit.last, digest: groupHex(paper.digest) }));
  else if (paper) {
    const what = (locale: 'zh' | 'en'): string => paper.missing.map((m) => t(m === 'events' ? 'JOURNAL_VERIFY_AT_EVENT' : 'JOURNAL_VERIFY_AT_AUDIT',
      { n: paper.asked[m] }, locale)).join(locale === 'zh' ? '、' : ', ');
    const params = { events: paper.fileLast.events, audit: paper.fileLast.audit };
    lines.push(`${t('JOURNAL_VERIFY_AT_MISSING', { ...params, what: what('zh') })} / ${t('JOURNAL_VERIFY_AT_MISSING', { ...params, what: what('en') }, 'en')}`);
  }
  if (witness) {
    const zh = witnessText(witness, (iso) => localStamp(iso));
    const en = witnessText(witness, (iso) => localStamp(iso), 'en');
    zh.forEach((l, i) => lines.push(`${t('RECONCILE_WITNESS')}: ${l} / ${en[i] ?? ''}`));
  }
  if (witnessError) lines.push(both('JOURNAL_VERIFY_WITNESS_UNAVAILABLE', { message: witnessError }));
  return `${lines.join('\n')}\n`;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}
