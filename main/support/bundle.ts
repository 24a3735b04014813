import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { basename, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { AuditEntry } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import { SETTINGS_SECRET, type Settings } from '../../contract/settings';
import type { BackupState } from '../backup/service';
import type { ChainReport } from '../journal/chain-verify';
import { maskCardNo, maskCardNumbers } from '../log/error-ref';

/**
 * The support bundle (docs/release.md §10): one zip a bank's support desk asks a branch for —
 * `etc-counter support bundle --out FILE.zip`, or 系统设置 → 导出支持包. It holds the logs, the versions,
 * the settings and the policy (secrets redacted), the `journal verify` result, the pending list, the
 * readers and printers, the last audit rows and the last backup; never a password hash, the recovery
 * code's hash, a private key, a passphrase or a full card number. What goes in is chosen here field by
 * field (nothing reads the operators' table or a key file); every text is then passed through
 * `redact` as a second line of defence, and tests open the zip and look (main/support/bundle.test.ts).
 * The zip is written with fflate (docs/decisions.md).
 */
export interface BundleInput {
  now: Date;
  versions: Record<string, string>;
  mode: string;
  dataDir: string;
  settings: Settings;
  policy: { values: Partial<Settings>; sources: string[] } | null;
  verify: ChainReport | { error: string };
  pending: RechargeRecord[];
  readers: string[] | { error: string };
  printers: { name: string; isDefault: boolean }[] | { error: string };
  audit: AuditEntry[];
  backups: { last: BackupState | null; files: string[] };
  /** The log folder: main.log and its generations are taken as they are (then redacted). */
  logDir: string;
  estate?: Record<string, unknown>;
}

export const AUDIT_ROWS = 200;
const LOG_BYTES = 2 * 1024 * 1024;
const MASK = '******';

/** Second line of defence over every text in the bundle: card numbers masked, key blocks and password hashes cut out. */
export function redact(text: string): string {
  return maskCardNumbers(text)
    .replace(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g, '[private key removed]')
    .replace(/scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+/g, '[password hash removed]');
}

/** Settings with secrets masked: the default PIN (SETTINGS_SECRET); file paths stay, their contents never come. */
export function redactSettings(s: Partial<Settings>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...s };
  for (const k of SETTINGS_SECRET) if (k in out) out[k] = MASK;
  return out;
}

function pendingRow(r: RechargeRecord): Record<string, unknown> {
  return {
    id: r.id, state: r.state, card: maskCardNo(r.cardNo), plate: r.plate, amountFen: r.amountFen, channel: r.channel,
    orderId: r.orderId, operatorId: r.operatorId, createdAt: r.createdAt, updatedAt: r.updatedAt, error: r.error,
  };
}

function logFiles(dir: string): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /^main\.log(\.\d+)?$/.test(n)).sort().map((n) => {
    const text = readFileSync(join(dir, n), 'utf8');
    return [`logs/${n}`, text.length > LOG_BYTES ? text.slice(-LOG_BYTES) : text];
  });
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The bundle's files (path → text), before zipping: what the tests look through. */
export function bundleFiles(i: BundleInput): Record<string, string> {
  const files: Record<string, string> = {
    'README.txt': [
      'etc-counter support bundle / 支持包',
      `created ${i.now.toISOString()} · mode ${i.mode} · data folder ${i.dataDir}`,
      'No password hash, recovery-code hash, private key, passphrase or full card number is in this file (docs/release.md §10).',
      '',
    ].join('\n'),
    'versions.json': json({ ...i.versions, os: `${platform()} ${release()} ${arch()}` }),
    'settings.json': json(redactSettings(i.settings)),
    'policy.json': json(i.policy ? { sources: i.policy.sources, values: redactSettings(i.policy.values) } : null),
    'journal-verify.json': json(i.verify),
    'pending.json': json(i.pending.map(pendingRow)),
    'readers.json': json(i.readers),
    'printers.json': json(i.printers),
    'audit.json': json(i.audit.slice(0, AUDIT_ROWS)),
    'backups.json': json({ last: i.backups.last, files: i.backups.files.map((f) => basename(f)) }),
    ...(i.estate ? { 'estate.json': json(i.estate) } : {}),
  };
  for (const [name, text] of logFiles(i.logDir)) files[name] = text;
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, redact(v)]));
}

export function buildBundle(i: BundleInput): Buffer {
  const files = bundleFiles(i);
  const entries = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]));
  return Buffer.from(zipSync(entries, { level: 6, mtime: i.now }));
}
