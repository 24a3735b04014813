import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { OperatorRole, OperatorView, SignedInOperator } from '../../contract/ipc';
import type { Actor, AuditLog } from './audit';
import { decoyHash, hashPassword, verifyPassword } from './password';

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

/**
 * Operators (table `operators`, journal migration 2): scrypt password hashes, lockout after 5 wrong
 * passwords in a row, and every sign-in, failure, lock and unlock in the audit log.
 *
 * An unknown id answers exactly as a wrong password does (AUTH_INVALID with the same tries left, then
 * AUTH_LOCKED), after the same scrypt work against a decoy hash, so neither the message nor the time
 * tells which ids exist. Unknown ids' counters live in memory only: they protect no account.
 */
export class OperatorStore {
  private readonly unknownFailures = new Map<string, number>();

  constructor(private readonly db: Database.Database, private readonly audit: AuditLog, private readonly now: () => Date = () => new Date()) {}

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

  /** The first account must be a supervisor: otherwise nobody could ever unlock anyone. */
  async add(o: NewOperator, by: Actor): Promise<OperatorView> {
    if (!OPERATOR_ID.test(o.id)) throw new AppError('INVALID_INPUT', { detail: `operator id ${o.id}` });
    const name = o.name.trim();
    if (name.length < 1 || name.length > 32) throw new AppError('INVALID_INPUT', { detail: 'name: 1–32 characters' });
    if (o.password.length < 6 || o.password === o.id) throw new AppError('AUTH_WEAK_PASSWORD');
    const hash = await hashPassword(o.password);
    this.db.transaction(() => {
      if (this.row(o.id)) throw new AppError('AUTH_OPERATOR_EXISTS', { id: o.id });
      if (this.count() === 0 && o.role !== 'supervisor') throw new AppError('AUTH_FIRST_MUST_BE_SUPERVISOR');
      this.db.prepare(`INSERT INTO operators (id, name, role, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)`)
        .run(o.id, name, o.role, hash, this.now().toISOString());
      this.audit.append(by, { action: 'operator-add', target: o.id, detail: { role: o.role, name } });
    })();
    return this.mustGet(o.id);
  }

  /**
   * AUTH_INVALID {left} for an unknown id or a wrong password; AUTH_LOCKED on the 5th failure in a row and
   * on every attempt after it (even with the right password); AUTH_DISABLED for a disabled account.
   */
  async signIn(id: string, password: string): Promise<SignedInOperator> {
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
        this.audit.append(actor, { action: 'sign-in', target: id });
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
    return outcome;
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
