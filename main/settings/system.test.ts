import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../contract/ipc';
import { FIXTURES, fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath } from '../../sim/host/testkit';
import { makeTestPki, type TestPki } from '../../sim/host/tls-testkit';
import { InProcessReader } from '../card/in-process-reader';
import { compose } from '../compose';
import type { Services } from '../compose/services';
import { ChromiumPrinter } from '../print/chromium-printer';
import { registerIpc, type Registration } from '../ipc/register';
import { MemoryIpc } from '../ipc/testing';
import { SettingsStore } from './store';

/**
 * A real counter's first start with nothing configured, driven through the IPC gate as the window does:
 * 初始化设置 (first supervisor, recovery code), then 系统设置 with the issuer host over mutual TLS
 * (certificates made by openssl at test time), until a recharge runs — and every refusal on the way.
 */
let pki: TestPki;
let sim: HostSim;
let home: string;
let services: Services | null = null;
let reg: Registration | null = null;
let ipc: MemoryIpc;
const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());

async function start(): Promise<void> {
  const store = SettingsStore.open(undefined, {}, home);
  const settings = { ...store.initial };
  services = await compose({
    settings, store, mode: settings.mode, dataDir: home, printer: new ChromiumPrinter(), readers: new InProcessReader(card, { name: 'USB 1' }),
  });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, services, { isTrustedSender: () => true, emit: () => {} });
}
async function stop(): Promise<void> {
  reg?.dispose();
  await services?.close();
  services = null;
}
async function refusal(name: Parameters<MemoryIpc['call']>[0], req: unknown = {}): Promise<{ code: string; message: string }> {
  const r = await ipc.call(name, req);
  if (r.ok) throw new Error(`${name} was not refused`);
  return r;
}
const settingsFile = () => join(home, 'settings.json');

beforeAll(async () => {
  pki = makeTestPki();
  const server = pki.server(['localhost', '127.0.0.1']);
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: tempDbPath(), tls: { cert: server.cert, key: server.key, ca: pki.ca.cert, requireClientCert: true } });
  home = mkdtempSync(join(tmpdir(), 'etc-setup-'));
  await start();
}, 60_000);
afterAll(async () => {
  await stop();
  await sim?.close();
});

