// Longer than the 250 lines of docs/contributing.md on purpose: every write of the operators table stays in this
// one file (its staff methods through writeOperator), so a chain over the table covers all of them in one place.
import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { OperatorRole, OperatorView, SignedInOperator } from '../../contract/ipc';
import type { Actor, AuditInput, AuditLog } from './audit';
import { checkPasswordPolicy, costOf, decoyHash, hashPassword, needsUpgrade, verifyPassword } from './password';
import { prepareRecoveryCode, RecoveryCodes } from './recovery';

/** The 5th wrong password in a row locks the account until a supervisor unlocks it. */
export const MAX_FAILED_ATTEMPTS = 5;
export const OPERATOR_ID = /^[A-Za-z0-9]{1,16}$/;

export interface NewOperator { id: string; name: string; role: OperatorRole; password: string }

interface OperatorRow {
  id: string; name: string; role: OperatorRole; passwordHash: string; failedAttempts: number;
  lockedAt: string | null; createdAt: string; disabled: number;
}

/** Who made a change that no signed-in operator made: the first-run bootstrap or the setup command. */
export const SYSTEM: Actor = { operatorId: 'system', role: 'system' };

function view(r: OperatorRow): OperatorView {
  return {
    operatorId: r.id, name: r.name, role: r.role, locked: r.lockedAt !== null, failedAttempts: r.failedAttempts,
    disabled: r.disabled === 1, createdAt: r.createdAt,
  };
}

/** What `add` made: the account, and the counter's recovery code when it was the first supervisor (shown once). */
export interface Added { operator: OperatorView; recoveryCode: string | null }

/**
 * Operators (table `operators`, journal migration 2): scrypt password hashes, lockout after 5 wrong
 * passwords in a row, disabled accounts (people who left: never deleted, the audit names them), and
 * every sign-in, failure, lock, unlock, disable, enable and hash upgrade in the audit log.
 *
 * An unknown id answers exactly as a wrong password does (AUTH_INVALID with the same tries left, then
 * AUTH_LOCKED), after the same scrypt work against a decoy hash, so neither the message nor the time
 * tells which ids exist. Unknown ids' counters live in memory only: they protect no account.
 */
