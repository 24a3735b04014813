import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteJournal } from '../../main/journal/sqlite-journal';
import { parseCsv } from '../../main/report';
import { trainingServices } from '../support/training';
import { fillDay, type FilledDay } from './fill-day';

const BIN = join(process.cwd(), 'bin', 'etc-counter.mjs');
let home: string;
let journalPath: string;
let day: FilledDay;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'export-cli-'));
  const s = await trainingServices({ dataDir: home });
  day = await fillDay(s);
  journalPath = s.journal.path;
  await s.dispose();
}, 60_000);

/** As training's demo operator A01 signs in: `--operator A01`, the password as stdin's first line (main/cli/sign-in.ts). */
function cli(args: string[], o: { signIn?: string[]; stdin?: string } = {}): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'journal', 'export', ...(o.signIn ?? ['--operator', 'A01']), ...args], {
    env: { ...process.env, ETC_COUNTER_HOME: home }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000, input: o.stdin ?? '123456\n',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe('etc-counter journal export', () => {
  it('writes the day as CSV to stdout, one row per recharge', () => {
    const r = cli(['--date', day.date, '--format', 'csv', '--journal', journalPath]);
    expect(r.code, r.stderr).toBe(0);
    expect([...r.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(rows.pop()?.[0]).toMatch(/^# 日志哈希链（截至当日结束）：.*校验码 [0-9A-F]{4}( [0-9A-F]{4}){15}$/); // the day's chain head closes it, as a note
    expect(rows.pop()).toEqual(['']); // after an empty line
    expect(rows.map((row) => row[header?.indexOf('流水号') ?? -1])).toEqual(
      [day.loaded, day.repaired, day.cancelled, day.unloaded, day.needsAdmin, day.pending].map((x) => x.id));
  });

  it('writes XLSX to stdout byte-safe and to a file, both readable by exceljs', async () => {
    const piped = cli(['--date', day.date, '--format', 'xlsx', '--journal', journalPath]);
    expect(piped.code, piped.stderr).toBe(0);
    const out = join(home, 'day.xlsx');
    const toFile = cli(['--date', day.date, '--format', 'xlsx', '--journal', journalPath, '--out', out]);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stdout.length).toBe(0);
    expect(toFile.stderr).toContain('6 笔充值');
    for (const bytes of [piped.stdout, readFileSync(out)]) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      expect(wb.worksheets[0]?.rowCount).toBe(7);
      expect(wb.worksheets[0]?.getRow(2).getCell(2).value).toBe(day.loaded.id);
    }
  });

  it('finds the training journal in the data folder with --training', () => {
    const r = cli(['--date', day.date, '--format', 'csv', '--training']);
    expect(r.code, r.stderr).toBe(0);
    expect(parseCsv(r.stdout)).toHaveLength(9); // header, six recharges, an empty line, the chain head
  });

  it('refuses a bad date or format with exit 2 and writes nothing', () => {
    const out = join(home, 'never.csv');
    for (const args of [['--date', '2025-02-30', '--format', 'csv'], ['--date', '2025-03-01', '--format', 'pdf'], ['--format', 'csv']]) {
      const r = cli([...args, '--journal', journalPath, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/日期格式不正确|导出格式只能是 csv 或 xlsx|请用 --date/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('signs in first: no operator, a wrong password or a disabled account exit 4 and write nothing', () => {
    const out = join(home, 'refused.csv');
    const args = ['--date', day.date, '--format', 'csv', '--journal', journalPath, '--out', out];
    const none = cli(args, { signIn: [] });
    expect([none.code, none.stderr]).toEqual([4, expect.stringContaining('AUTH_CLI_OPERATOR_REQUIRED')]);
    const wrong = cli(args, { stdin: 'nope\n' });
    expect([wrong.code, wrong.stderr]).toEqual([4, expect.stringContaining('AUTH_INVALID')]);
    expect(wrong.stdout.length).toBe(0);
    const db = new Database(journalPath);
    try {
      db.prepare("UPDATE operators SET disabled = 1 WHERE id = 'A01'").run();
      const disabled = cli(args);
      expect([disabled.code, disabled.stderr]).toEqual([4, expect.stringContaining('AUTH_DISABLED')]);
    } finally {
      db.prepare("UPDATE operators SET disabled = 0, failedAttempts = 0 WHERE id = 'A01'").run();
      db.close();
    }
    expect(existsSync(out)).toBe(false);
    expect(cli(args).code).toBe(0);
  });

  it('writes --out through an exclusive temporary file: a symlink planted at the target is replaced, never written through', () => {
    const victim = join(home, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const out = join(home, 'planted.csv');
    symlinkSync(victim, out);
    const r = cli(['--date', day.date, '--format', 'csv', '--journal', journalPath, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(parseCsv(readFileSync(out))).toHaveLength(9);
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('says a missing journal is missing instead of creating one', () => {
    const path = join(home, 'nope.sqlite');
    const r = cli(['--date', day.date, '--format', 'csv', '--journal', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('EXPORT_JOURNAL_MISSING');
    expect(existsSync(path)).toBe(false);
  });

  it('says the journal is in use while the app holds it', () => {
    const held = SqliteJournal.open(journalPath, { training: true });
    try {
      const r = cli(['--date', day.date, '--format', 'csv', '--journal', journalPath]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('JOURNAL_LOCKED');
      expect(r.stderr).toContain('正被另一个程序使用');
    } finally {
      held.close();
    }
  });
});