describe('first-run set-up of a real counter (初始化设置)', () => {
  it('starts in real mode with no host and no operator: set-up required, recharge refused by main', async () => {
    expect(services!.mode).toBe('real');
    expect(await ipc.ok('setupStatus')).toMatchObject({ required: true, step: 'supervisor', training: false, hostProblem: { code: 'HOST_NOT_CONFIGURED' } });
    expect(await refusal('signIn', { operatorId: 'S01', password: 'whatever1' })).toMatchObject({ code: 'AUTH_NO_OPERATORS' });
  });

  it('creates the first supervisor under the password rules, with the recovery code, once', async () => {
    expect(await refusal('setupCreateSupervisor', { operatorId: 'S01', name: '王主管', password: '12345678' }))
      .toMatchObject({ code: 'AUTH_PASSWORD_DIGITS_ONLY' });
    expect(services!.auth.operators.count()).toBe(0);
    const made = await ipc.ok('setupCreateSupervisor', { operatorId: 'S01', name: '王主管', password: 'lanzhou-2024' });
    expect(made.operator).toEqual({ operatorId: 'S01', name: '王主管', role: 'supervisor' });
    expect(made.recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect((await ipc.ok('status')).operatorId).toBe('S01'); // signed in by the set-up
    expect(await refusal('setupCreateSupervisor', { operatorId: 'S02', name: '李主管', password: 'lanzhou-2025' }))
      .toMatchObject({ code: 'SETUP_SUPERVISOR_EXISTS' });
    expect(await ipc.ok('setupStatus')).toMatchObject({ required: true, step: 'settings' });
    expect(await refusal('readCard')).toMatchObject({ code: 'SETUP_INCOMPLETE', message: expect.stringContaining('初始化设置') });
    expect(await refusal('rechargeStart', { amountFen: 100, channel: 'wechat' })).toMatchObject({ code: 'SETUP_INCOMPLETE' });
  });

  it('refuses bad values with a clear message and writes nothing', async () => {
    const cases: [object, string, string][] = [
      [{ hostUrl: 'http://issuer.example.cn:8443' }, 'HOST_URL_INSECURE', 'https://'],
      [{ hostUrl: 'issuer.example.cn' }, 'HOST_URL_INVALID', 'issuer.example.cn'],
      [{ terminalId: '00000100005G' }, 'SETTINGS_FIELD_INVALID', '终端号不正确：应为 12 位十六进制数字'],
      [{ idleLockMinutes: 0 }, 'SETTINGS_FIELD_INVALID', '自动锁屏（分钟）不正确'],
      [{ defaultPin: '12ab' }, 'SETTINGS_FIELD_INVALID', '默认 PIN不正确'],
      [{ hostUrl: sim.url, hostCaFile: join(home, 'nope.pem') }, 'SETTINGS_FILE_UNREADABLE', 'nope.pem'],
      [{ hostUrl: sim.url, hostCaFile: pki.client('x').certPath }, 'SETTINGS_NOT_A_CA', '没有 CA 证书'],
      [{ hostUrl: sim.url, clientCertFile: pki.client('000001000050').certPath }, 'SETTINGS_CLIENT_PAIR', '同时'],
      [{ hostUrl: sim.url, clientCertFile: pki.client('000001000050').certPath, clientKeyFile: pki.client('other').keyPath }, 'SETTINGS_KEY_MISMATCH', '不是一对'],
      [{ hostUrl: 'http://127.0.0.1:9', hostCaFile: pki.ca.certPath }, 'SETTINGS_TLS_NEEDS_HTTPS', 'https://'],
      [{ hostUrl: sim.url, hostCaFile: `${FIXTURES}keys.json` }, 'SETTINGS_TRAINING_KEY_FILE', '培训用的密钥文件'],
      [{ hostUrl: sim.url, clientCertFile: pki.client('000001000050').certPath, clientKeyFile: `${FIXTURES}keys.json` }, 'SETTINGS_TRAINING_KEY_FILE', '不能用于正式模式'],
      [{ bogus: 1 }, 'INVALID_INPUT', 'bogus'],
    ];
    for (const [change, code, text] of cases) {
      const r = await refusal('settingsSave', change);
      expect({ change, code: r.code }).toEqual({ change, code });
      expect(r.message).toContain(text);
    }
    expect(existsSync(settingsFile())).toBe(false);
    expect(services!.settings.hostUrl).toBeNull();
    expect((await ipc.ok('auditList', { from: '2000-01-01', to: '2100-01-01', action: 'settings-change' }))).toEqual([]);
  });

  it('takes no money against a real host while the terminal id was never set (no default terminal id)', async () => {
    await ipc.ok('settingsSave', { hostUrl: sim.url.replace('127.0.0.1', 'localhost') });
    expect(await ipc.ok('setupStatus')).toMatchObject({ hostProblem: { code: 'SETTINGS_TERMINAL_ID_UNSET', message: expect.stringContaining('终端号尚未设置') } });
    const refused = await refusal('rechargeStart', { amountFen: 100, channel: 'wechat' });
    expect(refused.code).toBe('SETTINGS_TERMINAL_ID_UNSET');
    expect(sim.requests.some((q) => q.path === '/v1/orders')).toBe(false);
  });

  it('saves the host over mutual TLS: written atomically, applied at once, audited old → new; set-up done', async () => {
    const client = pki.client('000001000050');
    const change = {
      hostUrl: sim.url, hostCaFile: pki.ca.certPath, clientCertFile: client.certPath, clientKeyFile: client.keyPath,
      branch: '兰州东岗支行', defaultPin: '654321', readerName: 'USB 1', terminalId: '000001000050',
    };
    const saved = await ipc.ok('settingsSave', change);
    expect(saved.changed.sort()).toEqual(Object.keys(change).sort());
    expect(saved.restartRequired).toEqual([]);
    expect(saved.settings).toMatchObject({ hostUrl: sim.url, branch: '兰州东岗支行', clientKeyFile: client.keyPath });
    expect(saved.settings).not.toHaveProperty('defaultPin');
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toMatchObject(change);
    expect(await ipc.ok('setupStatus')).toMatchObject({ required: false, step: null, hostProblem: null, hostInsecure: false });
    const [row] = await ipc.ok('auditList', { from: '2000-01-01', to: '2100-01-01', action: 'settings-change' }) as AuditEntry[];
    expect(row).toMatchObject({ operatorId: 'S01', role: 'supervisor', target: null });
    expect(row!.detail).toMatchObject({
      hostUrl: { old: sim.url.replace('127.0.0.1', 'localhost'), new: sim.url }, branch: { old: '培训网点', new: '兰州东岗支行' }, defaultPin: { old: '******', new: '******' },
    });
    expect(JSON.stringify(row!.detail)).not.toContain('654321');
  });

  it('now takes money: a recharge over the mutual-TLS host link, to a verified balance', async () => {
    // The PIN saved above is not this card's: the change is live, so put the card's back first.
    await ipc.ok('settingsSave', { defaultPin: fixtureProfile('normal').pin });
    const view = await ipc.ok('readCard');
    expect(view.hostChecked).toBe(true);
    const before = card.snapshot().balanceFen;
    const r = await ipc.ok('rechargeStart', { amountFen: 2_000, channel: 'wechat' });
    sim.pay(r.orderId!);
    expect((await ipc.ok('rechargeCheckPayment', { id: r.id })).state).toBe('PAID');
    expect((await ipc.ok('rechargeLoad', { id: r.id })).state).toBe('VERIFIED');
    expect(card.snapshot().balanceFen).toBe(before + 2_000);
    expect(sim.requests.some((q) => q.path === '/v1/sessions')).toBe(true);
  });

  it('a change of mode waits for a restart; the next start reads the saved file', async () => {
    const saved = await ipc.ok('settingsSave', { mode: 'training', idleLockMinutes: 10 });
    expect(saved.changed.sort()).toEqual(['idleLockMinutes', 'mode']);
    expect(saved.restartRequired).toEqual(['mode']);
    expect(services!.mode).toBe('real');
    expect(services!.settings).toMatchObject({ mode: 'real', idleLockMinutes: 10 });
    const back = await ipc.ok('settingsSave', { mode: 'real' }); // the file says real again: this run never left it
    expect(back).toMatchObject({ changed: ['mode'], restartRequired: [] });
    await stop();
    await start();
    expect(services!.mode).toBe('real');
    expect(services!.settings).toMatchObject({ hostUrl: sim.url, branch: '兰州东岗支行', defaultPin: fixtureProfile('normal').pin, idleLockMinutes: 10 });
    expect(services!.hostConnection.url).toBe(sim.url);
    expect(await ipc.ok('setupStatus')).toMatchObject({ required: false });
  });
});

describe('training keys never reach real mode', () => {
  it('a real counter whose settings name the training key file starts, but refuses every host call with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etc-realkeys-'));
    const client = pki.client('000001000050');
    const store = SettingsStore.open(undefined, { hostUrl: sim.url, clientCertFile: client.certPath, clientKeyFile: `${FIXTURES}keys.json` }, dir);
    const s = await compose({ settings: { ...store.initial }, store, mode: 'real', dataDir: dir, printer: new ChromiumPrinter(), readers: new InProcessReader(card) });
    try {
      expect(s.hostConnection.problem).toMatchObject({ code: 'SETTINGS_TRAINING_KEY_FILE' });
      await expect(s.host.signIn({ terminalId: '000001000050', operatorId: 'x' })).rejects.toMatchObject({ code: 'SETTINGS_TRAINING_KEY_FILE' });
      expect(s.system.setupStatus().hostProblem?.message).toContain('培训用的密钥文件');
    } finally {
      await s.close();
    }
  });
});
