import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { OperatorRole } from '../../contract/ipc';
import { nextSeqLink, operatorEventHash, passwordDigest } from '../journal/chain-tables';
import type { Actor, AuditInput, AuditLog } from './audit';

/**
 * The one way an operator's row is written (journal migration 7, docs/security.md "What the journal
 * proves"): the row, its audit row and a chained `operator_events` row holding the row as it became — the
 * password as the sha256 of its stored hash — in the caller's transaction. `journal verify` compares the
 * table with each operator's newest event, so a role, status, lockout or password set around this code
 * shows; a sign-in that would succeed on a row that no longer fits its chain is refused (`fitsChain`).
 */
export interface OperatorRow {
  id: string; name: string; role: OperatorRole; passwordHash: string; failedAttempts: number;
  lockedAt: string | null; createdAt: string; disabled: number;
}

/** What a change may set. */
export type OperatorChange = Partial<Pick<OperatorRow, 'name' | 'role' | 'passwordHash' | 'failedAttempts' | 'lockedAt' | 'disabled'>>;

interface EventRow { role: string; passwordDigest: string; lockedAt: string | null; disabled: number }

export class OperatorChain {
  private readonly insertEvent: Database.Statement;
  private readonly newest: Database.Statement<[string], EventRow>;

  constructor(private readonly db: Database.Database, private readonly audit: AuditLog, private readonly now: () => Date) {
    this.insertEvent = db.prepare(`INSERT INTO operator_events (seq, at, operatorId, reason, actorId, auditSeq, name, role,
      passwordDigest, failedAttempts, lockedAt, disabled, hash) VALUES (@seq, @at, @operatorId, @reason, @actorId, @auditSeq, @name,
      @role, @passwordDigest, @failedAttempts, @lockedAt, @disabled, @hash)`);
    this.newest = db.prepare('SELECT role, passwordDigest, lockedAt, disabled FROM operator_events WHERE operatorId = ? ORDER BY seq DESC LIMIT 1');
  }

  /**
   * Inside the caller's IMMEDIATE transaction: writes `row` (a new one when `created`) with `change`
   * applied, its audit row (`audit`, targeting the operator) and its chained event. Returns the new row.
   * A row that no longer fits its chain is not built upon (AUTH_ACCOUNT_TAMPERED): the change's event
   * would otherwise make the edit part of the account's history.
   */
  write(row: OperatorRow, change: OperatorChange, by: Actor, audit: AuditInput, created = false): OperatorRow {
    if (!created && !this.fitsChain(row)) throw new AppError('AUTH_ACCOUNT_TAMPERED', { id: row.id });
    const next: OperatorRow = { ...row, ...change };
    const auditSeq = this.audit.append(by, { ...audit, target: audit.target ?? row.id });
    if (created) {
      this.db.prepare(`INSERT INTO operators (id, name, role, passwordHash, failedAttempts, lockedAt, createdAt, disabled)
        VALUES (@id, @name, @role, @passwordHash, @failedAttempts, @lockedAt, @createdAt, @disabled)`).run(next);
    } else {
      this.db.prepare(`UPDATE operators SET name = @name, role = @role, passwordHash = @passwordHash, failedAttempts = @failedAttempts,
        lockedAt = @lockedAt, disabled = @disabled WHERE id = @id`).run(next);
    }
    const { seq, prev } = nextSeqLink(this.db, 'operator_events');
    const event = {
      seq, at: this.now().toISOString(), operatorId: next.id, reason: audit.action, actorId: by.operatorId, auditSeq,
      name: next.name, role: next.role, passwordDigest: passwordDigest(next.passwordHash), failedAttempts: next.failedAttempts,
      lockedAt: next.lockedAt, disabled: next.disabled,
    };
    this.insertEvent.run({ ...event, hash: operatorEventHash(prev, event) });
    return next;
  }

  /**
   * Whether what lets `row` in — role, password, lock and status — is what its newest chained event says.
   * A row edited around the program (a role raised, a password hash swapped, a lock cleared) is not. The
   * failure count is left to `journal verify`: a lowered count only gives back tries of the lockout.
   */
  fitsChain(row: OperatorRow): boolean {
    const e = this.newest.get(row.id);
    return e !== undefined && e.role === row.role && e.passwordDigest === passwordDigest(row.passwordHash)
      && e.lockedAt === row.lockedAt && e.disabled === row.disabled;
  }
}
