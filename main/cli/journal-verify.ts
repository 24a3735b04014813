import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { dataDir, journalPathFor, loadSettings } from '../config';
import { groupHex, type ChainHeads } from '../journal/chain';
import { describeBreak, type ChainReport } from '../journal/chain-verify';
import { dayNumber } from '../journal/dates';
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
  operator: { type: 'string' },
} as const;

/** Exit status of a journal whose chain no longer fits (1 stays "could not run", 2 "bad arguments"). */
export const EXIT_BROKEN = 3;

/**
 * `etc-counter journal verify --operator ID [--journal FILE] [--json] [--training] [--date YYYY-MM-DD] [--config FILE]`
 * — walks the journal's hash chains (main/journal/chain.ts): prints the rows checked, the first row of
 * each table that no longer fits, any guard trigger that is gone, and the chain head (of local day
 * `--date`, to compare with the printed 日结单, or now). Exit 0 intact, 3 broken. Reads only (a journal of
 * an older schema is migrated on open, as by every program that opens it), after the operator's sign-in
 * (main/cli/sign-in.ts; exit 4 when refused), whose own audit row the report then covers.
 */
export const command: Command = {
  summary: 'journal verify --operator ID [--journal FILE] [--json] [--training] [--date YYYY-MM-DD]: checks the hash chains, exit 3 when broken; password first',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    try {
      v = parse(argv);
      if (v.date !== undefined) dayNumber(v.date);
      operatorFlag(v);
    } catch (e) {
      if (e instanceof SignInRefused) throw e;
      process.stderr.write(`${describeError(e)}\n`);
      return 2;
    }
    const home = dataDir();
    const settings = loadSettings(v.config, {}, home);
    const path = v.journal ?? journalPathFor(settings, v.training ? 'training' : 'real', home);
    if (!existsSync(path)) throw new AppError('JOURNAL_FILE_MISSING', { path });
    const journal = openEitherMode(path, v.training);
    let report: ChainReport;
    let day: ChainHeads | null = null;
    try {
      await journal.verified;
      await signInOnJournal(v, journal, processIo, { command: 'journal verify' });
      report = journal.verifyChains();
      if (v.date !== undefined) day = journal.chainHead(v.date);
    } finally {
      journal.close();
    }
    process.stdout.write(v.json ? `${JSON.stringify({ journal: path, ...report, day }, null, 2)}\n` : text(report, day));
    return report.intact ? 0 : EXIT_BROKEN;
  },
};

function text(r: ChainReport, day: ChainHeads | null): string {
  const both = (key: string, params: Record<string, string | number> = {}): string => `${t(key, params)} / ${t(key, params, 'en')}`;
  const lines = [both('JOURNAL_VERIFY_CHECKED', r.checked)];
  if (r.intact) lines.push(both('JOURNAL_VERIFY_INTACT'));
  for (const b of r.breaks) lines.push(`${describeBreak(b)} / ${describeBreak(b, 'en')}`);
  if (r.missingTriggers.length > 0) lines.push(both('JOURNAL_VERIFY_TRIGGERS_MISSING', { names: r.missingTriggers.join(', ') }));
  for (const h of day ? [r.heads, day] : [r.heads]) {
    const params = { events: h.events.last, audit: h.audit.last, digest: groupHex(h.digest) };
    lines.push(`${t('JOURNAL_VERIFY_HEAD', { ...params, through: h.through ?? t('JOURNAL_VERIFY_NOW') })}`);
    lines.push(`${t('JOURNAL_VERIFY_HEAD', { ...params, through: h.through ?? t('JOURNAL_VERIFY_NOW', {}, 'en') }, 'en')}`);
  }
  return `${lines.join('\n')}\n`;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

