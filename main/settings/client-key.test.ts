import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type Pem } from '../../sim/host/tls-testkit';
import { ClientKeyVault, machineKeySealer, readPfx } from './client-key';
import { hostTarget, keyProtection } from './host-target';

/**
 * The client key's three forms (docs/release.md §8) as hostTarget reads them: an encrypted PEM and a PFX
 * whose passphrase the vault unseals, and a certificate of the Windows store by thumbprint — reached through
 * a PFX exported in memory, which here an openssl stand-in for PowerShell exports (the file form).
 */
let client: Pem;
let dir: string;
let ca: string;
const PASS = 'pfx-passphrase-7';
const base = (o: object) => ({ hostUrl: 'https://issuer.example.cn:8443', hostCaFile: ca, clientCertFile: null, clientKeyFile: null, terminalId: '000001000050', ...o });
const pfx = (password: string, out: string): string => {
  execFileSync('openssl', ['pkcs12', '-export', '-in', client.certPath, '-inkey', client.keyPath, '-out', out, '-passout', `pass:${password}`]);
  return out;
};

beforeAll(() => {
  const pki = makeTestPki();
  client = pki.client('000001000050');
  ca = pki.ca.certPath;
  dir = mkdtempSync(join(tmpdir(), 'etc-key-'));
});

describe('the client key', () => {
  it('an encrypted PEM: refused until the passphrase is sealed, then decrypted in memory only', () => {
    const key = join(dir, 'enc.pem');
    writeFileSync(key, createPrivateKey(client.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }));
    const vault = new ClientKeyVault(join(dir, 'a'), { platform: 'linux' });
    const s = base({ clientCertFile: client.certPath, clientKeyFile: key });
    expect(keyProtection(s)).toBe('protected');
    expect(() => hostTarget(s, new Date(), vault)).toThrow(expect.objectContaining({ code: 'SETTINGS_KEY_PASSPHRASE_MISSING' }));
    vault.setPassphrase('wrong');
    expect(() => hostTarget(s, new Date(), vault)).toThrow(expect.objectContaining({ code: 'SETTINGS_KEY_PASSPHRASE_WRONG' }));
    vault.setPassphrase(PASS);
    expect(readFileSync(vault.file, 'utf8')).not.toContain(PASS);
    const t = hostTarget(s, new Date(), vault);
    expect(t.tls?.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPrivateKey(t.tls!.key!).export({ type: 'pkcs8', format: 'der' })).toEqual(createPrivateKey(client.key).export({ type: 'pkcs8', format: 'der' }));
    expect(readFileSync(key, 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
  });

  it('a PFX, certificate and key from one file with the sealed passphrase', () => {
    const file = pfx(PASS, join(dir, 'terminal.pfx'));
    const vault = new ClientKeyVault(join(dir, 'b'), { platform: 'linux' });
    vault.setPassphrase(PASS);
    const t = hostTarget(base({ clientCertFile: file, clientKeyFile: file }), new Date(), vault);
    expect(t.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(createPrivateKey(t.tls!.key!).export({ type: 'pkcs8', format: 'der' })).toEqual(createPrivateKey(client.key).export({ type: 'pkcs8', format: 'der' }));
    expect(() => readPfx(readFileSync(file), 'nope', file)).toThrow(expect.objectContaining({ code: 'SETTINGS_KEY_PASSPHRASE_WRONG' }));
  });

  it('an RSA PFX, as Windows exports most bank certificates', () => {
    const rsaKey = join(dir, 'rsa.key');
    const rsaCert = join(dir, 'rsa.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', rsaKey, '-out', rsaCert, '-days', '2', '-subj', '/CN=000001000050'], { stdio: 'ignore' });
    const file = join(dir, 'rsa.pfx');
    execFileSync('openssl', ['pkcs12', '-export', '-in', rsaCert, '-inkey', rsaKey, '-out', file, '-passout', `pass:${PASS}`]);
    const got = readPfx(readFileSync(file), PASS, file);
    expect(createPrivateKey(got.key).asymmetricKeyType).toBe('rsa');
    expect(got.cert).toContain('BEGIN CERTIFICATE');
  });

  it('a certificate of the Windows store by thumbprint: exported in memory under a one-time password', () => {
    const asked: string[] = [];
    const vault = new ClientKeyVault(join(dir, 'c'), {
      platform: 'win32', sealer: machineKeySealer(join(dir, 'c')),
      store: (thumbprint, password) => {
        asked.push(thumbprint);
        expect(password.length).toBeGreaterThanOrEqual(20);
        return readFileSync(pfx(password, join(dir, `store-${asked.length}.pfx`)));
      },
    });
    const thumbprint = 'AB'.repeat(20);
    const t = hostTarget(base({ clientCertThumbprint: thumbprint }), new Date(), vault);
    expect(asked).toEqual([thumbprint]);
    expect(t.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(keyProtection({ clientKeyFile: null, clientCertThumbprint: thumbprint })).toBe('store');
    expect(() => hostTarget(base({ clientCertThumbprint: thumbprint, clientCertFile: client.certPath, clientKeyFile: client.keyPath }), new Date(), vault))
      .toThrow(expect.objectContaining({ code: 'SETTINGS_CLIENT_STORE_AND_FILES' }));
    const broken = new ClientKeyVault(join(dir, 'd'), { platform: 'win32', sealer: machineKeySealer(join(dir, 'd')), store: () => { throw new Error('Cannot find path'); } });
    expect(() => hostTarget(base({ clientCertThumbprint: thumbprint }), new Date(), broken)).toThrow(expect.objectContaining({ code: 'SETTINGS_STORE_CERT_UNAVAILABLE' }));
  });

  it('a plain PEM key still works, and is said to be plain', () => {
    const s = base({ clientCertFile: client.certPath, clientKeyFile: client.keyPath });
    expect(hostTarget(s, new Date()).tls?.key).toBe(client.key);
    expect(keyProtection(s)).toBe('plain');
  });
});
