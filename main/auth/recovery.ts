import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { Actor, AuditLog } from './audit';
import { hashPassword, verifyPassword } from './password';

/**
 * The counter's supervisor recovery code (table `recovery`, journal migration 4): the way back in when
 * every supervisor is locked out or has forgotten the password. One code per journal, issued with the
 * first supervisor (and on a supervisor's request), shown once, kept on paper in the branch's safe;
 * only its scrypt hash is stored. Using it unlocks one supervisor, sets a new password, and replaces the
 * code with a new one, shown once. Every issue, use and wrong try is audited.
 *
 * 20 Crockford base32 characters in four groups (100 bits): guessing is hopeless even without a lockout,
 * and a lockout would let anyone disable the last way in. Typed codes are read leniently (case, I/L→1,
 * O→0, spaces and dashes ignored).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 5;

export function newRecoveryCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  const chars = [...bytes].map((b) => ALPHABET[b & 31] ?? '0').join(''); // 256 is a multiple of 32: unbiased
  return (chars.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g')) ?? []).join('-');
}

/** The canonical form of a typed code, or null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return s.length === GROUPS * GROUP_LENGTH && [...s].every((c) => ALPHABET.includes(c)) ? s : null;
}

/** A code and its hash, made before the transaction that stores it (scrypt cannot run inside one). */
export interface PreparedCode { code: string; hash: string }

export async function prepareRecoveryCode(): Promise<PreparedCode> {
  const code = newRecoveryCode();
  return { code, hash: await hashPassword(normalizeRecoveryCode(code) ?? code) };
}

interface RecoveryRow { codeHash: string; issuedAt: string; issuedBy: string }

export class RecoveryCodes {
  constructor(private readonly db: Database.Database, private readonly audit: AuditLog, private readonly now: () => Date) {}

  exists(): boolean {
    return this.row() !== undefined;
  }

  /** Stores `p` in place of any earlier code, audited as `by`'s act; call inside the caller's transaction. */
  store(p: PreparedCode, by: Actor, reason: 'first-supervisor' | 'requested' | 'used'): void {
    this.db.prepare(`INSERT INTO recovery (slot, codeHash, issuedAt, issuedBy) VALUES (1, @hash, @at, @by)
      ON CONFLICT (slot) DO UPDATE SET codeHash = @hash, issuedAt = @at, issuedBy = @by`)
      .run({ hash: p.hash, at: this.now().toISOString(), by: by.operatorId });
    this.audit.append(by, { action: 'recovery-code-issued', detail: { reason } });
  }

  /** A new code for the journal (the old one stops working), shown once to the caller. */
  async issue(by: Actor): Promise<string> {
    const p = await prepareRecoveryCode();
    this.db.transaction(() => this.store(p, by, 'requested'))();
    return p.code;
  }

  /**
   * True when `typed` is the current code. A wrong code is audited (as `who`) and answers
   * AUTH_RECOVERY_INVALID; no code set, AUTH_RECOVERY_NONE. Returns the hash that matched, for the
   * caller's compare-and-replace.
   */
  async check(typed: string, who: Actor, target: string): Promise<string> {
    const row = this.row();
    if (!row) throw new AppError('AUTH_RECOVERY_NONE');
    const code = normalizeRecoveryCode(typed);
    if (code !== null && (await verifyPassword(code, row.codeHash))) return row.codeHash;
    this.audit.append(who, { action: 'recovery-failed', target, detail: { wellFormed: code !== null } });
    throw new AppError('AUTH_RECOVERY_INVALID');
  }

  /** Inside the caller's transaction: true when the stored code is still `hash` (not used meanwhile). */
  isCurrent(hash: string): boolean {
    return this.row()?.codeHash === hash;
  }

  private row(): RecoveryRow | undefined {
    return this.db.prepare('SELECT codeHash, issuedAt, issuedBy FROM recovery WHERE slot = 1').get() as RecoveryRow | undefined;
  }
}
