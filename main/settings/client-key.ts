import { execFileSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import forge from 'node-forge';
import { fileModeFor, privateDir } from '../journal/file-modes';
import { AppError } from '../../contract/errors';
import { writeAtomically } from './store';

/**
 * The terminal's client key as a bank expects it kept (docs/release.md §8):
 *
 * - a passphrase-protected key — an encrypted PEM (PKCS#8 `ENCRYPTED PRIVATE KEY`, or the older
 *   `Proc-Type: 4,ENCRYPTED`) or a PFX/PKCS#12 file — whose passphrase is sealed with the OS's protection
 *   (`SecretSealer`): DPAPI in the machine's scope on Windows, so every clerk account of the counter can
 *   use it and no other computer can; on Linux a machine key in the data folder that only the group
 *   reads. It is typed once by a supervisor (系统设置, or `etc-counter key passphrase`), sealed, and kept in
 *   `<data folder>/secrets/client-key.passphrase`; the decrypted key lives only in the process's memory;
 * - a certificate in the Windows certificate store (LocalMachine\My) by thumbprint (`StoreExporter`: a PFX
 *   exported in memory with a one-time password, read as a PFX file is — so the file form tests that path);
 * - a plain PEM key still works, with a warning (EstateStatus.clientKey = 'plain').
 */
export type KeyProtection = 'none' | 'plain' | 'protected' | 'store';

/** Seals a secret with the OS's protection; only this machine (this machine's group) can unseal it. */
export interface SecretSealer {
  readonly kind: string;
  seal(plain: string): Buffer;
  unseal(sealed: Buffer): string;
}

/** Exports the certificate of a thumbprint with its key as a PFX protected by `password` (Windows only). */
export type StoreExporter = (thumbprint: string, password: string) => Buffer;

export const PASSPHRASE_FILE = join('secrets', 'client-key.passphrase');
const MACHINE_KEY_FILE = join('secrets', 'machine.key');

function powershell(script: string, input: string): string {
  return execFileSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script], {
    input, encoding: 'utf8', windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'],
  }).trim();
}

/** DPAPI, LocalMachine scope (System.Security.Cryptography.ProtectedData), through Windows PowerShell. */
export const dpapiMachineSealer: SecretSealer = {
  kind: 'dpapi-machine',
  seal(plain) {
    const out = powershell("Add-Type -AssemblyName System.Security; $b=[Convert]::FromBase64String([Console]::In.ReadToEnd().Trim()); "
      + "[Convert]::ToBase64String([System.Security.Cryptography.ProtectedData]::Protect($b,$null,'LocalMachine'))", Buffer.from(plain, 'utf8').toString('base64'));
    return Buffer.from(out, 'base64');
  },
  unseal(sealed) {
    const out = powershell("Add-Type -AssemblyName System.Security; $b=[Convert]::FromBase64String([Console]::In.ReadToEnd().Trim()); "
      + "[Convert]::ToBase64String([System.Security.Cryptography.ProtectedData]::Unprotect($b,$null,'LocalMachine'))", sealed.toString('base64'));
    return Buffer.from(out, 'base64').toString('utf8');
  },
};

/** AES-256-GCM under a machine key file (created 0640: root and the counter's group read it). POSIX's stand-in for DPAPI. */
export function machineKeySealer(dataDir: string): SecretSealer {
  const keyFile = join(dataDir, MACHINE_KEY_FILE);
  const key = (create: boolean): Buffer => {
    if (!existsSync(keyFile)) {
      if (!create) throw new AppError('SETTINGS_KEY_PASSPHRASE_MISSING');
      privateDir(dirname(keyFile));
      writeAtomically(keyFile, randomBytes(32).toString('base64'));
      chmodSync(keyFile, fileModeFor(keyFile) & 0o640); // the group may read it, never write it

    }
    return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  };
  return {
    kind: 'machine-key',
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key(true), iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    unseal(sealed) {
      const d = createDecipheriv('aes-256-gcm', key(false), sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

export const windowsStoreExporter: StoreExporter = (thumbprint, password) => Buffer.from(powershell(
  '$t=[Console]::In.ReadLine().Trim(); $p=[Console]::In.ReadLine(); $c=Get-Item ("Cert:\\LocalMachine\\My\\"+$t); '
  + "[Convert]::ToBase64String($c.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx,$p))",
  `${thumbprint}\n${password}\n`), 'base64');

/** A PEM text with an encrypted private key. */
export function isEncryptedPem(text: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text) || /Proc-Type:\s*4,ENCRYPTED/.test(text);
}
export const isPfxPath = (file: string): boolean => /\.(pfx|p12)$/i.test(file);

/** The certificate (PEM) and key (unencrypted PKCS#8 PEM, in memory only) of a PFX. */
export function readPfx(pfx: Buffer, passphrase: string, file: string): { cert: string; key: string } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), passphrase);
  } catch (e) {
    const wrong = /mac|password|invalid/i.test(e instanceof Error ? e.message : '');
    throw new AppError(wrong ? 'SETTINGS_KEY_PASSPHRASE_WRONG' : 'SETTINGS_NOT_A_KEY', { file, detail: e instanceof Error ? e.message : String(e) });
  }
  const der = (a: forge.asn1.Asn1 | undefined): Buffer => Buffer.from(forge.asn1.toDer(a!).getBytes(), 'binary');
  const bag = (oid: string) => p12.getBags({ bagType: oid })[oid]?.[0];
  const oids = forge.pki.oids as Record<string, string>;
  const keyBag = bag(oids.pkcs8ShroudedKeyBag!) ?? bag(oids.keyBag!);
  const certBag = bag(oids.certBag!);
  if (!keyBag || (!keyBag.key && !keyBag.asn1) || !certBag || (!certBag.cert && !certBag.asn1)) {
    throw new AppError('SETTINGS_NOT_A_KEY', { file, detail: 'no key and certificate in the PFX' });
  }
  const keyDer = keyBag.key ? der(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))) : der(keyBag.asn1);
  // forge makes objects of RSA keys and certificates only; any other (EC) stays ASN.1, which Node reads.
  const certDer = certBag.cert ? der(forge.pki.certificateToAsn1(certBag.cert)) : der(certBag.asn1);
  const key = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { cert: new X509Certificate(certDer).toString(), key };
}