export class OperatorStore {
  private readonly unknownFailures = new Map<string, number>();
  readonly recovery: RecoveryCodes;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
    /** Training journals: no recovery code (the demo passwords are printed on the sign-in screen). */
    private readonly training = false,
  ) {
    this.recovery = new RecoveryCodes(db, audit, now);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM operators').get() as { n: number }).n;
  }

  get(id: string): OperatorView | null {
    const r = this.row(id);
    return r ? view(r) : null;
  }

  list(): OperatorView[] {
    return (this.db.prepare('SELECT * FROM operators ORDER BY id').all() as OperatorRow[]).map(view);
  }

  /**
   * The first account must be a supervisor: otherwise nobody could ever unlock anyone. In a real journal
   * it comes with the recovery code. `demo` (training's demo accounts only) skips the password rules.
   */
  async add(o: NewOperator, by: Actor, opts: { demo?: boolean } = {}): Promise<Added> {
    if (!OPERATOR_ID.test(o.id)) throw new AppError('INVALID_INPUT', { detail: `operator id ${o.id}` });
    const name = o.name.trim();
    if (name.length < 1 || name.length > 32) throw new AppError('INVALID_INPUT', { detail: 'name: 1–32 characters' });
    if (!(opts.demo && this.training)) checkPasswordPolicy(o.password, o.id);
    const hash = await hashPassword(o.password);
    const code = this.count() === 0 && !this.training ? await prepareRecoveryCode() : null;
    this.db.transaction(() => {
      if (this.row(o.id)) throw new AppError('AUTH_OPERATOR_EXISTS', { id: o.id });
      const first = this.count() === 0;
      if (first && o.role !== 'supervisor') throw new AppError('AUTH_FIRST_MUST_BE_SUPERVISOR');
      this.db.prepare(`INSERT INTO operators (id, name, role, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)`)
        .run(o.id, name, o.role, hash, this.now().toISOString());
      this.audit.append(by, { action: 'operator-add', target: o.id, detail: { role: o.role, name } });
      if (first && code) this.recovery.store(code, by, 'first-supervisor');
    })();
    return { operator: this.mustGet(o.id), recoveryCode: code?.code ?? null };
  }

  /**
   * AUTH_INVALID {left} for an unknown id or a wrong password; AUTH_LOCKED on the 5th failure in a row and
   * on every attempt after it (even with the right password); AUTH_DISABLED for a disabled account (after
   * the right password only: a guesser learns nothing). A hash of older parameters is replaced.
   * `context` goes into the audit row of a good sign-in: where it happened (`{via: 'cli', command}`,
   * `{via: 'unlock'}` for the lock screen and the supervisor's confirmation).
   */
  async signIn(id: string, password: string, context: Record<string, unknown> = {}): Promise<SignedInOperator> {
    if (this.count() === 0) throw new AppError('AUTH_NO_OPERATORS');
    const before = this.row(id);
    const ok = await verifyPassword(password, before?.passwordHash ?? (await decoyHash()));
    if (!before) return this.unknownFailed(id);
    const actor: Actor = { operatorId: id, role: before.role };
    // Refusals are returned, not thrown, from the transaction: the failure count and its audit row must
    // commit even though the call fails.
    const outcome = this.db.transaction((): SignedInOperator | AppError => {
      const r = this.row(id);
      if (!r) return new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      if (r.lockedAt !== null) {
        this.audit.append(actor, { action: 'sign-in-failed', target: id, detail: { reason: 'locked' } });
        return new AppError('AUTH_LOCKED', { id });
      }
      if (ok && r.disabled === 1) {
        this.audit.append(actor, { action: 'sign-in-failed', target: id, detail: { reason: 'disabled' } });
        return new AppError('AUTH_DISABLED', { id });
      }
      if (ok) {
        this.db.prepare('UPDATE operators SET failedAttempts = 0 WHERE id = ?').run(id);
        this.audit.append(actor, { action: 'sign-in', target: id, detail: context });
        return { operatorId: r.id, name: r.name, role: r.role };
      }
      const n = r.failedAttempts + 1;
      const lock = n >= MAX_FAILED_ATTEMPTS;
      this.db.prepare('UPDATE operators SET failedAttempts = ?, lockedAt = ? WHERE id = ?')
        .run(n, lock ? this.now().toISOString() : null, id);
      this.audit.append(actor, { action: lock ? 'sign-in-locked' : 'sign-in-failed', target: id, detail: { attempt: n } });
      return lock ? new AppError('AUTH_LOCKED', { id }) : invalid(n);
    })();
    if (outcome instanceof AppError) throw outcome;
    if (needsUpgrade(before.passwordHash)) await this.upgrade(id, password, before.passwordHash, actor);
    return outcome;
  }

  /** Re-hashes a verified password with today's parameters, unless it changed meanwhile. */
  private async upgrade(id: string, password: string, old: string, actor: Actor): Promise<void> {
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      const changed = this.db.prepare('UPDATE operators SET passwordHash = ? WHERE id = ? AND passwordHash = ?').run(hash, id, old).changes;
      if (changed === 1) this.audit.append(actor, { action: 'password-upgrade', target: id, detail: { fromN: costOf(old) ?? 0, toN: costOf(hash) ?? 0 } });
    })();
  }

  /** Clears a lockout (and the failure count); audited as the supervisor's act. */
  unlock(id: string, by: Actor): OperatorView {
    this.unknownFailures.delete(id);
    this.db.transaction(() => {
      const r = this.row(id);
      if (!r) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      this.db.prepare('UPDATE operators SET failedAttempts = 0, lockedAt = NULL WHERE id = ?').run(id);
      this.audit.append(by, { action: 'unlock', target: id, detail: { wasLocked: r.lockedAt !== null, failedAttempts: r.failedAttempts } });
    })();
    return this.mustGet(id);
  }

  /**
   * Takes an account out of use (someone who left), audited; it stays in the list and the audit. The last
   * usable supervisor cannot be disabled: nobody could unlock or add anyone after.
   */
  disable(id: string, by: Actor): OperatorView {
    return this.setDisabled(id, true, by);
  }

  enable(id: string, by: Actor): OperatorView {
    return this.setDisabled(id, false, by);
  }

  private setDisabled(id: string, disabled: boolean, by: Actor): OperatorView {
    this.db.transaction(() => {
      const r = this.row(id);
      if (!r) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      if (disabled && r.role === 'supervisor') {
        const others = this.db.prepare("SELECT count(*) AS n FROM operators WHERE role = 'supervisor' AND disabled = 0 AND id <> ?").get(id) as { n: number };
        if (others.n === 0) throw new AppError('AUTH_LAST_SUPERVISOR', { id });
      }
      this.db.prepare('UPDATE operators SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
      this.audit.append(by, { action: disabled ? 'operator-disable' : 'operator-enable', target: id, detail: { wasDisabled: r.disabled === 1 } });
    })();
    return this.mustGet(id);
  }

  /**
   * The way back in for a supervisor (recovery.ts): with the journal's recovery code, unlocks `id`, sets
   * `newPassword` and replaces the code with a new one, returned to be shown once. The password rules are
   * checked first, so a refused password leaves the code usable.
   */
  async recover(id: string, code: string, newPassword: string): Promise<Added> {
    const r = this.row(id);
    const who: Actor = { operatorId: id, role: r?.role ?? 'unknown' };
    checkPasswordPolicy(newPassword, id);
    const matched = await this.recovery.check(code, who, id);
    if (!r) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
    if (r.role !== 'supervisor') throw new AppError('AUTH_RECOVERY_NOT_SUPERVISOR', { id });
    if (r.disabled === 1) throw new AppError('AUTH_DISABLED', { id });
    const hash = await hashPassword(newPassword);
    const next = await prepareRecoveryCode();
    this.db.transaction(() => {
      if (!this.recovery.isCurrent(matched)) throw new AppError('AUTH_RECOVERY_INVALID'); // used meanwhile
      this.db.prepare('UPDATE operators SET passwordHash = ?, failedAttempts = 0, lockedAt = NULL WHERE id = ?').run(hash, id);
      this.audit.append(who, { action: 'recovery-used', target: id, detail: { wasLocked: r.lockedAt !== null, failedAttempts: r.failedAttempts } });
      this.recovery.store(next, who, 'used');
    })();
    this.unknownFailures.delete(id);
    return { operator: this.mustGet(id), recoveryCode: next.code };
  }

  /**
   * The signed-in operator's own new password (修改密码, `operator passwd`): the rules first (a refused
   * password changes nothing), then the current password, checked as at sign-in — a wrong one counts towards
   * the lockout and is audited, so this is no guessing oracle. Audited `password-change`.
   */
  async changePassword(id: string, current: string, next: string): Promise<OperatorView> {
    checkPasswordPolicy(next, id);
    const before = this.row(id);
    if (!before) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
    const ok = await verifyPassword(current, before.passwordHash);
    if (ok && current === next) throw new AppError('AUTH_PASSWORD_UNCHANGED');
    const hash = ok ? await hashPassword(next) : null;
    const actor: Actor = { operatorId: id, role: before.role };
    const refusal = this.writeOperator(id, (r) => {
      if (r.lockedAt !== null) return { refusal: new AppError('AUTH_LOCKED', { id }) };
      if (r.disabled === 1) return { refusal: new AppError('AUTH_DISABLED', { id }) };
      if (!hash) {
        const n = r.failedAttempts + 1;
        const lock = n >= MAX_FAILED_ATTEMPTS;
        return {
          set: { failedAttempts: n, lockedAt: lock ? this.now().toISOString() : null },
          audit: lock ? { action: 'sign-in-locked', target: id, detail: { attempt: n } }
            : { action: 'password-change', target: id, detail: { wrongCurrent: true, attempt: n } },
          refusal: lock ? new AppError('AUTH_LOCKED', { id }) : new AppError('AUTH_PASSWORD_CURRENT_WRONG', { left: MAX_FAILED_ATTEMPTS - n }),
        };
      }
      return { set: { passwordHash: hash, failedAttempts: 0 }, audit: { action: 'password-change', target: id, detail: {} } };
    }, actor);
    if (refusal) throw refusal;
    return this.mustGet(id);
  }

  /**
   * A supervisor sets a new password for someone who forgot theirs (重置密码, `operator reset-password`);
   * the lockout is lifted with it. Not for one's own account (修改密码 asks the current password). Audited
   * `password-reset` as the supervisor's act.
   */
  async resetPassword(id: string, next: string, by: Actor): Promise<OperatorView> {
    if (id === by.operatorId) throw new AppError('AUTH_RESET_OWN');
    checkPasswordPolicy(next, id);
    if (!this.row(id)) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
    const hash = await hashPassword(next);
    this.unknownFailures.delete(id);
    this.writeOperator(id, (r) => ({
      set: { passwordHash: hash, failedAttempts: 0, lockedAt: null },
      audit: { action: 'password-reset', target: id, detail: { wasLocked: r.lockedAt !== null, failedAttempts: r.failedAttempts } },
    }), by);
    return this.mustGet(id);
  }

  /**
   * The one write of the staff methods (changePassword, resetPassword): reads the row, lets `change` decide
   * the new column values and the audit row from it, and writes both in one transaction — so a chain over the
   * operators table (docs/security.md) covers every such change in one place. A refusal `change` returns is
   * handed back after its writes commit (a wrong current password's count must stay counted).
   */
  private writeOperator(
    id: string,
    change: (r: OperatorRow) => { set?: Partial<Pick<OperatorRow, 'passwordHash' | 'failedAttempts' | 'lockedAt'>>; audit?: AuditInput; refusal?: AppError },
    by: Actor,
  ): AppError | null {
    return this.db.transaction((): AppError | null => {
      const r = this.row(id);
      if (!r) return new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      const { set = {}, audit, refusal } = change(r);
      const cols = Object.keys(set) as (keyof typeof set)[];
      if (cols.length > 0) {
        this.db.prepare(`UPDATE operators SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...set, id });
      }
      if (audit) this.audit.append(by, audit);
      return refusal ?? null;
    })();
  }

  private unknownFailed(id: string): never {
    const n = (this.unknownFailures.get(id) ?? 0) + 1;
    if (this.unknownFailures.size > 1000) this.unknownFailures.clear(); // bounded: a guessing script cannot grow it
    this.unknownFailures.set(id, n);
    this.audit.append({ operatorId: id, role: 'unknown' }, { action: 'sign-in-failed', target: id, detail: { reason: 'unknown id', attempt: n } });
    throw n >= MAX_FAILED_ATTEMPTS ? new AppError('AUTH_LOCKED', { id }) : invalid(n);
  }

  private row(id: string): OperatorRow | undefined {
    return this.db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as OperatorRow | undefined;
  }

  private mustGet(id: string): OperatorView {
    const v = this.get(id);
    if (!v) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
    return v;
  }
}

function invalid(attempt: number): AppError {
  return new AppError('AUTH_INVALID', { left: MAX_FAILED_ATTEMPTS - attempt });
}
