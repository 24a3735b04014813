import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors';
import { hasTable } from '../journal/migrate';
import { AuditLog } from './audit';
import { OperatorStore, SYSTEM, type NewOperator } from './operators';

export { AuditLog, type Actor, type AuditInput, type AuditQuery } from './audit';
export { MAX_FAILED_ATTEMPTS, OperatorStore, SYSTEM, type Added, type NewOperator } from './operators';
export { RecoveryCodes } from './recovery';

/** Training mode's demo accounts (README: 培训模式). Never created in a real journal. */
export const TRAINING_ACCOUNTS: readonly NewOperator[] = [
  { id: 'S01', name: '培训主管', role: 'supervisor', password: '888888' },
  { id: 'A01', name: '培训柜员', role: 'operator', password: '123456' },
];

/** The environment variable a real counter's first start may take the `admin` supervisor's password from. */
export const ADMIN_PASSWORD_ENV = 'ETC_COUNTER_ADMIN_PASSWORD';

export interface Auth {
  operators: OperatorStore;
  audit: AuditLog;
  /**
   * The recovery code issued by this open's bootstrap (real mode, `admin` created from the environment):
   * the caller must show it once (stderr, a dialog). Null otherwise; a supervisor can issue a new one
   * with `etc-counter operator recovery-code`.
   */
  issuedRecoveryCode: string | null;
  close(): void;
}

export interface AuthOptions {
  training: boolean;
  /** Real mode's first run: creates supervisor `admin` with it when no operator exists. */
  adminPassword?: string;
  now?: () => Date;
}

/**
 * Operators and the audit log, on a second connection to the journal's file. The caller has opened the
 * journal first (SqliteJournal.open: lock held, integrity checked, migration 2 applied); WAL lets both
 * connections work side by side, and synchronous=FULL makes each audit row durable when append returns.
 */
export async function openAuth(journalPath: string, o: AuthOptions): Promise<Auth> {
  const db = new Database(journalPath, { timeout: 5000 });
  try {
    db.pragma('synchronous = FULL');
    if (!hasTable(db, 'operators') || !hasTable(db, 'audit')) {
      throw new AppError('JOURNAL_OPEN_FAILED', { path: journalPath, detail: 'no operators/audit tables (journal not migrated)' });
    }
    const audit = new AuditLog(db, o.now);
    const operators = new OperatorStore(db, audit, o.now, o.training);
    const issuedRecoveryCode = await bootstrap(operators, o);
    return { operators, audit, issuedRecoveryCode, close: () => { if (db.open) db.close(); } };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * First run: demo accounts in training mode (exempt from the password rules); in real mode `admin` only
 * when a password was given (which must follow the rules), returning its recovery code.
 */
export async function bootstrap(operators: OperatorStore, o: Pick<AuthOptions, 'training' | 'adminPassword'>): Promise<string | null> {
  if (operators.count() > 0) return null;
  if (o.training) {
    for (const a of TRAINING_ACCOUNTS) await operators.add(a, SYSTEM, { demo: true });
    return null;
  }
  if (!o.adminPassword) return null;
  const added = await operators.add({ id: 'admin', name: '管理员', role: 'supervisor', password: o.adminPassword }, SYSTEM);
  return added.recoveryCode;
}
