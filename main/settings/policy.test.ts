import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath } from '../../sim/host/testkit';
import { InProcessReader } from '../card/in-process-reader';
import { compose } from '../compose';
import type { Services } from '../compose/services';
import { registerIpc, type Registration } from '../ipc/register';
import { MemoryIpc } from '../ipc/testing';
import { ChromiumPrinter } from '../print/chromium-printer';
import { parseRegQuery, POLICY_REGISTRY_KEY, readPolicy } from './policy';
import { SettingsStore } from './store';

/**
 * The machine policy (docs/release.md §7): the data folder's policy.json and HKLM\Software\Policies\
 * etc-counter, applied over every other layer, locked in 系统设置 and refused by settingsSave; and a
 * settings file changed outside the app, noticed at the next start, audited, warned about until a
 * supervisor acknowledges it.
 */
const REG = [
  '',
  `${POLICY_REGISTRY_KEY}`,
  '    TerminalId    REG_SZ    0000010000A7',
  '    Branch    REG_SZ    兰州东岗支行',
  '    IdleLockMinutes    REG_DWORD    0xa',
  '    PosMode    REG_SZ    manual',
  '    PosMerchantNo    REG_SZ    898620154110001',
  '    HostCaFile    REG_SZ    ',
  '',
].join('\r\n');

describe('policy sources', () => {
  it('reads `reg query` output: strings, DWORDs, the split objects, an empty string as not set', () => {
    expect(parseRegQuery(REG)).toEqual({
      terminalId: '0000010000A7', branch: '兰州东岗支行', idleLockMinutes: 10, pos: { mode: 'manual', merchantNo: '898620154110001' }, hostCaFile: null,
    });
    expect(() => parseRegQuery('    TerminalID2    REG_SZ    x')).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID', message: expect.stringContaining('TerminalID2') }));
  });

  it('merges the file and the registry (the registry winning key by key), and refuses a bad value naming its source', () => {
    const home = mkdtempSync(join(tmpdir(), 'etc-policy-'));
    mkdirSync(join(home, 'policy'), { recursive: true });
  writeFileSync(join(home, 'policy', 'policy.json'), JSON.stringify({ terminalId: '000001000099', backupKeep: 30, pos: { mode: 'mis' } }));
    const p = readPolicy(home, { platform: 'win32', registry: () => REG });
    expect(p.sources).toEqual([join(home, 'policy', 'policy.json'), POLICY_REGISTRY_KEY]);
    expect(p.values).toMatchObject({ terminalId: '0000010000A7', backupKeep: 30, branch: '兰州东岗支行', pos: { mode: 'manual', merchantNo: '898620154110001' } });
    expect(readPolicy(home, { platform: 'linux' }).values).toMatchObject({ terminalId: '000001000099' });
    mkdirSync(join(home, 'policy'), { recursive: true });
  writeFileSync(join(home, 'policy', 'policy.json'), JSON.stringify({ terminalId: 'XYZ' }));
    expect(() => readPolicy(home, { platform: 'linux' })).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID', message: expect.stringContaining('policy.json') }));
    mkdirSync(join(home, 'policy'), { recursive: true });
  writeFileSync(join(home, 'policy', 'policy.json'), JSON.stringify({ defaultPin: '1234' })); // not a field policy sets
    expect(() => readPolicy(home, { platform: 'linux' })).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID' }));
  });
});

let sim: HostSim;
let home: string;
let s: Services | null = null;
let reg: Registration | null = null;
let ipc: MemoryIpc;
const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());

async function start(): Promise<void> {
  const store = SettingsStore.open(undefined, {}, home);
  s = await compose({ settings: { ...store.initial }, store, mode: 'real', dataDir: home, printer: new ChromiumPrinter(), readers: new InProcessReader(card, { name: 'USB 1' }) });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, s, { isTrustedSender: () => true, emit: () => {} });
}
async function stop(): Promise<void> {
  reg?.dispose();
  await s?.close();
}
beforeAll(async () => {
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: tempDbPath() });
  home = mkdtempSync(join(tmpdir(), 'etc-policy-app-'));
  mkdirSync(join(home, 'policy'), { recursive: true });
  writeFileSync(join(home, 'policy', 'policy.json'), JSON.stringify({ hostUrl: sim.url, terminalId: '0000010000A7', branch: '兰州东岗支行', idleLockMinutes: 10 }));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ branch: '柜员改的网点', readerName: 'USB 1' }));
  await start();
  await ipc.ok('setupCreateSupervisor', { operatorId: 'S01', name: '王主管', password: 'lanzhou-2024' });
}, 60_000);
afterAll(async () => {
  await stop();
  await sim?.close();
});

describe('a counter under policy', () => {
  it('applies the policy over the settings file, shows the fields locked and refuses to save them', async () => {
    expect(await ipc.ok('settings')).toMatchObject({ branch: '兰州东岗支行', terminalId: '0000010000A7', idleLockMinutes: 10, readerName: 'USB 1' });
    expect((await ipc.ok('estateStatus')).locked.sort()).toEqual(['branch', 'hostUrl', 'idleLockMinutes', 'terminalId']);
    const refused = await ipc.call('settingsSave', { branch: '别的网点', readerName: 'USB 2' });
    expect(refused).toMatchObject({ ok: false, code: 'SETTINGS_POLICY_LOCKED', message: expect.stringContaining('网点名称') });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({ branch: '柜员改的网点', readerName: 'USB 1' });
    expect((await ipc.ok('settingsSave', { readerName: 'USB 2' })).changed).toEqual(['readerName']);
    expect(await ipc.ok('setupStatus')).toMatchObject({ required: false, hostProblem: null });
    expect((await ipc.ok('estateStatus')).terminalIdSet).toBe(true);
  });

  it('notices a settings file changed outside the app at the next start: audited, warned, until a supervisor accepts it', async () => {
    expect((await ipc.ok('estateStatus')).settingsFileChanged).toBeNull();
    await stop();
    const file = join(home, 'settings.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), defaultPin: '999999', pinEncoding: 'ascii', receiptFormat: 'A5' }));
    await start();
    const changed = (await ipc.ok('estateStatus')).settingsFileChanged;
    expect(changed).toMatchObject({ fields: ['pinEncoding', 'receiptFormat'] });
    await ipc.ok('signIn', { operatorId: 'S01', password: 'lanzhou-2024' });
    const rows = await ipc.ok('auditList', { from: '2000-01-01', to: '2100-01-01', action: 'settings-file' });
    expect(rows[0]).toMatchObject({ operatorId: 'system', detail: { kind: 'outside', fields: ['pinEncoding', 'receiptFormat'] } });
    expect(JSON.stringify(rows)).not.toContain('999999'); // a secret's value is never written
    await ipc.ok('settingsFileAccept');
    expect((await ipc.ok('estateStatus')).settingsFileChanged).toBeNull();
    await stop();
    await start(); // the accepted file is the baseline now
    expect((await ipc.ok('estateStatus')).settingsFileChanged).toBeNull();
  });
});
