import { createHash } from 'node:crypto';
import { SETTINGS_SECRET } from '../../contract/settings';
import { SYSTEM, type Actor } from '../auth';
import type { AuditLog } from '../auth/audit';

/**
 * A settings file changed outside the app is noticed at start (docs/release.md §7). Every save from
 * 系统设置 and every start that finds the file different records the file's fingerprint in the audit log
 * (action `settings-file`, detail `kind`):
 *
 * - `baseline` — the first start that sees the file (a fresh journal, or the first start of this version);
 * - `saved` — written by 系统设置 (beside its `settings-change` row);
 * - `outside` — at start the file is not what the app last recorded: the fields that differ are named
 *   (a secret's value never: `defaultPin` is named, not shown), and the status bar warns;
 * - `accepted` — a supervisor acknowledged the outside change; the warning ends.
 *
 * The fingerprint is a SHA-256 of the file's values in key order (formatting does not count), secrets left
 * out: a digest of a six-digit default PIN beside the file's other values would give the PIN away to anyone
 * who reads the audit log (a change of it through 系统设置 is audited, masked). The log itself is
 * append-only and hash-chained (docs/security.md), so the record cannot be quietly rewritten.
 */
export type SettingsFileKind = 'baseline' | 'saved' | 'outside' | 'accepted';
export interface SettingsFileRecord { kind: SettingsFileKind; sha256: string; snapshot: Record<string, unknown>; fields?: string[] }
export interface OutsideChange { at: string; fields: string[] }

export function fingerprint(values: Record<string, unknown>): { sha256: string; snapshot: Record<string, unknown> } {
  const keys = Object.keys(values).filter((k) => !(SETTINGS_SECRET as readonly string[]).includes(k)).sort();
  const snapshot = Object.fromEntries(keys.map((k) => [k, values[k]]));
  return { sha256: createHash('sha256').update(JSON.stringify(keys.map((k) => [k, values[k]]))).digest('hex'), snapshot };
}

/** The newest `settings-file` row, or null. */
export function lastRecord(audit: Pick<AuditLog, 'list'>): (SettingsFileRecord & { at: string }) | null {
  const [row] = audit.list({ from: '2000-01-01', to: '2999-12-31', action: 'settings-file' });
  if (!row) return null;
  const d = row.detail as Partial<SettingsFileRecord>;
  if (typeof d.sha256 !== 'string' || typeof d.kind !== 'string') return null;
  return { kind: d.kind, sha256: d.sha256, snapshot: (d.snapshot ?? {}) as Record<string, unknown>, fields: d.fields, at: row.at };
}

/** The fields whose values differ between two snapshots. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export class SettingsFileAudit {
  constructor(private readonly audit: Pick<AuditLog, 'list' | 'append'>) {}

  /** At start: compares the file with the last record; records a baseline or an outside change. */
  checkAtStart(values: Record<string, unknown>): OutsideChange | null {
    const now = fingerprint(values);
    const last = lastRecord(this.audit);
    if (!last) {
      this.audit.append(SYSTEM, { action: 'settings-file', target: null, detail: { kind: 'baseline', ...now } });
      return null;
    }
    if (last.sha256 === now.sha256) return this.pending();
    const fields = changedFields(last.snapshot, now.snapshot);
    this.audit.append(SYSTEM, { action: 'settings-file', target: null, detail: { kind: 'outside', ...now, fields } });
    return this.pending();
  }

  /** After 系统设置 wrote the file: the new fingerprint, by whoever saved. */
  saved(values: Record<string, unknown>, by: Actor): void {
    this.audit.append(by, { action: 'settings-file', target: null, detail: { kind: 'saved', ...fingerprint(values) } });
  }

  /** A supervisor acknowledges an outside change (the file stays as it is). */
  accept(values: Record<string, unknown>, by: Actor): void {
    this.audit.append(by, { action: 'settings-file', target: null, detail: { kind: 'accepted', ...fingerprint(values) } });
  }

  /** The outside change no one has acknowledged (or saved over) yet. */
  pending(): OutsideChange | null {
    const last = lastRecord(this.audit);
    return last?.kind === 'outside' ? { at: last.at, fields: last.fields ?? [] } : null;
  }
}
