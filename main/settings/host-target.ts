import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { Settings } from '../../contract/settings';
import type { HostTarget } from '../host/connection';
import { checkHostUrl } from '../host/transport';
import { isEncryptedPem, isPfxPath, readPfx, type ClientKeyVault, type KeyProtection } from './client-key';

/**
 * The host link's target from the settings (docs/architecture.md §3): the address, the issuer's CA and the
 * terminal's client certificate and key, read from their PEM files and checked here — at start and on every
 * change in 系统设置 — so that a wrong file is named with a clear message before anything tries to connect.
 * A training key file (the simulators' `"purpose": "training …"` key file) is refused wherever a real
 * credential is expected: training keys can never reach real mode.
 */
type TlsField = 'hostCaFile' | 'clientCertFile' | 'clientKeyFile';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

const label = (field: TlsField): string => t(`UI_AUDIT_KEY_${field}`);

type TargetSettings = Pick<Settings, 'hostUrl' | 'hostCaFile' | 'clientCertFile' | 'clientKeyFile' | 'terminalId'> & Partial<Pick<Settings, 'clientCertThumbprint'>>;

/**
 * Throws HOST_NOT_CONFIGURED, HOST_URL_*, or SETTINGS_* naming the field and file; else the target. The
 * client key may be a plain PEM, an encrypted PEM or a PFX whose passphrase `vault` unseals, or a
 * certificate of the Windows store by thumbprint (main/settings/client-key.ts).
 */
export function hostTarget(s: TargetSettings, now = new Date(), vault?: ClientKeyVault): HostTarget {
  if (!s.hostUrl) throw new AppError('HOST_NOT_CONFIGURED');
  const url = checkHostUrl(s.hostUrl);
  const thumbprint = s.clientCertThumbprint ?? null;
  const files = [s.hostCaFile, s.clientCertFile, s.clientKeyFile].filter((f) => f !== null);
  if ((files.length > 0 || thumbprint) && url.protocol !== 'https:') throw new AppError('SETTINGS_TLS_NEEDS_HTTPS', { url: s.hostUrl });
  if ((s.clientCertFile === null) !== (s.clientKeyFile === null)) throw new AppError('SETTINGS_CLIENT_PAIR');
  if (thumbprint && s.clientKeyFile !== null) throw new AppError('SETTINGS_CLIENT_STORE_AND_FILES');
  const tls: NonNullable<HostTarget['tls']> = {};
  if (s.hostCaFile) tls.ca = readCaFile(s.hostCaFile, now);
  let pair: { cert: string; key: string; x509: X509Certificate; keyObject: KeyObject; certFile: string; keyFile: string } | null = null;
  if (thumbprint) {
    if (!vault) throw new AppError('SETTINGS_STORE_CERT_UNAVAILABLE', { thumbprint, detail: 'no key vault on this path' });
    const got = vault.fromStore(thumbprint);
    const where = `Cert:\\LocalMachine\\My\\${thumbprint}`;
    pair = { ...got, x509: new X509Certificate(got.cert), keyObject: createPrivateKey(got.key), certFile: where, keyFile: where };
  } else if (s.clientCertFile && s.clientKeyFile && isPfxPath(s.clientKeyFile)) {
    const got = readPfx(readBinary('clientKeyFile', s.clientKeyFile), passphraseFor(s.clientKeyFile, vault), s.clientKeyFile);
    pair = { ...got, x509: new X509Certificate(got.cert), keyObject: createPrivateKey(got.key), certFile: s.clientKeyFile, keyFile: s.clientKeyFile };
  } else if (s.clientCertFile && s.clientKeyFile) {
    const cert = readCertFile('clientCertFile', s.clientCertFile, now);
    const key = readKeyFile(s.clientKeyFile, vault);
    pair = { cert: cert.pem, x509: cert.x509, key: key.pem, keyObject: key.object, certFile: s.clientCertFile, keyFile: s.clientKeyFile };
  }
  if (pair) {
    checkDates('clientCertFile', pair.certFile, pair.x509, now);
    if (!pair.x509.checkPrivateKey(pair.keyObject)) throw new AppError('SETTINGS_KEY_MISMATCH', { cert: pair.certFile, key: pair.keyFile });
    tls.cert = pair.cert;
    tls.key = pair.key;
  }
  return { baseUrl: s.hostUrl, tls: files.length > 0 || thumbprint ? tls : undefined, terminalId: s.terminalId };
}

