import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCKING_STATES, type RechargeRecord } from '../../contract/recharge';
import { EXIT_CRASHED } from '../../main/app/crash-policy';
import { ensureRendererBuilt, REPO_ROOT } from '../../main/app/renderer-build';
import { openSession, send, type BrowserSession } from '../../main/ipc/bridge-testing';
import { SqliteJournal } from '../../main/journal/sqlite-journal';
import { trainingServices } from '../support/training';

/**
 * The crash policy (main/app/crash-policy.ts, docs/security.md) in a real `serve --training` process
 * (crash-child.ts): an exception thrown in a timer in the middle of a card load is logged with its stack,
 * the cut load journaled, the journal closed and the process gone with EXIT_CRASHED — and the journal opens
 * clean afterwards, its chains intact, and resume finishes the load; a rejection nobody handles is logged
 * and the process keeps serving.
 */
interface Child { proc: ChildProcess; url: string; home: string; line(): Promise<string>; exited: Promise<number | null> }
let child: Child | null = null;
afterEach(() => { if (child?.proc.exitCode === null) child.proc.kill('SIGKILL'); });

async function start(): Promise<Child> {
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  const home = mkdtempSync(join(tmpdir(), 'crash-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests', 'fuzz', 'crash-child.ts')], {
    cwd: REPO_ROOT, env: { ...process.env, ETC_COUNTER_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  proc.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const waiting: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => waiting.shift()?.(l));
  const line = () => new Promise<string>((resolve) => waiting.push(resolve));
  const url = await line();
  return { proc, url, home, line, exited };
}
/** The log's messages, one per line as written: main.log is JSON lines (main/log/logger.ts), a stack keeps its line breaks in `msg`. */
const logOf = (home: string): string => {
  const path = join(home, 'training', 'logs', 'main.log');
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg).join('\n');
};
async function ok<T>(s: BrowserSession, name: string, body: unknown = {}): Promise<T> {
  const r = (await s.call(name, body)).json as { ok: boolean; data: T; code?: string };
  if (!r.ok) throw new Error(`${name}: ${r.code}`);
  return r.data;
}

describe('crash policy', () => {
  it('an exception thrown in a timer mid-load: logged with its stack, the load journaled as cut, exit 70, the journal clean', async () => {
    child = await start();
    const s = await openSession(child.url);
    await ok(s, 'signIn', { operatorId: 'A01', password: '123456' });
    await ok(s, 'trainingInsert', { profileId: 'normal' });
    await ok(s, 'readCard');
    const r = await ok<RechargeRecord>(s, 'rechargeStart', { amountFen: 2500, channel: 'wechat' });
    await ok(s, 'trainingPay', { id: r.id });
    expect((await ok<RechargeRecord>(s, 'rechargeCheckPayment', { id: r.id })).state).toBe('PAID');
    const { trainingHostUrl } = await ok<{ trainingHostUrl: string }>(s, 'settings');
    await fetch(`${trainingHostUrl}/sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"delayMs":1500}' });
    void s.call('rechargeLoad', { id: r.id }).catch(() => undefined); // the process dies under it
    await expect.poll(async () => (await ok<{ record: RechargeRecord }>(s, 'rechargeGet', { id: r.id })).record.state, { timeout: 20_000 })
      .toBe('INIT'); // the host is asked for MAC2 now, slowly
    child.proc.stdin?.write('throw\n');
    expect(await child.exited).toBe(EXIT_CRASHED);

    const log = logOf(child.home);
    expect(log).toMatch(/FATAL uncaughtException: Error: planted: thrown in a timer\n\s+at Timeout\./);
    expect(log).toContain(`journal closed, exiting with ${EXIT_CRASHED}`);

    // The journal opens (the lock went with the process), passes its checks and shows where the load was cut.
    const path = join(child.home, 'training', 'journal.sqlite');
    const j = SqliteJournal.open(path, { training: true });
    try {
      await j.verified;
      expect(j.verifyChains().intact).toBe(true);
      const cut = j.get(r.id);
      expect(BLOCKING_STATES).toContain(cut?.state);
      expect(j.events(r.id).at(-1)?.data).toMatchObject({ step: 'forced-quit', reason: 'uncaughtException' });
    } finally {
      j.close();
    }
    // The next start finishes it from the card, once.
    const again = await trainingServices({ dataDir: child.home });
    try {
      again.training.insert('normal');
      const done = await again.engine.resume(r.id);
      expect(done.state).toBe('VERIFIED');
      expect(done.balanceAfterFen).toBe(done.balanceBeforeFen + 2500);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('a promise rejected with nobody waiting: logged with its stack, and the process keeps serving', async () => {
    child = await start();
    child.proc.stdin?.write('reject\n');
    await expect.poll(() => logOf(child?.home ?? ''), { timeout: 10_000 })
      .toMatch(/ERROR unhandledRejection \(still serving\): Error: planted: rejected, nobody waits\n\s+at Timeout\./);
    expect(child.proc.exitCode).toBeNull();
    const origin = new URL(child.url).origin;
    expect((await send(origin, '/')).status).toBe(200);
    const s = await openSession(child.url);
    expect((await ok<{ training: boolean }>(s, 'status')).training).toBe(true);
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const j = SqliteJournal.open(join(child.home, 'training', 'journal.sqlite'), { training: true });
    try {
      await j.verified;
      expect(j.verifyChains().intact).toBe(true);
    } finally {
      j.close();
    }
  }, 120_000);
});
