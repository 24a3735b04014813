import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/errors';
import { callChannel, type AuditEntry, type CallName, type CounterStatus } from '../../contract/ipc';
import { SettingsSchema } from '../../contract/settings';
import { startBrowserMode, type BrowserMode } from '../app/browser-mode';
import { systemClock, type Clock } from '../clock';
import { composeTraining, type TrainingServices } from '../compose/training';
import { ChromiumPrinter } from '../print/chromium-printer';
import { openSession } from './bridge-testing';
import type { IpcEventLike, IpcMainLike } from './port';
import { registerIpc, type Registration } from './register';
import { CounterSession, REAUTH_AFTER_MS } from './session';
import { businessDate } from '../../contract/format';

/**
 * The session rules the gate enforces in main (docs/security.md): idle lock per window, the supervisor's
 * password again after REAUTH_AFTER_MS, a disabled account losing its session at the next call, and one
 * sign-in per browser in browser mode. Over the real training services, with a clock the test moves.
 */
class MemoryIpc implements IpcMainLike {
  readonly listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void { this.listeners.set(channel, listener); }
  removeHandler(channel: string): void { this.listeners.delete(channel); }
}

let offset = 0;
const clock: Clock & { advance(ms: number): void } = {
  now: () => new Date(Date.now() + offset),
  sleep: systemClock.sleep,
  advance: (ms) => { offset += ms; },
};
const MINUTE = 60_000;
let s: TrainingServices;
let ipc: MemoryIpc;
let reg: Registration;

beforeAll(async () => {
  s = await composeTraining({
    settings: SettingsSchema.parse({ idleLockMinutes: 5 }), dataDir: mkdtempSync(join(tmpdir(), 'session-')), printer: new ChromiumPrinter(), clock,
  });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, s, { isTrustedSender: (e) => e.senderFrame?.url.startsWith('app://counter/') ?? false, emit: () => {} });
});
afterAll(async () => {
  reg?.dispose();
  await s?.close();
});

async function from<T = unknown>(win: number, name: CallName, req: unknown = {}): Promise<Result<T>> {
  const l = ipc.listeners.get(callChannel(name));
  if (!l) throw new Error(`no handler ${name}`);
  return (await l({ senderFrame: { url: 'app://counter/index.html' }, sender: { id: win } }, req)) as Result<T>;
}
async function okFrom<T = unknown>(win: number, name: CallName, req: unknown = {}): Promise<T> {
  const r = await from<T>(win, name, req);
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
  return r.data;
}
const status = (win: number) => okFrom<CounterStatus>(win, 'status');
const today = (): string => businessDate(clock.now()); // the audit log's days are business (Beijing) days

