import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath } from '../../sim/host/testkit';
import { makeTestPki, type TestPki } from '../../sim/host/tls-testkit';
import { logPathFor, openLogFile } from '../app/log-file';
import { InProcessReader } from '../card/in-process-reader';
import { compose } from '../compose';
import type { Services } from '../compose/services';
import { registerIpc, type Registration } from '../ipc/register';
import { MemoryIpc } from '../ipc/testing';
import { ERROR_REF } from '../log/error-ref';
import { ChromiumPrinter } from '../print/chromium-printer';
import { PASSPHRASE_FILE } from '../settings/client-key';
import { SettingsStore } from '../settings/store';

/**
 * A real counter whose client key is an encrypted PEM (docs/release.md §8): the supervisor gives its
 * passphrase once, it is sealed (never in clear on disk), and the host link runs over mutual TLS with the
 * key decrypted in memory; an error the clerk sees carries a reference found in the log with its context
 * (§5); the support bundle a supervisor takes has what support needs and none of the secrets (§10).
 */
const PASSPHRASE = 'Kx-lanzhou-key-passphrase-42';
const PIN = fixtureProfile('normal').pin;
let pki: TestPki;
let sim: HostSim;
let home: string;
let s: Services;
let reg: Registration;
let ipc: MemoryIpc;
const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
const cardNo = `${fixtureProfile('normal').network}${fixtureProfile('normal').internalNo}`;

beforeAll(async () => {
  pki = makeTestPki();
  const server = pki.server(['localhost', '127.0.0.1']);
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: tempDbPath(), tls: { cert: server.cert, key: server.key, ca: pki.ca.cert, requireClientCert: true } });
  home = mkdtempSync(join(tmpdir(), 'etc-bundle-'));
  const client = pki.client('000001000050');
  const encrypted = join(home, 'terminal-key.pem');
  writeFileSync(encrypted, createPrivateKey(client.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({
    hostUrl: sim.url, hostCaFile: pki.ca.certPath, clientCertFile: client.certPath, clientKeyFile: encrypted,
    terminalId: '000001000050', branch: '兰州东岗支行', defaultPin: PIN, readerName: 'USB 1',
  }));
  const store = SettingsStore.open(undefined, {}, home);
  const log = openLogFile(logPathFor('real', home));
  s = await compose({ settings: { ...store.initial }, store, mode: 'real', dataDir: home, printer: new ChromiumPrinter(), readers: new InProcessReader(card, { name: 'USB 1' }), logger: log });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, s, { isTrustedSender: () => true, emit: () => {}, logger: log });
}, 60_000);
afterAll(async () => {
  reg?.dispose();
  await s?.close();
  await sim?.close();
});

describe('a passphrase-protected client key', () => {
  it('refuses the host until the passphrase is given, warns of nothing plain, and never keeps it in clear', async () => {
    expect(await ipc.ok('setupStatus')).toMatchObject({ hostProblem: { code: 'SETTINGS_KEY_PASSPHRASE_MISSING' } });
    expect((await ipc.ok('estateStatus')).clientKey).toBe('protected');
    await ipc.ok('setupCreateSupervisor', { operatorId: 'S01', name: '王主管', password: 'lanzhou-2024' });
    const wrong = await ipc.call('clientKeyPassphrase', { passphrase: 'not-it' });
    expect(wrong).toMatchObject({ ok: false, code: 'SETTINGS_KEY_PASSPHRASE_WRONG' });
    await ipc.ok('clientKeyPassphrase', { passphrase: PASSPHRASE });
    expect(await ipc.ok('setupStatus')).toMatchObject({ required: false, hostProblem: null });
    const sealed = readFileSync(join(home, PASSPHRASE_FILE), 'utf8');
    expect(sealed).not.toContain(PASSPHRASE);
    expect(JSON.parse(sealed)).toMatchObject({ sealer: 'machine-key' });
  });

  it('takes money over mutual TLS with the key decrypted in memory; a recharge is left paid, not loaded', async () => {
    expect((await ipc.ok('readCard')).hostChecked).toBe(true);
    const r = await ipc.ok('rechargeStart', { amountFen: 1_500, channel: 'wechat' });
    sim.pay(r.orderId!);
    expect((await ipc.ok('rechargeCheckPayment', { id: r.id })).state).toBe('PAID');
    expect((await ipc.ok('pending')).map((p) => p.id)).toContain(r.id);
  });
});

describe('error references', () => {
  it('a refusal the clerk reads carries a reference, and the log has it with the call, the recharge and the masked card', async () => {
    const [paid] = await ipc.ok('pending');
    const refused = await ipc.call('rechargeLoad', { id: paid!.id, pin: '000000000000000000000' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.ref).toMatch(ERROR_REF);
    const lines = readFileSync(logPathFor('real', home), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.ref === refused.ref);
    expect(line).toMatchObject({ level: 'warn', call: 'rechargeLoad', code: refused.code, rechargeId: paid!.id, card: '6201************0001', operator: 'S01' });
    expect(JSON.stringify(lines)).not.toContain(cardNo);
  });
});

describe('the support bundle', () => {
  it('holds logs, versions, redacted settings, journal verify, pending, devices and audit — and none of the secrets', async () => {
    const got = await ipc.ok('supportBundle');
    expect(got).toMatchObject({ mime: 'application/zip', fileName: expect.stringMatching(/^etc-support-000001000050-\d{8}T\d{6}\.zip$/) });
    const files = Object.fromEntries(Object.entries(unzipSync(Buffer.from(got.base64, 'base64'))).map(([k, v]) => [k, strFromU8(v)]));
    expect(Object.keys(files).sort()).toEqual(expect.arrayContaining([
      'README.txt', 'versions.json', 'settings.json', 'policy.json', 'journal-verify.json', 'pending.json', 'readers.json', 'printers.json',
      'audit.json', 'backups.json', 'estate.json', 'logs/main.log',
    ]));
    expect(JSON.parse(files['versions.json']!)).toMatchObject({ node: process.versions.node, sqlite: expect.any(String) });
    expect(JSON.parse(files['settings.json']!)).toMatchObject({ terminalId: '000001000050', defaultPin: '******', clientKeyFile: expect.stringContaining('terminal-key.pem') });
    expect(JSON.parse(files['journal-verify.json']!)).toMatchObject({ intact: true });
    const pending = JSON.parse(files['pending.json']!) as { card: string; state: string }[];
    expect(pending).toEqual([expect.objectContaining({ card: '6201************0001', state: 'PAID' })]);
    expect(JSON.parse(files['readers.json']!)).toEqual(['USB 1']);
    expect((JSON.parse(files['audit.json']!) as { action: string }[]).map((a) => a.action)).toEqual(expect.arrayContaining(['sign-in', 'settings-change', 'operator-add']));
    expect(files['logs/main.log']).toMatch(/"ref":"E[0-9A-Z]{3}-[0-9A-Z]{2}"/);
    // What must never be in it, whichever file: a password or recovery-code hash, a private key, the passphrase, the PIN, a full card number.
    const all = Object.values(files).join('\n');
    for (const secret of ['scrypt$', 'PRIVATE KEY', PASSPHRASE, `"${PIN}"`, cardNo, readFileSync(join(home, 'terminal-key.pem'), 'utf8').split('\n')[1]!]) {
      expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(all).not.toMatch(/(?<!\d)\d{16,20}(?!\d)/);
    const [row] = await ipc.ok('auditList', { from: '2000-01-01', to: '2100-01-01', action: 'support-bundle' });
    expect(row).toMatchObject({ operatorId: 'S01', target: got.fileName });
  });
});
