import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { SqliteJournal } from '../journal/sqlite-journal';
import { scratchDir } from '../journal/test-support';
import { openAuth, SYSTEM, type Auth } from './index';

/**
 * Operators in a hash chain (journal migration 7, operator-chain.ts): every change of an account is a
 * chained event written with its audit row; an account edited around the program is named by `journal
 * verify` and refused at sign-in; and an unknown id is counted and locked exactly as a real one, in the
 * file, so that every process (the command line) answers alike.
 */
let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal;
let auth: Auth;
const SUP = { operatorId: 'S01', role: 'supervisor' };

beforeEach(async () => {
  scratch = scratchDir();
  journal = SqliteJournal.open(scratch.file('journal.sqlite'), { training: false });
  auth = await openAuth(journal.path, { training: false });
  await auth.operators.add({ id: 'S01', name: '王主管', role: 'supervisor', password: 'sup-secret-1' }, SYSTEM);
  await auth.operators.add({ id: 'A01', name: '张柜员', role: 'operator', password: 'teller-pw-1' }, SUP);
});
afterEach(() => {
  auth.close();
  journal.close();
  scratch.remove();
});

async function answer(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? Promise.resolve().then(p) : p);
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
}
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(journal.path);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
const events = (): { operatorId: string; reason: string; auditSeq: number | null; role: string; failedAttempts: number; disabled: number }[] => {
  const db = new Database(journal.path, { readonly: true });
  try {
    return db.prepare('SELECT operatorId, reason, auditSeq, role, failedAttempts, disabled FROM operator_events ORDER BY seq').all() as never;
  } finally {
    db.close();
  }
};

describe('every change of an account is a chained event with its audit row', { timeout: 120_000 }, () => {
  it('add, failures, lock, unlock, disable, enable, a reset count: each one an event; verify finds them intact', async () => {
    for (let i = 0; i < 5; i++) await answer(auth.operators.signIn('A01', 'wrong-pw-x'));
    auth.operators.unlock('A01', SUP);
    await answer(auth.operators.signIn('A01', 'wrong-pw-x'));
    await auth.operators.signIn('A01', 'teller-pw-1'); // resets the count: a change
    await auth.operators.signIn('A01', 'teller-pw-1'); // nothing to change: no event
    auth.operators.disable('A01', SUP);
    auth.operators.enable('A01', SUP);
    const list = events().filter((e) => e.operatorId === 'A01');
    expect(list.map((e) => e.reason)).toEqual([
      'operator-add', 'sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-locked', 'unlock', 'sign-in-failed',
      'sign-in', 'operator-disable', 'operator-enable',
    ]);
    // Each names its own audit row: same action, same account.
    const audit = auth.audit.list({ from: '2000-01-01', to: '2999-12-31' });
    for (const e of list) expect(audit.find((a) => a.seq === e.auditSeq)).toMatchObject({ action: e.reason, target: 'A01' });
    expect(journal.verifyChains()).toMatchObject({ intact: true, breaks: [], checked: { operatorEvents: 12 } }); // 11 of A01, 1 of S01
  });
});

