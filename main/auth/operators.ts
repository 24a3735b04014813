// Longer than the 250 lines of docs/contributing.md on purpose: every write of the operators table stays in this
// one file (each through the private `change`, in an IMMEDIATE transaction), so the chain over the table (operator-chain.ts) covers all of them.
import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { OperatorRole, OperatorView, SignedInOperator } from '../../contract/ipc';
import type { Actor, AuditInput, AuditLog } from './audit';
import { SignInGuesses } from './guesses';
import { OperatorChain, type OperatorChange, type OperatorRow } from './operator-chain';
import { checkPasswordPolicy, costOf, decoyHash, hashPassword, needsUpgrade, verifyPassword } from './password';
import { prepareRecoveryCode, RecoveryCodes } from './recovery';

/** The 5th wrong password in a row locks the account until a supervisor unlocks it. */
export const MAX_FAILED_ATTEMPTS = 5;
export const OPERATOR_ID = /^[A-Za-z0-9]{1,16}$/;

export interface NewOperator { id: string; name: string; role: OperatorRole; password: string }

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
 * Every change of an operator's row goes through `change` (operator-chain.ts): the row, its audit row and
 * its chained operator event in one transaction — a new way to change an account (a password change, a
 * reset) calls it too, or `journal verify` reports the row. A sign-in that would succeed on a row that no
 * longer fits its chain is refused (AUTH_ACCOUNT_TAMPERED).
 *
 * An unknown id answers exactly as a wrong password does (AUTH_INVALID with the same tries left, then
 * AUTH_LOCKED), after the same scrypt work against a decoy hash and the same write, so neither the message
 * nor the time tells which ids exist; its count and lock are kept in the journal's file like a real one's
 * (guesses.ts), so a new process (the command line) goes on counting. (A little over main's usual 250
 * lines: every way an account changes stays in this one class, beside the one write they all go through.)
 */
