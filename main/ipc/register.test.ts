import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/errors';
import { CALL_NAMES, callChannel, type CallName, type CallResponse, type EventName } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { SETTINGS_HIDDEN, SettingsSchema } from '../../contract/settings';
import { composeTraining, type TrainingServices } from '../compose/training';
import { ChromiumPrinter } from '../print/chromium-printer';
import type { IpcEventLike, IpcMainLike } from './port';
import { registerIpc, type Registration } from './register';
import { businessDate } from '../../contract/format';

/** An in-memory ipcMain: what Electron does with `handle`, minus the process boundary. */
class MemoryIpc implements IpcMainLike {
  readonly listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`);
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }
  invoke(channel: string, req: unknown, url = 'app://counter/index.html', windowId?: number): Promise<Result<unknown>> {
    const l = this.listeners.get(channel);
    if (!l) throw new Error(`no handler for ${channel}`);
    const sender = windowId === undefined ? undefined : { id: windowId };
    return Promise.resolve(l({ senderFrame: { url }, sender }, req)) as Promise<Result<unknown>>;
  }
}

let services: TrainingServices;
let ipc: MemoryIpc;
let reg: Registration;
const events: { name: EventName; payload: unknown }[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ipc-'));
  services = await composeTraining({ settings: SettingsSchema.parse({}), dataDir, printer: new ChromiumPrinter() });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, services, {
    isTrustedSender: (e) => e.senderFrame?.url.startsWith('app://counter/') ?? false,
    emit: (name, payload) => events.push({ name, payload }),
  });
});
afterAll(async () => {
  reg?.dispose();
  await services?.close();
});

async function ok<K extends CallName>(name: K, req: unknown = {}): Promise<CallResponse<K>> {
  const res = await ipc.invoke(callChannel(name), req);
  if (!res.ok) throw new Error(`${name}: ${res.code} ${res.message}`);
  return res.data as CallResponse<K>;
}

describe('IPC registration', () => {
  it('has a handler for every contract entry and an entry for every handler', () => {
    expect(Object.keys(reg.handlers).sort()).toEqual([...CALL_NAMES].sort());
    expect([...ipc.listeners.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('refuses a call from a page that is not the app, before doing anything', async () => {
    const res = await ipc.invoke(callChannel('trainingInsert'), { profileId: 'normal' }, 'https://evil.example/');
    expect(res).toMatchObject({ ok: false, code: 'IPC_SENDER_REFUSED' });
    expect((await ok('status')).cardPresent).toBe(false);
  });

  it('validates input with the contract schema and answers a stable code with a Chinese message', async () => {
    const res = await ipc.invoke(callChannel('signIn'), { operatorId: 'A01' });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(res.ok ? '' : res.message).toMatch(/输入不正确/);
    expect(await ipc.invoke(callChannel('signIn'), { operatorId: 'A 1', password: 'x' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('asks the operator to sign in before reading a card for a recharge', async () => {
    expect(await ipc.invoke(callChannel('readCard'), {})).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
  });

  it('runs a whole training recharge over IPC and pushes the state changes as events', async () => {
    expect(await ok('signIn', { operatorId: 'A01', password: '123456' })).toEqual({ operatorId: 'A01', name: '培训柜员', role: 'operator' });
    await ok('trainingInsert', { profileId: 'normal' });
    await expect.poll(() => events.some((e) => e.name === 'card' && (e.payload as { present: boolean }).present)).toBe(true);
    const read = await ok('readCard');
    expect(read.refusal).toBeNull();
    const started = await ok('rechargeStart', { amountFen: 5000, channel: 'alipay' });
    expect(started.state).toBe('ORDERED');
    expect((await ok('status')).activeRechargeId).toBe(started.id);
    expect((await ok('rechargeCheckPayment', { id: started.id })).state).toBe('ORDERED');
    await ok('trainingPay', { id: started.id });
    expect((await ok('rechargeCheckPayment', { id: started.id })).state).toBe('PAID');
    const loaded = await ok('rechargeLoad', { id: started.id });
    expect(loaded.state).toBe('VERIFIED');
    expect(loaded.balanceAfterFen).toBe(read.card.balanceFen + 5000);
    const states = events.filter((e) => e.name === 'recharge').map((e) => (e.payload as RechargeRecord).state);
    expect(states).toEqual(expect.arrayContaining(['ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']));
    expect(events.filter((e) => e.name === 'payment')).toHaveLength(2);
    expect(events.find((e) => e.name === 'host')?.payload).toEqual({ online: true });
    await ok('rechargeDismiss');
    expect((await ok('status')).activeRechargeId).toBeNull();
  });

  it('refuses an account card at 读卡 with the reason', async () => {
    await ok('trainingInsert', { profileId: 'account' });
    const read = await ok('readCard');
    expect(read.refusal).not.toBeNull();
    expect(read.card.cardType).toBe(0x17);
  });

  it('answers RECHARGE_NOT_FOUND for a recharge id it does not know', async () => {
    expect(await ipc.invoke(callChannel('rechargeLoad'), { id: 'nope' })).toMatchObject({ ok: false, code: 'RECHARGE_NOT_FOUND' });
    expect(await ok('rechargeGet', { id: 'nope' })).toBeNull();
  });
});

/** A call made from Electron window `win` (its webContents id keys the sign-in). */
async function from<K extends CallName>(win: number, name: K, req: unknown = {}): Promise<Result<CallResponse<K>>> {
  return (await ipc.invoke(callChannel(name), req, 'app://counter/index.html', win)) as Result<CallResponse<K>>;
}
async function okFrom<K extends CallName>(win: number, name: K, req: unknown = {}): Promise<CallResponse<K>> {
  const res = await from(win, name, req);
  if (!res.ok) throw new Error(`${name}: ${res.code} ${res.message}`);
  return res.data;
}
const today = (): string => businessDate(new Date()); // the audit log's days are business (Beijing) days
const OPERATOR = 21;
const SUPERVISOR = 22;

describe('IPC sign-in and role gate (checked in main)', () => {
  it('refuses a supervisor call from a signed-in operator with AUTH_FORBIDDEN, and does not run it', async () => {
    await okFrom(OPERATOR, 'signIn', { operatorId: 'A01', password: '123456' });
    for (const name of ['auditList', 'operatorList', 'operatorUnlock'] as const) {
      const req = name === 'auditList' ? { from: today(), to: today() } : name === 'operatorUnlock' ? { operatorId: 'A01' } : {};
      const res = await from(OPERATOR, name, req);
      expect(res).toMatchObject({ ok: false, code: 'AUTH_FORBIDDEN' });
      expect(res.ok ? '' : res.message).toMatch(/主管/);
    }
    // A refused unlock wrote nothing: the audit log has no unlock row.
    await okFrom(SUPERVISOR, 'signIn', { operatorId: 'S01', password: '888888' });
    expect(await okFrom(SUPERVISOR, 'auditList', { from: today(), to: today(), action: 'unlock' })).toEqual([]);
  });

  it('refuses every call but signIn, status and settings before sign-in, per window', async () => {
    const FRESH = 23;
    expect((await okFrom(FRESH, 'status')).operatorId).toBeNull();
    expect((await okFrom(FRESH, 'settings')).training).toBe(true);
    for (const name of ['readers', 'pending', 'cardCheck', 'trainingProfiles', 'signOut'] as const) {
      expect(await from(FRESH, name)).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
    }
    expect(await from(FRESH, 'auditList', { from: today(), to: today() })).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
    expect(await okFrom(OPERATOR, 'status')).toMatchObject({ operatorId: 'A01', operatorName: '培训柜员', role: 'operator' });
    expect(await okFrom(SUPERVISOR, 'status')).toMatchObject({ operatorId: 'S01', role: 'supervisor' });
  });

  it('shows the window every setting but the hidden ones (the card PIN, the journal path), and the training host', async () => {
    const view = await ok('settings');
    const shown = Object.keys(SettingsSchema.parse({})).filter((k) => !(SETTINGS_HIDDEN as readonly string[]).includes(k));
    expect(Object.keys(view).sort()).toEqual([...shown, 'training', 'trainingHostUrl'].sort());
    expect(view).toMatchObject({ terminalId: services.settings.terminalId, training: true, trainingHostUrl: services.training.hostUrl });
    expect(JSON.stringify(view)).not.toContain(services.settings.defaultPin);
  });

  it('answers a wrong password and an unknown id with the same message, and audits both', async () => {
    const a = await from(24, 'signIn', { operatorId: 'A01', password: 'wrong1' });
    const b = await from(24, 'signIn', { operatorId: 'Z99', password: 'wrong1' });
    expect(a).toMatchObject({ ok: false, code: 'AUTH_INVALID' });
    // The same answer; only each refusal's own error reference (错误编号, docs/release.md §12) differs.
    const { ref: refA, ...restA } = a as { ref?: string };
    const { ref: refB, ...restB } = b as { ref?: string };
    expect(restB).toEqual(restA);
    expect(refA).toMatch(/^E[0-9A-Z]{3}-[0-9A-Z]{2}$/);
    expect(refB).not.toBe(refA);
    expect((await okFrom(24, 'status')).operatorId).toBeNull();
    const failed = await okFrom(SUPERVISOR, 'auditList', { from: today(), to: today(), action: 'sign-in-failed' });
    expect(failed.map((e) => e.target).sort()).toEqual(['A01', 'Z99']);
    await okFrom(OPERATOR, 'signIn', { operatorId: 'A01', password: '123456' }); // resets A01's count
  });

  it('lets a supervisor finish an operator\'s paid recharge, and audits it as resume-other', async () => {
    await okFrom(OPERATOR, 'trainingInsert', { profileId: 'normal' });
    await expect.poll(async () => (await okFrom(OPERATOR, 'status')).cardPresent).toBe(true);
    await okFrom(OPERATOR, 'readCard');
    const r = await okFrom(OPERATOR, 'rechargeStart', { amountFen: 1200, channel: 'wechat' });
    expect(r.operatorId).toBe('A01');
    await okFrom(OPERATOR, 'trainingPay', { id: r.id });
    expect((await okFrom(OPERATOR, 'rechargeCheckPayment', { id: r.id })).state).toBe('PAID');
    expect((await okFrom(SUPERVISOR, 'rechargeLoad', { id: r.id })).state).toBe('VERIFIED');
    const audited = await okFrom(SUPERVISOR, 'auditList', { from: today(), to: today(), action: 'resume-other' });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ operatorId: 'S01', role: 'supervisor', target: r.id, detail: { owner: 'A01', via: 'load' } });
  });

  it('signs out one window only, audited; that window must sign in again', async () => {
    expect(await okFrom(OPERATOR, 'signOut')).toBeNull();
    expect(await from(OPERATOR, 'pending')).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
    expect((await okFrom(SUPERVISOR, 'status')).operatorId).toBe('S01');
    const out = await okFrom(SUPERVISOR, 'auditList', { from: today(), to: today(), action: 'sign-out' });
    expect(out.map((e) => e.operatorId)).toEqual(['A01']);
  });
});