describe('idle lock (settings.idleLockMinutes), enforced in main', () => {
  it('locks a window idle for the configured minutes; only status, settings, unlock and sign-out pass', async () => {
    await okFrom(1, 'signIn', { operatorId: 'A01', password: '123456' });
    await okFrom(2, 'signIn', { operatorId: 'S01', password: '888888' });
    clock.advance(4 * MINUTE);
    await okFrom(2, 'pending'); // window 2 acts; window 1 does not
    clock.advance(1 * MINUTE);
    const refused = await from(1, 'pending');
    expect(refused).toMatchObject({ ok: false, code: 'SESSION_LOCKED' });
    expect(refused.ok ? '' : refused.message).toContain('5 分钟无操作');
    expect(refused.ok ? '' : refused.message).toContain('A01');
    expect(await status(1)).toMatchObject({ operatorId: 'A01', locked: true });
    expect((await okFrom<{ idleLockMinutes: number }>(1, 'settings')).idleLockMinutes).toBe(5);
    expect(await from(1, 'activity')).toMatchObject({ ok: false, code: 'SESSION_LOCKED' }); // a key press does not unlock
    expect(await from(1, 'signIn', { operatorId: 'S01', password: '888888' })).toMatchObject({ ok: false, code: 'SESSION_LOCKED' });
    expect(await status(2)).toMatchObject({ operatorId: 'S01', locked: false }); // per window
    expect(await okFrom(2, 'pending')).toEqual([]);
  });

  it('unlocks with the operator\'s password only; a wrong one counts and is audited', async () => {
    const wrong = await from(1, 'unlock', { password: 'nope-1' });
    expect(wrong).toMatchObject({ ok: false, code: 'AUTH_INVALID' });
    expect((await status(1)).locked).toBe(true);
    expect(await okFrom(1, 'unlock', { password: '123456' })).toBeNull();
    expect(await status(1)).toMatchObject({ operatorId: 'A01', locked: false });
    expect(await okFrom(1, 'pending')).toEqual([]);
    await okFrom(2, 'unlock', { password: '888888' }); // the supervisor's sign-in is 5 minutes old: confirmed again
    const signIns = await okFrom<AuditEntry[]>(2, 'auditList', { from: today(), to: today(), action: 'sign-in' });
    expect(signIns.filter((e) => e.target === 'A01').map((e) => e.detail)).toContainEqual({ via: 'unlock' });
    const failed = await okFrom<AuditEntry[]>(2, 'auditList', { from: today(), to: today(), action: 'sign-in-failed' });
    expect(failed.some((e) => e.target === 'A01')).toBe(true);
  });

  it('does not count the window\'s own background calls (status, the payment poll) as activity', async () => {
    await okFrom(1, 'activity');
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE - 1000);
      await okFrom(1, 'status');
      await from(1, 'rechargeGet', { id: 'none' });
      await from(1, 'rechargeCheckPayment', { id: 'none' });
    }
    clock.advance(5000);
    expect((await status(1)).locked).toBe(true);
    expect(await okFrom(1, 'unlock', { password: '123456' })).toBeNull();
    clock.advance(4 * MINUTE);
    await okFrom(1, 'activity'); // a key press every few minutes keeps it open
    clock.advance(4 * MINUTE);
    expect((await status(1)).locked).toBe(false);
  });

  it('signs out from the lock screen (another operator takes over), audited', async () => {
    clock.advance(6 * MINUTE);
    expect((await status(1)).locked).toBe(true);
    expect(await okFrom(1, 'signOut')).toBeNull();
    expect(await status(1)).toMatchObject({ operatorId: null, locked: false });
    await okFrom(1, 'signIn', { operatorId: 'A01', password: '123456' });
    await okFrom(2, 'unlock', { password: '888888' }); // window 2 was idle too
  });
});

describe("supervisor calls need the supervisor's password within the last minutes", () => {
  it('refuses auditList, operatorList and reprints after REAUTH_AFTER_MS without a password; unlock renews it', async () => {
    await okFrom(2, 'operatorList');
    for (let t = 0; t <= REAUTH_AFTER_MS; t += 2 * MINUTE) {
      clock.advance(2 * MINUTE);
      await okFrom(2, 'activity'); // active all along: this is not the idle lock
    }
    for (const [name, req] of [['operatorList', {}], ['auditList', { from: today(), to: today() }], ['operatorUnlock', { operatorId: 'A01' }]] as const) {
      const r = await from(2, name, req);
      expect(r, name).toMatchObject({ ok: false, code: 'AUTH_REAUTH_REQUIRED' });
      expect(r.ok ? '' : r.message).toContain('5 分钟');
    }
    expect(await okFrom(2, 'pending')).toEqual([]); // operator calls go on as before
    expect(await from(2, 'unlock', { password: 'wrong-1' })).toMatchObject({ ok: false, code: 'AUTH_INVALID' });
    expect(await from(2, 'operatorList')).toMatchObject({ ok: false, code: 'AUTH_REAUTH_REQUIRED' });
    await okFrom(2, 'unlock', { password: '888888' });
    expect((await okFrom<unknown[]>(2, 'operatorList')).length).toBe(2);
  });
});

