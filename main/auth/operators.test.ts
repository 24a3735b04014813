import { randomBytes, scryptSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { SqliteJournal } from '../journal/sqlite-journal';
import { legacyJournal, scratchDir } from '../journal/test-support';
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

// Each scrypt (N=2^17) takes 0.4–1 s on a shared core, and these tests run dozens.
describe('operators', { timeout: 120_000 }, () => {
  it('stores scrypt$N$r$p$salt$hash with N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key, never the password', async () => {
    await open(true);
    const db = raw();
    const rows = db.prepare('SELECT id, passwordHash FROM operators ORDER BY id').all() as { id: string; passwordHash: string }[];
    db.close();
    expect(rows.map((r) => r.id)).toEqual(['A01', 'S01']);
    const [tag, n, r, p, salt, key] = rows[0]!.passwordHash.split('$');
    expect([tag, Number(n), Number(r), Number(p)]).toEqual(['scrypt', 2 ** 17, 8, 1]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(SCRYPT.saltBytes);
    expect(Buffer.from(key!, 'base64')).toHaveLength(SCRYPT.keyBytes);
    expect(rows[0]!.passwordHash).not.toContain('123456');
    expect(rows[0]!.passwordHash).not.toBe(rows[1]!.passwordHash);
    expect(await verifyPassword('123456', rows[0]!.passwordHash)).toBe(true);
    expect(await verifyPassword('123457', rows[0]!.passwordHash)).toBe(false);
    expect(await verifyPassword('123456', 'scrypt$1099511627776$8$1$AAAA$BBBB')).toBe(false); // absurd N refused, not run
    expect(await verifyPassword('123456', rows[0]!.passwordHash.replace(`$${2 ** 17}$`, `$${2 ** 18}$`))).toBe(false); // more than today's N: not run
  });

  it('creates the training demo accounts once, with their roles', async () => {
    await open(true);
    expect(auth.operators.list().map((o) => [o.operatorId, o.role])).toEqual([['A01', 'operator'], ['S01', 'supervisor']]);
    expect(await auth.operators.signIn('A01', '123456')).toEqual({ operatorId: 'A01', name: '培训柜员', role: 'operator' });
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
    expect(auth.issuedRecoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(await auth.operators.signIn('admin', 'first-secret')).toMatchObject({ role: 'supervisor' });
  });

  it('answers an unknown id exactly as a wrong password, with the tries left', async () => {
    await open(true);
    const wrong = await code(auth.operators.signIn('A01', 'nope!!'));
    const unknown = await code(auth.operators.signIn('B02', 'nope!!'));
    expect(wrong).toBe('AUTH_INVALID:工号或密码错误，还可尝试 4 次（连续输错 5 次将锁定账号）');
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

  it('refuses a second account with the same id, a password against the rules, and a first account that is not a supervisor', async () => {
    await open(false);
    expect(await code(auth.operators.add({ id: 'B01', name: '张三', role: 'operator', password: 'secret-01' }, SYSTEM)))
      .toMatch(/^AUTH_FIRST_MUST_BE_SUPERVISOR/);
    await auth.operators.add({ id: 'S9', name: '李四', role: 'supervisor', password: 'secret-01' }, SYSTEM);
    expect(await code(auth.operators.add({ id: 'S9', name: 'x', role: 'operator', password: 'secret-02' }, SUP))).toMatch(/^AUTH_OPERATOR_EXISTS/);
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: 'abc1234' }, SUP)))
      .toBe('AUTH_PASSWORD_TOO_SHORT:密码至少需要 8 个字符');
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: '12345678' }, SUP)))
      .toBe('AUTH_PASSWORD_DIGITS_ONLY:密码不能全是数字，请加入字母或符号');
    expect(await code(auth.operators.add({ id: 'B0123456', name: 'x', role: 'operator', password: 'b0123456' }, SUP)))
      .toBe('AUTH_PASSWORD_SAME_AS_ID:密码不能与工号相同');
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: 'x'.repeat(257) }, SUP))).toMatch(/^AUTH_PASSWORD_TOO_LONG/);
    expect(await code(auth.operators.add({ id: 'B 1', name: 'x', role: 'operator', password: 'secret-03' }, SUP))).toMatch(/^INVALID_INPUT/);
    // Eight characters of any script count as eight, and digits with a letter are fine.
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: '柜员密码柜员密码' }, SUP))).toBe('ok');
    expect(await code(auth.operators.add({ id: 'B02', name: 'x', role: 'operator', password: '1234567a' }, SUP))).toBe('ok');
    expect(auth.operators.list().map((o) => o.operatorId)).toEqual(['B01', 'B02', 'S9']);
  });

  it('keeps the training demo passwords (exempt from the rules) but applies the rules to any other account there', async () => {
    await open(true);
    expect(await auth.operators.signIn('A01', '123456')).toMatchObject({ operatorId: 'A01' });
    expect(await code(auth.operators.add({ id: 'B01', name: 'x', role: 'operator', password: '123456' }, SUP))).toMatch(/^AUTH_PASSWORD_TOO_SHORT/);
  });

  it('re-hashes an N=2^15 hash at the next good sign-in: the hash changes, the same password still signs in, audited', async () => {
    // A journal an older program left with an N=2^15 hash (its account chained as it was at migration 7).
    const path = scratch.file('journal.sqlite');
    const old = await legacyHash('123456');
    legacyJournal(path, 6, (db) => {
      db.prepare("INSERT INTO operators (id, name, role, passwordHash, createdAt) VALUES ('A01', '柜员', 'operator', ?, '2024-01-01T00:00:00Z')").run(old);
    });
    journal = SqliteJournal.open(path, { training: false });
    auth = await openAuth(journal.path, { training: false });
    const db = new Database(journal.path);
    const stored = (): string => (db.prepare("SELECT passwordHash FROM operators WHERE id = 'A01'").get() as { passwordHash: string }).passwordHash;
    try {
      expect(await code(auth.operators.signIn('A01', 'wrong-pw'))).toMatch(/^AUTH_INVALID/);
      expect(stored()).toBe(old); // a wrong password upgrades nothing
      expect(await code(auth.operators.signIn('A01', '123456'))).toBe('ok');
      expect(stored()).not.toBe(old);
      expect(stored().split('$')[1]).toBe(String(2 ** 17));
      expect(await verifyPassword('123456', stored())).toBe(true);
      expect(await code(auth.operators.signIn('A01', '123456'))).toBe('ok');
    } finally {
      db.close();
    }
    const upgrades = auth.audit.list({ from: '2000-01-01', to: '2999-12-31', action: 'password-upgrade' });
    expect(upgrades).toEqual([expect.objectContaining({ operatorId: 'A01', target: 'A01', detail: { fromN: 2 ** 15, toN: 2 ** 17 } })]);
    expect(journal.verifyChains()).toMatchObject({ intact: true, breaks: [] }); // the upgrade is a chained change
  });

  it('disables an account (AUTH_DISABLED after the right password only), never the last usable supervisor; enables it again', async () => {
    await open(true);
    expect(auth.operators.disable('A01', SUP)).toMatchObject({ operatorId: 'A01', disabled: true });
    expect(await code(auth.operators.signIn('A01', 'wrong-pw'))).toMatch(/^AUTH_INVALID/);
    expect(await code(auth.operators.signIn('A01', '123456'))).toBe('AUTH_DISABLED:账号 A01 已停用，请联系主管');
    expect(await code(Promise.resolve().then(() => auth.operators.disable('S01', SUP)))).toMatch(/^AUTH_LAST_SUPERVISOR:不能停用 S01/);
    expect(auth.operators.enable('A01', SUP)).toMatchObject({ disabled: false });
    expect(await code(auth.operators.signIn('A01', '123456'))).toBe('ok');
    const actions = auth.audit.list({ from: '2000-01-01', to: '2999-12-31' }).map((e) => [e.action, e.detail.reason ?? null]).reverse();
    expect(actions.slice(-5)).toEqual([
      ['operator-disable', null], ['sign-in-failed', null], ['sign-in-failed', 'disabled'], ['operator-enable', null], ['sign-in', null],
    ]);
  });
});

/** A hash as the program made it before migration 4: N=2^15. */
async function legacyHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}