describe('an account edited around the program', { timeout: 120_000 }, () => {
  it('a role raised to supervisor: verify names the column, the sign-in is refused and audited, nothing builds on it', async () => {
    tamper("UPDATE operators SET role = 'supervisor' WHERE id = 'A01'");
    expect(journal.verifyChains().breaks).toEqual([{ table: 'operators', key: { operator: 'A01' }, reason: 'view', params: { columns: 'role' } }]);
    expect(await answer(auth.operators.signIn('A01', 'teller-pw-1'))).toBe('AUTH_ACCOUNT_TAMPERED: 账号 A01 的记录与其变更历史不符（可能被人直接修改过日志文件），不能登录。请联系管理员');
    expect(await answer(() => auth.operators.unlock('A01', SUP))).toMatch(/^AUTH_ACCOUNT_TAMPERED/);
    expect(auth.audit.list({ from: '2000-01-01', to: '2999-12-31', action: 'sign-in-failed' })[0]).toMatchObject({ target: 'A01', detail: { reason: 'tampered' } });
    expect(await answer(auth.operators.signIn('S01', 'sup-secret-1'))).toBe('ok'); // the others are untouched
    expect(journal.verifyChains().breaks[0]).toMatchObject({ table: 'operators', params: { columns: 'role' } }); // still there
  });

  it('a password hash swapped for one the insider knows: refused, even after a wrong try; verify names the password', async () => {
    const mine = (db: Database.Database) => (db.prepare("SELECT passwordHash FROM operators WHERE id = 'A01'").get() as { passwordHash: string }).passwordHash;
    const db = new Database(journal.path);
    const known = mine(db);
    db.close();
    tamper("UPDATE operators SET passwordHash = ? WHERE id = 'S01'", known); // S01 now "has" A01's password
    expect(await answer(auth.operators.signIn('S01', 'wrong-try-1'))).toMatch(/^AUTH_ACCOUNT_TAMPERED/); // no event absorbs the swap
    expect(await answer(auth.operators.signIn('S01', 'teller-pw-1'))).toMatch(/^AUTH_ACCOUNT_TAMPERED/);
    expect(journal.verifyChains().breaks).toEqual([{ table: 'operators', key: { operator: 'S01' }, reason: 'view', params: { columns: 'password' } }]);
    expect(journal.verifyChains().breaks.map((b) => b.table)).not.toContain('operator_events');
  });

  it('a lock cleared by hand: refused; verify names the lock and the count', async () => {
    for (let i = 0; i < 5; i++) await answer(auth.operators.signIn('A01', 'wrong-pw-x'));
    tamper("UPDATE operators SET lockedAt = NULL, failedAttempts = 0 WHERE id = 'A01'");
    expect(await answer(auth.operators.signIn('A01', 'teller-pw-1'))).toMatch(/^AUTH_ACCOUNT_TAMPERED/);
    expect(journal.verifyChains().breaks).toEqual([{ table: 'operators', key: { operator: 'A01' }, reason: 'view', params: { columns: 'failedAttempts, lockedAt' } }]);
  });

  it('an account inserted without history, and an event deleted from the middle', () => {
    tamper("INSERT INTO operators (id, name, role, passwordHash, createdAt) VALUES ('X9', '外人', 'supervisor', 'scrypt$x', 'now')");
    expect(journal.verifyChains().breaks).toContainEqual({ table: 'operators', key: { operator: 'X9' }, reason: 'no-events', params: {} });
    tamper('DROP TRIGGER operator_events_no_delete');
    tamper('DELETE FROM operator_events WHERE seq = 1');
    expect(journal.verifyChains().breaks[0]).toEqual({ table: 'operator_events', key: { seq: 2, operator: 'A01' }, reason: 'missing', params: { from: 1, to: 1 } });
  });
});

describe('no enumeration: an unknown id is answered, counted and locked as a real one, in every process', { timeout: 120_000 }, () => {
  it('the same answers, try by try, each try in a new process (a fresh connection to the file)', async () => {
    const tries = async (id: string): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const fresh = await openAuth(journal.path, { training: false }); // what each `etc-counter … --operator ID` opens
        try {
          out.push((await answer(fresh.operators.signIn(id, `wrong-${i}-pw`))).replaceAll(id, '<id>'));
        } finally {
          fresh.close();
        }
      }
      return out;
    };
    const real = await tries('A01');
    const unknown = await tries('B77');
    expect(real).toEqual([
      'AUTH_INVALID: 工号或密码错误，还可尝试 4 次（连续输错 5 次将锁定账号）',
      'AUTH_INVALID: 工号或密码错误，还可尝试 3 次（连续输错 5 次将锁定账号）',
      'AUTH_INVALID: 工号或密码错误，还可尝试 2 次（连续输错 5 次将锁定账号）',
      'AUTH_INVALID: 工号或密码错误，还可尝试 1 次（连续输错 5 次将锁定账号）',
      expect.stringMatching(/^AUTH_LOCKED: 账号 <id> 已锁定/),
      expect.stringMatching(/^AUTH_LOCKED: 账号 <id> 已锁定/),
    ]);
    expect(unknown).toEqual(real);
    // An id nobody can have (too long for an account) is counted the same way, under a digest.
    expect(await answer(auth.operators.signIn('Z'.repeat(300), 'x'))).toMatch(/还可尝试 4 次/);
  });

  it('a new account of an id that was guessed at starts with a clean count', async () => {
    for (let i = 0; i < 5; i++) await answer(auth.operators.signIn('B08', 'wrong-pw-x'));
    expect(await answer(auth.operators.signIn('B08', 'wrong-pw-x'))).toMatch(/^AUTH_LOCKED/);
    await auth.operators.add({ id: 'B08', name: '新柜员', role: 'operator', password: 'new-teller-1' }, SUP);
    expect(await answer(auth.operators.signIn('B08', 'new-teller-1'))).toBe('ok');
  });
});