describe('an account disabled while signed in', () => {
  it('loses its session at its next call, audited; enabled again it signs in anew', async () => {
    await okFrom(3, 'signIn', { operatorId: 'A01', password: '123456' });
    s.auth.operators.disable('A01', { operatorId: 'S01', role: 'supervisor' });
    const r = await from(3, 'pending');
    expect(r).toMatchObject({ ok: false, code: 'AUTH_SESSION_DISABLED' });
    expect(await status(3)).toMatchObject({ operatorId: null });
    expect(await from(1, 'pending')).toMatchObject({ ok: false, code: 'AUTH_SESSION_DISABLED' }); // every window of A01
    expect(await from(3, 'signIn', { operatorId: 'A01', password: '123456' })).toMatchObject({ ok: false, code: 'AUTH_DISABLED' });
    const outs = await okFrom<AuditEntry[]>(2, 'auditList', { from: today(), to: today(), action: 'sign-out' });
    expect(outs.filter((e) => e.detail.reason === 'account-disabled').map((e) => e.target)).toEqual(['A01', 'A01']);
    s.auth.operators.enable('A01', { operatorId: 'S01', role: 'supervisor' });
    await okFrom(3, 'signIn', { operatorId: 'A01', password: '123456' });
    expect(await okFrom(3, 'pending')).toEqual([]);
  });

  it('ends the session when the lock screen takes the 5th wrong password in a row', async () => {
    clock.advance(6 * MINUTE);
    for (let i = 1; i <= 4; i++) expect(await from(3, 'unlock', { password: `bad-${i}` })).toMatchObject({ ok: false, code: 'AUTH_INVALID' });
    expect(await from(3, 'unlock', { password: 'bad-5' })).toMatchObject({ ok: false, code: 'AUTH_LOCKED' });
    expect((await status(3)).operatorId).toBeNull();
    await okFrom(2, 'unlock', { password: '888888' });
    await okFrom(2, 'operatorUnlock', { operatorId: 'A01' });
  });

  it('answers 恢复主管账号 in training mode with "no recovery code" (training journals have none)', async () => {
    const r = await from(4, 'recoverSupervisor', { operatorId: 'S01', code: 'AAAAA-AAAAA-AAAAA-AAAAA', newPassword: 'new-secret-1' });
    expect(r).toMatchObject({ ok: false, code: 'AUTH_RECOVERY_NONE' });
  });
});

describe('browser mode: one sign-in per browser (session cookie)', () => {
  let mode: BrowserMode;
  beforeAll(async () => {
    mode = await startBrowserMode({ services: s, staticDir: mkdtempSync(join(tmpdir(), 'static-')) });
  });
  afterAll(() => mode?.close());

  it('a second browser is a stranger: no sign-in of its own, and no cookie at all is no session', async () => {
    const a = await openSession(mode.url);
    const b = await openSession(mode.newUrl());
    expect((await a.call('signIn', { operatorId: 'A01', password: '123456' })).json).toMatchObject({ ok: true });
    expect((await a.call('status')).json).toMatchObject({ ok: true, data: { operatorId: 'A01' } });
    expect((await b.call('status')).json).toMatchObject({ ok: true, data: { operatorId: null } });
    expect((await b.call('pending')).json).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
    const noCookie = await fetch(`${mode.bridge.origin}/rpc/pending`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noCookie.status).toBe(401);
    await expect(openSession(mode.url)).rejects.toThrow(/no session/); // the first address is spent
    expect((await a.call('pending')).json).toMatchObject({ ok: true });
  });
});

describe('the status bar before the terminal id is set', () => {
  it('shows no terminal id (not the schema default) until someone set it', () => {
    const settings = SettingsSchema.parse({});
    let set = false;
    const session = new CounterSession(settings, false, systemClock, () => set);
    expect(session.status().terminalId).toBe('');
    set = true;
    expect(session.status().terminalId).toBe(settings.terminalId);
  });
});