export class OperatorStore {
  readonly recovery: RecoveryCodes;
  private readonly chain: OperatorChain;
  private readonly guesses: SignInGuesses;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
    /** Training journals: no recovery code (the demo passwords are printed on the sign-in screen). */
    private readonly training = false,
  ) {
    this.recovery = new RecoveryCodes(db, audit, now);
    this.chain = new OperatorChain(db, audit, now);
    this.guesses = new SignInGuesses(db);
  }

  /**
   * The one way an operator's row changes, inside the caller's IMMEDIATE transaction: `change` applied to
   * `row`, audited as `by` with `audit`, and chained (operator-chain.ts). Returns the row as it became.
   */
  private change(row: OperatorRow, change: OperatorChange, by: Actor, audit: AuditInput): OperatorRow {
    return this.chain.write(row, change, by, audit);
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
      const row: OperatorRow = {
        id: o.id, name, role: o.role, passwordHash: hash, failedAttempts: 0, lockedAt: null, createdAt: this.now().toISOString(), disabled: 0,
      };
      this.chain.write(row, {}, by, { action: 'operator-add', target: o.id, detail: { role: o.role, name } }, true);
      this.guesses.forget(o.id);
      if (first && code) this.recovery.store(code, by, 'first-supervisor');
    }).immediate();
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
      if (!this.chain.fitsChain(r)) {
        this.audit.append(actor, { action: 'sign-in-failed', target: id, detail: { reason: 'tampered' } });
        return new AppError('AUTH_ACCOUNT_TAMPERED', { id });
      }
      if (ok) {
        if (r.failedAttempts === 0) this.audit.append(actor, { action: 'sign-in', target: id, detail: context });
        else this.change(r, { failedAttempts: 0 }, actor, { action: 'sign-in', target: id, detail: context });
        return { operatorId: r.id, name: r.name, role: r.role };
      }
      const n = r.failedAttempts + 1;
      const lock = n >= MAX_FAILED_ATTEMPTS;
      this.change(r, { failedAttempts: n, lockedAt: lock ? this.now().toISOString() : null }, actor,
        { action: lock ? 'sign-in-locked' : 'sign-in-failed', target: id, detail: { attempt: n } });
      return lock ? new AppError('AUTH_LOCKED', { id }) : invalid(n);
    }).immediate();
    if (outcome instanceof AppError) throw outcome;
    if (needsUpgrade(before.passwordHash)) await this.upgrade(id, password, before.passwordHash, actor);
    return outcome;
  }

  /** Re-hashes a verified password with today's parameters, unless it changed meanwhile. */
  private async upgrade(id: string, password: string, old: string, actor: Actor): Promise<void> {
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      const r = this.row(id);
      if (r?.passwordHash !== old) return; // changed meanwhile
      this.change(r, { passwordHash: hash }, actor, { action: 'password-upgrade', target: id, detail: { fromN: costOf(old) ?? 0, toN: costOf(hash) ?? 0 } });
    }).immediate();
  }

  /** Clears a lockout (and the failure count); audited as the supervisor's act. */
  unlock(id: string, by: Actor): OperatorView {
    this.db.transaction(() => {
      const r = this.row(id);
      if (!r) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      this.change(r, { failedAttempts: 0, lockedAt: null }, by,
        { action: 'unlock', target: id, detail: { wasLocked: r.lockedAt !== null, failedAttempts: r.failedAttempts } });
    }).immediate();
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
      this.change(r, { disabled: disabled ? 1 : 0 }, by,
        { action: disabled ? 'operator-disable' : 'operator-enable', target: id, detail: { wasDisabled: r.disabled === 1 } });
    }).immediate();
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
      const now = this.row(id) ?? r;
      this.change(now, { passwordHash: hash, failedAttempts: 0, lockedAt: null }, who,
        { action: 'recovery-used', target: id, detail: { wasLocked: now.lockedAt !== null, failedAttempts: now.failedAttempts } });
      this.recovery.store(next, who, 'used');
    }).immediate();
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
    // Refusals are returned, not thrown, from the transaction: a wrong current password's count must commit.
    const refusal = this.db.transaction((): AppError | null => {
      const r = this.row(id);
      if (!r) return new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      if (r.lockedAt !== null) return new AppError('AUTH_LOCKED', { id });
      if (r.disabled === 1) return new AppError('AUTH_DISABLED', { id });
      if (!this.chain.fitsChain(r)) return new AppError('AUTH_ACCOUNT_TAMPERED', { id });
      // Changed meanwhile (another window, the command line): checked against a password that is gone.
      if (r.passwordHash !== before.passwordHash) return new AppError('AUTH_PASSWORD_CURRENT_WRONG', { left: MAX_FAILED_ATTEMPTS - r.failedAttempts });
      if (hash === null) {
        const n = r.failedAttempts + 1;
        const lock = n >= MAX_FAILED_ATTEMPTS;
        this.change(r, { failedAttempts: n, lockedAt: lock ? this.now().toISOString() : null }, actor,
          lock ? { action: 'sign-in-locked', target: id, detail: { attempt: n } }
            : { action: 'password-change', target: id, detail: { wrongCurrent: true, attempt: n } });
        return lock ? new AppError('AUTH_LOCKED', { id }) : new AppError('AUTH_PASSWORD_CURRENT_WRONG', { left: MAX_FAILED_ATTEMPTS - n });
      }
      this.change(r, { passwordHash: hash, failedAttempts: 0 }, actor, { action: 'password-change', target: id, detail: {} });
      return null;
    }).immediate();
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
    this.db.transaction(() => {
      const r = this.row(id);
      if (!r) throw new AppError('AUTH_OPERATOR_NOT_FOUND', { id });
      this.change(r, { passwordHash: hash, failedAttempts: 0, lockedAt: null }, by,
        { action: 'password-reset', target: id, detail: { wasLocked: r.lockedAt !== null, failedAttempts: r.failedAttempts } });
    }).immediate();
    return this.mustGet(id);
  }

  /** An id no account has, answered as a real one would be (guesses.ts): counted, then locked. */
  private unknownFailed(id: string): never {
    const who: Actor = { operatorId: id, role: 'unknown' };
    const outcome = this.db.transaction((): AppError => {
      const g = this.guesses.of(id);
      // The audit row says what it is (an id nobody has) for the supervisor; the answer is a real account's.
      const audited = (attempt: number): void => {
        this.audit.append(who, { action: 'sign-in-failed', target: id, detail: { reason: 'unknown id', attempt } });
      };
      if (g.lockedAt !== null) {
        audited(g.failedAttempts + 1);
        return new AppError('AUTH_LOCKED', { id });
      }
      const n = g.failedAttempts + 1;
      const lock = n >= MAX_FAILED_ATTEMPTS;
      const at = this.now().toISOString();
      this.guesses.set(id, { failedAttempts: n, lockedAt: lock ? at : null }, at);
      audited(n);
      return lock ? new AppError('AUTH_LOCKED', { id }) : invalid(n);
    }).immediate();
    throw outcome;
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
