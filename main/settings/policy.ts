import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../contract/errors';
import { SETTING_FIELDS, type Settings } from '../../contract/settings';

/**
 * The machine policy (docs/release.md §7): what the bank's own estate tools (GPO, Intune, SCCM) set on
 * every counter PC, read at start from
 *
 * - `<data folder>/policy/policy.json` — a folder the installer lets administrators write and the clerks'
 *   group only read (Windows ACL; the deb: root-owned, 0750);
 * - on Windows, the values of `HKLM\Software\Policies\etc-counter` (REG_SZ / REG_DWORD, names below), which
 *   win over the file key by key.
 *
 * A field the policy sets is applied over every other layer (settings file, `--config`, flags), shown
 * locked in 系统设置 and refused by settingsSave (main/settings/system.ts). A bad policy stops the start
 * with the file (or key) and field named, as a bad settings file does.
 */
export const POLICY_FILE = join('policy', 'policy.json');
export const POLICY_REGISTRY_KEY = 'HKLM\\Software\\Policies\\etc-counter';

export const POLICY_FIELDS = [
  'hostUrl', 'hostCaFile', 'clientCertFile', 'clientKeyFile', 'clientCertThumbprint', 'terminalId', 'branch', 'pos',
  'cardMaxBalanceFen', 'loadKeyIndex', 'idleLockMinutes', 'backupKeep', 'backupCopyDir',
] as const satisfies readonly (keyof Settings)[];
export type PolicyField = (typeof POLICY_FIELDS)[number];

const PolicySchema = z.object(Object.fromEntries(POLICY_FIELDS.map((f) => [f, SETTING_FIELDS[f]])) as { [K in PolicyField]: (typeof SETTING_FIELDS)[K] })
  .partial().strict();

/**
 * Registry value names (one flat name per field; the two objects split into their parts). A DWORD is a
 * number, anything else a string; an empty REG_SZ means null ("not set" for a file, e.g. no CA).
 */
export const REGISTRY_NAMES: Record<string, { field: PolicyField; part?: string; type: 'string' | 'number' }> = {
  HostUrl: { field: 'hostUrl', type: 'string' },
  HostCaFile: { field: 'hostCaFile', type: 'string' },
  ClientCertFile: { field: 'clientCertFile', type: 'string' },
  ClientKeyFile: { field: 'clientKeyFile', type: 'string' },
  ClientCertThumbprint: { field: 'clientCertThumbprint', type: 'string' },
  TerminalId: { field: 'terminalId', type: 'string' },
  Branch: { field: 'branch', type: 'string' },
  PosMode: { field: 'pos', part: 'mode', type: 'string' },
  PosMerchantNo: { field: 'pos', part: 'merchantNo', type: 'string' },
  CardMaxBalanceFen: { field: 'cardMaxBalanceFen', type: 'number' },
  LoadKeyIndexTdes: { field: 'loadKeyIndex', part: 'tdes', type: 'number' },
  LoadKeyIndexSm4: { field: 'loadKeyIndex', part: 'sm4', type: 'number' },
  IdleLockMinutes: { field: 'idleLockMinutes', type: 'number' },
  BackupKeep: { field: 'backupKeep', type: 'number' },
  BackupCopyDir: { field: 'backupCopyDir', type: 'string' },
};

export interface Policy {
  /** The values the policy sets, checked against the settings' rules. */
  values: Partial<Settings>;
  /** Where they came from: the file's path and/or the registry key. */
  sources: string[];
}

export const NO_POLICY: Policy = { values: {}, sources: [] };

/** Reads `reg query` for the policy key: its text, or null when the key does not exist (Windows only). */
export type RegistryReader = () => string | null;

export const windowsRegistry: RegistryReader = () => {
  try {
    return execFileSync('reg.exe', ['query', POLICY_REGISTRY_KEY], { encoding: 'utf8', windowsHide: true, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // exit 1: the key is not there — no policy by registry
  }
};

export function readPolicy(home: string, o: { platform?: NodeJS.Platform; registry?: RegistryReader } = {}): Policy {
  const file = join(home, POLICY_FILE);
  const sources: string[] = [];
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    raw = readJson(file);
    sources.push(file);
  }
  const registry = o.registry ?? ((o.platform ?? process.platform) === 'win32' ? windowsRegistry : null);
  const text = registry?.() ?? null;
  if (text !== null) {
    const fromRegistry = parseRegQuery(text);
    if (Object.keys(fromRegistry).length > 0) sources.push(POLICY_REGISTRY_KEY);
    for (const [k, v] of Object.entries(fromRegistry)) {
      const before = raw[k];
      raw[k] = isObject(v) && isObject(before) ? { ...before, ...v } : v;
    }
  }
  return { values: checkPolicy(raw, sources.join(' + ') || file), sources };
}

/** The policy's values against the settings' rules; SETTINGS_INVALID naming the source and field. */
export function checkPolicy(raw: Record<string, unknown>, source: string): Partial<Settings> {
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(policy)'}: ${i.message}`).join('; ');
    throw new AppError('SETTINGS_INVALID', { file: source, detail });
  }
  return parsed.data as Partial<Settings>;
}

/**
 * `reg query` output → policy fields. Lines look like `    HostUrl    REG_SZ    https://…` and
 * `    IdleLockMinutes    REG_DWORD    0xa`; names this program does not know are refused (a typo must
 * not pass silently).
 */
export function parseRegQuery(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s+(\S+)\s+(REG_SZ|REG_EXPAND_SZ|REG_DWORD|REG_QWORD)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, name = '', type = '', value = ''] = m;
    const spec = REGISTRY_NAMES[name];
    if (!spec) throw new AppError('SETTINGS_INVALID', { file: POLICY_REGISTRY_KEY, detail: `unknown value ${name}` });
    const v: unknown = type === 'REG_DWORD' || type === 'REG_QWORD' ? Number.parseInt(value, 16)
      : spec.type === 'number' ? Number(value.trim()) : value.trim() === '' ? null : value.trim();
    if (spec.part) out[spec.field] = { ...(isObject(out[spec.field]) ? out[spec.field] as object : {}), [spec.part]: v };
    else out[spec.field] = v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('SETTINGS_INVALID', { file, detail: e instanceof Error ? e.message : String(e) });
  }
  if (!isObject(json)) throw new AppError('SETTINGS_INVALID', { file, detail: 'not a JSON object' });
  return json;
}
