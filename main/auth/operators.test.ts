import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { SqliteJournal } from '../journal/sqlite-journal';
import { scratchDir } from '../journal/test-support';
import { openAuth, SYSTEM, TRAINING_ACCOUNTS, type Auth } from './index';
import { SCRYPT, verifyPassword } from './password';

let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal;
let auth: Auth;
const SUP = { operatorId: 'S01', role: 'supervisor' };

async function open(training: boolean, adminPassword?: string): Promise<Auth> {
  journal = SqliteJournal.open(scratch.file('journal.sqlite'), { training });
  auth = await openAuth(journal.path, { training, adminPassword });
  return auth;
}
async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return `${e.code}:${e.message}`;
    throw e;
  }
}
const raw = (): Database.Database => new Database(journal.path, { readonly: true });

beforeEach(() => { scratch = scratchDir(); });
afterEach(() => {
  auth?.close();
  journal?.close();
  scratch.remove();
});

describe('operators', () => {
  it('stores scrypt$N$r$p$salt$hash with N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key, never the password', async () => {
    await open(true);
    const db = raw();
    const rows = db.prepare('SELECT id, passwordHash FROM operators ORDER BY id').all() as { id: string; passwordHash: string }[];
    db.close();
    expect(rows.map((r) => r.id)).toEqual(['A01', 'S01']);
    const [tag, n, r, p, salt, key] = rows[0]!.passwordHash.split('$');
    expect([tag, Number(n), Number(r), Number(p)]).toEqual(['scrypt', 2 ** 15, 8, 1]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(SCRYPT.saltBytes);
    expect(Buffer.from(key!, 'base64')).toHaveLength(SCRYPT.keyBytes);
    expect(rows[0]!.passwordHash).not.toContain('123456');
    expect(rows[0]!.passwordHash).not.toBe(rows[1]!.passwordHash);
    expect(await verifyPassword('123456', rows[0]!.passwordHash)).toBe(true);
    expect(await verifyPassword('123457', rows[0]!.passwordHash)).toBe(false);
    expect(await verifyPassword('123456', 'scrypt$1099511627776$8$1$AAAA$BBBB')).toBe(false); // absurd N refused, not run
  });

  it('creates the training demo accounts once, with their roles', async () => {
    await open(true);
    expect(auth.operators.list().map((o) => [o.operatorId, o.role])).toEqual([['A01', 'operator'], ['S01', 'supervisor']]);
    expect(await auth.operators.signIn('A01', '123456')).toEqual({ operatorId: 'A01', name: '培训操作员', role: 'operator' });
    expect(await auth.operators.signIn('S01', '888888')).toMatchObject({ role: 'supervisor' });
    auth.close();
    auth = await openAuth(journal.path, { training: true });
    expect(auth.operators.count()).toBe(TRAINING_ACCOUNTS.length);
  });

  it('real mode: no demo accounts; without operators sign-in says how to create the first; admin from the password given', async () => {
    await open(false);
    expect(auth.operators.count()).toBe(0);
    expect(await code(auth.operators.signIn('A01', '123456'))).toMatch(/^AUTH_NO_OPERATORS:.*operator add/);
    auth.close();
    auth = await openAuth(journal.path, { training: false, adminPassword: 'first-secret' });
    expect(auth.operators.list().map((o) => [o.operatorId, o.role])).toEqual([['admin', 'supervisor']]);
    expect(await auth.operators.signIn('admin', 'first-secret')).toMatchObject({ role: 'supervisor' });
  });

  it('answers an unknown id exactly as a wrong password, with the tries left', async () => {
    await open(true);
    const wrong = await code(auth.operators.signIn('A01', 'nope!!'));
    const unknown = await code(auth.operators.signIn('B02', 'nope!!'));
    expect(wrong).toBe('AUTH_INVALID:操作员号或密码错误，还可尝试 4 次（连续输错 5 次将锁定账号）');
    expect(unknown).toBe(wrong);
  });

  it('locks on the 5th wrong password in a row; then even the right one is refused until a supervisor unlocks', async () => {
    await open(true);
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push((await code(auth.operators.signIn('A01', 'bad-pw'))).split(':')[0]!);
    expect(answers).toEqual(['AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_LOCKED']);
    expect(auth.operators.get('A01')).toMatchObject({ locked: true, failedAttempts: 5 });
    expect(await code(auth.operators.signIn('A01', '123456'))).toMatch(/^AUTH_LOCKED:账号 A01 已锁定.*主管解锁/);
    expect(auth.operators.unlock('A01', SUP)).toMatchObject({ locked: false, failedAttempts: 0 });
    expect(await code(auth.operators.signIn('A01', '123456'))).toBe('ok');
    const actions = auth.audit.list({ from: '2000-01-01', to: '2999-12-31' }).map((e) => e.action).reverse();
    expect(actions.filter((a) => a !== 'operator-add')).toEqual([
      'sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-locked', 'sign-in-failed', 'unlock', 'sign-in',
    ]);
  });

  it('counts consecutive failures only: a good sign-in resets the count', async () => {
    await open(true);
    for (let i = 0; i < 4; i++) await code(auth.operators.signIn('A01', 'bad-pw'));
    await auth.operators.signIn('A01', '123456');
    expect(await code(auth.operators.signIn('A01', 'bad-pw'))).toMatch(/还可尝试 4 次/);
  });

  it('an unknown id also "locks" after 5 tries, so lockout does not reveal which ids exist', async () => {
    await open(true);
    const last: string[] = [];
    for (let i = 0; i < 5; i++) last.push((await code(auth.operators.signIn('Q7', 'bad-pw'))).split(':')[0]!);
    expect(last.at(-1)).toBe('AUTH_LOCKED');
  });

  it('refuses a second account with the same id, a weak password, and a first account that is not a supervisor', async () => {
    await open(false);
    expect(await code(auth.operators.add({ id: 'B01', name: '张三', role: 'operator', password: 'secret1' }, SYSTEM)))
      .toMatch(/^AUTH_FIRST_MUST_BE_SUPERVISOR/);
    await auth.operators.add({ id: 'S9', name: '李四', role: 'supervisor', password: 'secret1' }, SYSTEM);
    expect(await code(auth.operators.add({ id: 'S9', name: 'x', role: 'operator', password: 'secret2' }, SUP))).toMatch(/^AUTH_OPERATOR_EXISTS/);
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: '12345' }, SUP))).toMatch(/^AUTH_WEAK_PASSWORD/);
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: 'B01' }, SUP))).toMatch(/^AUTH_WEAK_PASSWORD/);
    expect(await code(auth.operators.add({ id: 'B 1', name: 'x', role: 'operator', password: 'secret3' }, SUP))).toMatch(/^INVALID_INPUT/);
  });
});