/**
 * Where the counter's sealed passphrase lives and how it is (un)sealed: one per data folder. `sealer`
 * defaults to DPAPI on Windows and the machine key elsewhere.
 */
export class ClientKeyVault {
  readonly sealer: SecretSealer;
  constructor(readonly dataDir: string, o: { sealer?: SecretSealer; store?: StoreExporter; platform?: NodeJS.Platform } = {}) {
    this.sealer = o.sealer ?? ((o.platform ?? process.platform) === 'win32' ? dpapiMachineSealer : machineKeySealer(dataDir));
    this.exporter = o.store ?? windowsStoreExporter;
  }
  readonly exporter: StoreExporter;

  get file(): string {
    return join(this.dataDir, PASSPHRASE_FILE);
  }

  /** Seals and keeps the passphrase (0660: the group's, never in clear). */
  setPassphrase(passphrase: string): void {
    privateDir(dirname(this.file));
    writeAtomically(this.file, `${JSON.stringify({ sealer: this.sealer.kind, data: this.sealer.seal(passphrase).toString('base64') })}\n`);
  }

  /** The passphrase, unsealed; SETTINGS_KEY_PASSPHRASE_MISSING when none was stored, or it cannot be unsealed here. */
  passphrase(): string {
    if (!existsSync(this.file)) throw new AppError('SETTINGS_KEY_PASSPHRASE_MISSING');
    try {
      const { data } = JSON.parse(readFileSync(this.file, 'utf8')) as { data: string };
      return this.sealer.unseal(Buffer.from(data, 'base64'));
    } catch (e) {
      throw new AppError('SETTINGS_KEY_PASSPHRASE_MISSING', {}, { cause: e });
    }
  }

  /** The certificate and key of a thumbprint in LocalMachine\My, through a PFX that exists only in memory. */
  fromStore(thumbprint: string): { cert: string; key: string } {
    const password = randomBytes(18).toString('base64');
    let pfx: Buffer;
    try {
      pfx = this.exporter(thumbprint, password);
    } catch (e) {
      throw new AppError('SETTINGS_STORE_CERT_UNAVAILABLE', { thumbprint, detail: e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e) }, { cause: e });
    }
    return readPfx(pfx, password, `Cert:\\LocalMachine\\My\\${thumbprint}`);
  }
}

/** Whether `passphrase` opens the key file (an encrypted PEM or a PFX): SETTINGS_KEY_PASSPHRASE_WRONG otherwise. */
export function checkPassphrase(keyFile: string, passphrase: string): void {
  let data: Buffer;
  try {
    data = readFileSync(keyFile);
  } catch (e) {
    throw new AppError('SETTINGS_FILE_UNREADABLE', { field: keyFile, file: keyFile, detail: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  if (isPfxPath(keyFile)) {
    readPfx(data, passphrase, keyFile);
    return;
  }
  const text = data.toString('utf8');
  if (!isEncryptedPem(text)) throw new AppError('SETTINGS_KEY_NOT_ENCRYPTED', { file: keyFile });
  try {
    createPrivateKey({ key: text, passphrase });
  } catch {
    throw new AppError('SETTINGS_KEY_PASSPHRASE_WRONG', { file: keyFile });
  }
}
