import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/errors';
import { CALL_NAMES, callChannel, type CallName, type CallResponse, type EventName } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { SettingsSchema } from '../config';
import { createServices, type Services } from '../services';
import { ipcServices } from './from-services';
import type { IpcEventLike, IpcMainLike } from './port';
import { registerIpc, type Registration } from './register';

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
  invoke(channel: string, req: unknown, url = 'app://counter/index.html'): Promise<Result<unknown>> {
    const l = this.listeners.get(channel);
    if (!l) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(l({ senderFrame: { url } }, req)) as Promise<Result<unknown>>;
  }
}

let services: Services;
let ipc: MemoryIpc;
let reg: Registration;
const events: { name: EventName; payload: unknown }[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ipc-'));
  services = await createServices({ settings: SettingsSchema.parse({}), training: true, dataDir });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, ipcServices(services), {
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
    const res = await ipc.invoke(callChannel('rechargeStart'), { amountFen: 0, channel: 'wechat' });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(res.ok ? '' : res.message).toMatch(/输入不正确/);
    expect(await ipc.invoke(callChannel('signIn'), { operatorId: 'A 1' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('asks the operator to sign in before reading a card for a recharge', async () => {
    expect(await ipc.invoke(callChannel('readCard'), {})).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
  });

  it('runs a whole training recharge over IPC and pushes the state changes as events', async () => {
    expect(await ok('signIn', { operatorId: 'A01' })).toEqual({ operatorId: 'A01' });
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
