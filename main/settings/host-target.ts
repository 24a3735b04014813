import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { Settings } from '../../contract/settings';
import type { HostTarget } from '../host/connection';
import { checkHostUrl } from '../host/transport';

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

/** Throws HOST_NOT_CONFIGURED, HOST_URL_*, or SETTINGS_* naming the field and file; else the target. */
export function hostTarget(s: Pick<Settings, 'hostUrl' | 'hostCaFile' | 'clientCertFile' | 'clientKeyFile' | 'terminalId'>, now = new Date()): HostTarget {
  if (!s.hostUrl) throw new AppError('HOST_NOT_CONFIGURED');
  const url = checkHostUrl(s.hostUrl);
  const files = [s.hostCaFile, s.clientCertFile, s.clientKeyFile].filter((f) => f !== null);
  if (files.length > 0 && url.protocol !== 'https:') throw new AppError('SETTINGS_TLS_NEEDS_HTTPS', { url: s.hostUrl });
  if ((s.clientCertFile === null) !== (s.clientKeyFile === null)) throw new AppError('SETTINGS_CLIENT_PAIR');
  const tls: NonNullable<HostTarget['tls']> = {};
  if (s.hostCaFile) tls.ca = readCaFile(s.hostCaFile, now);
  if (s.clientCertFile && s.clientKeyFile) {
    const cert = readCertFile('clientCertFile', s.clientCertFile, now);
    const key = readKeyFile(s.clientKeyFile);
    if (!cert.x509.checkPrivateKey(key.object)) {
      throw new AppError('SETTINGS_KEY_MISMATCH', { cert: s.clientCertFile, key: s.clientKeyFile });
    }
    tls.cert = cert.pem;
    tls.key = key.pem;
  }
  return { baseUrl: s.hostUrl, tls: files.length > 0 ? tls : undefined, terminalId: s.terminalId };
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

function readKeyFile(file: string): { pem: string; object: KeyObject } {
  const text = readPem('clientKeyFile', file);
  if (blocks(text, /^ENCRYPTED PRIVATE KEY$/).length > 0 || /Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    throw new AppError('SETTINGS_KEY_ENCRYPTED', { file });
  }
  if (blocks(text, /PRIVATE KEY$/).length === 0) throw new AppError('SETTINGS_NOT_A_KEY', { file });
  try {
    return { pem: text, object: createPrivateKey(text) };
  } catch (e) {
    throw new AppError('SETTINGS_NOT_A_KEY', { file, detail: e instanceof Error ? e.message : String(e) });
  }
}