/** How the settings keep the client key: for the status bar's warning and the support bundle. */
export function keyProtection(s: Pick<Settings, 'clientKeyFile'> & Partial<Pick<Settings, 'clientCertThumbprint'>>): KeyProtection {
  if (s.clientCertThumbprint) return 'store';
  if (!s.clientKeyFile) return 'none';
  if (isPfxPath(s.clientKeyFile)) return 'protected';
  try {
    return isEncryptedPem(readFileSync(s.clientKeyFile, 'utf8')) ? 'protected' : 'plain';
  } catch {
    return 'plain';
  }
}

function passphraseFor(file: string, vault: ClientKeyVault | undefined): string {
  if (!vault) throw new AppError('SETTINGS_KEY_PASSPHRASE_MISSING', { file });
  return vault.passphrase();
}

function readBinary(field: TlsField, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new AppError('SETTINGS_FILE_UNREADABLE', { field: label(field), file, detail });
  }
}

function readPem(field: TlsField, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new AppError('SETTINGS_FILE_UNREADABLE', { field: label(field), file, detail });
  }
  if (isTrainingKeyFile(text)) throw new AppError('SETTINGS_TRAINING_KEY_FILE', { field: label(field), file });
  return text;
}

/** The simulators' key file (sim/crypto/keys.ts): JSON with master keys and a training purpose. */
export function isTrainingKeyFile(text: string): boolean {
  return /"masterKeys"\s*:/.test(text) || /"purpose"\s*:\s*"[^"]*training/i.test(text);
}

function blocks(text: string, kind: RegExp): string[] {
  return [...text.matchAll(PEM_BLOCK)].filter((m) => kind.test(m[1] ?? '')).map((m) => m[0]);
}

function parseCerts(field: TlsField, file: string, text: string): X509Certificate[] {
  const pems = blocks(text, /^CERTIFICATE$/);
  if (pems.length === 0) throw new AppError('SETTINGS_NOT_A_CERT', { field: label(field), file });
  return pems.map((p) => {
    try {
      return new X509Certificate(p);
    } catch (e) {
      throw new AppError('SETTINGS_NOT_A_CERT', { field: label(field), file, detail: e instanceof Error ? e.message : String(e) });
    }
  });
}

function checkDates(field: TlsField, file: string, c: X509Certificate, now: Date): void {
  if (new Date(c.validTo) < now || new Date(c.validFrom) > now) {
    throw new AppError('SETTINGS_CERT_DATES', { field: label(field), file, from: c.validFrom, to: c.validTo });
  }
}

/** One or more CA certificates; at least one must be a CA and valid today. */
function readCaFile(file: string, now: Date): string {
  const text = readPem('hostCaFile', file);
  const certs = parseCerts('hostCaFile', file, text);
  const cas = certs.filter((c) => c.ca);
  if (cas.length === 0) throw new AppError('SETTINGS_NOT_A_CA', { file });
  const current = cas.find((c) => new Date(c.validTo) >= now && new Date(c.validFrom) <= now);
  if (!current) checkDates('hostCaFile', file, cas[0]!, now);
  return text;
}

function readCertFile(field: TlsField, file: string, now: Date): { pem: string; x509: X509Certificate } {
  const text = readPem(field, file);
  const [leaf] = parseCerts(field, file, text);
  checkDates(field, file, leaf!, now);
  return { pem: text, x509: leaf! };
}

function readKeyFile(file: string, vault?: ClientKeyVault): { pem: string; object: KeyObject } {
  const text = readPem('clientKeyFile', file);
  if (blocks(text, /PRIVATE KEY$/).length === 0) throw new AppError('SETTINGS_NOT_A_KEY', { file });
  const passphrase = isEncryptedPem(text) ? passphraseFor(file, vault) : undefined;
  let object: KeyObject;
  try {
    object = createPrivateKey(passphrase === undefined ? text : { key: text, passphrase });
  } catch (e) {
    if (passphrase !== undefined) throw new AppError('SETTINGS_KEY_PASSPHRASE_WRONG', { file });
    throw new AppError('SETTINGS_NOT_A_KEY', { file, detail: e instanceof Error ? e.message : String(e) });
  }
  // The decrypted key goes to the TLS agent from memory; the file keeps it encrypted.
  return { pem: passphrase === undefined ? text : object.export({ type: 'pkcs8', format: 'pem' }).toString(), object };
}
