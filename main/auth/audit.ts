import type Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import type { AuditAction, AuditEntry } from '../../contract/ipc';
import { auditHash, nextAuditLink } from '../journal/chain';
import { businessDayStart } from '../journal/dates';

/** Who did it: the signed-in operator and the role they had at the time (roles can change later). */
export interface Actor { operatorId: string; role: string }

export interface AuditInput {
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  /** Local calendar dates, inclusive. */
  from: string;
  to: string;
  action?: AuditAction;
}

interface AuditRow { seq: number; at: string; operatorId: string; role: string; action: string; target: string | null; detail: string }

/** More than a screen can use; a longer span is read in parts. */
export const AUDIT_LIST_LIMIT = 5000;

/**
 * The append-only audit log (table `audit`, journal migrations 2 and 4). The database refuses UPDATE and
 * DELETE by trigger, so not even a bug here can rewrite history, and each row carries its hash in the
 * audit chain (main/journal/chain.ts), so a rewrite around the program shows in `journal verify`. Each
 * append is its own durable transaction, or part of the caller's when one is open (sign-in failures
 * commit with their counter).
 */
export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly write: Database.Transaction<(actor: Actor, e: AuditInput) => number>;

  constructor(private readonly db: Database.Database, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare(`INSERT INTO audit (seq, at, operatorId, role, action, target, detail, hash)
      VALUES (@seq, @at, @operatorId, @role, @action, @target, @detail, @hash)`);
    this.write = db.transaction((actor: Actor, e: AuditInput) => {
      const { seq, prev } = nextAuditLink(this.db);
      const row = {
        seq, at: this.now().toISOString(), operatorId: actor.operatorId, role: actor.role, action: e.action,
        target: e.target ?? null, detail: JSON.stringify(e.detail ?? {}),
      };
      this.insert.run({ ...row, hash: auditHash(prev, row) });
      return seq;
    });
  }

  append(actor: Actor, e: AuditInput): number {
    // IMMEDIATE on its own (the chain's head is read under the write lock); a savepoint inside a caller's.
    return this.db.inTransaction ? this.write(actor, e) : this.write.immediate(actor, e);
  }

  /** Newest first, at most AUDIT_LIST_LIMIT rows. For supervisors: the IPC gate checks the role. */
  list(q: AuditQuery): AuditEntry[] {
    const from = localDayStart(q.from);
    const to = localDayStart(q.to, 1);
    if (from >= to) throw new AppError('INVALID_INPUT', { detail: `audit window ${q.from}..${q.to}` });
    const rows = (q.action
      ? this.db.prepare('SELECT * FROM audit WHERE at >= ? AND at < ? AND action = ? ORDER BY seq DESC LIMIT ?')
        .all(from, to, q.action, AUDIT_LIST_LIMIT)
      : this.db.prepare('SELECT * FROM audit WHERE at >= ? AND at < ? ORDER BY seq DESC LIMIT ?')
        .all(from, to, AUDIT_LIST_LIMIT)) as AuditRow[];
    return rows.map((r) => ({ ...r, action: r.action as AuditAction, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}

/** The UTC instant (ISO, as `at` is stored) where business date `date` (+ `plusDays`) begins: Beijing, whatever this computer's zone. */
function localDayStart(date: string, plusDays = 0): string {
  if (!/^(\d{4})-(\d{2})-(\d{2})$/.test(date)) throw new AppError('INVALID_INPUT', { detail: `date ${date}` });
  try {
    return businessDayStart(date, plusDays);
  } catch {
    throw new AppError('INVALID_INPUT', { detail: `date ${date}` });
  }
}
