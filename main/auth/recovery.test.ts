import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { SqliteJournal } from '../journal/sqlite-journal';
import { scratchDir } from '../journal/test-support';
import { openAuth, SYSTEM, type Auth } from './index';
import { newRecoveryCode, normalizeRecoveryCode } from './recovery';

let scratch: ReturnType<typeof scratchDir>;
let journal: SqliteJournal;
let auth: Auth;

async function open(training: boolean): Promise<Auth> {
  journal = SqliteJournal.open(scratch.file('journal.sqlite'), { training });
  auth = await openAuth(journal.path, { training });
  return auth;
}
async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
}
const actions = (): string[] => auth.audit.list({ from: '2000-01-01', to: '2999-12-31' }).map((e) => e.action).reverse();

beforeEach(() => { scratch = scratchDir(); });
afterEach(() => {
  auth?.close();
  journal?.close();
  scratch.remove();
});

describe('recovery codes', () => {
  it('are 4×5 Crockford base32, read leniently (case, dashes, spaces, O/I/L)', () => {
    const c = newRecoveryCode();
    expect(c).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(newRecoveryCode()).not.toBe(c);
    expect(normalizeRecoveryCode(` ${c.toLowerCase().replace(/-/g, ' ')} `)).toBe(c.replace(/-/g, ''));
    expect(normalizeRecoveryCode('O0IL1-22222-33333-44444')).toBe('00111222223333344444');
    expect(normalizeRecoveryCode('UUUUU-22222-33333-44444')).toBeNull(); // U is not in the alphabet
    expect(normalizeRecoveryCode('22222-33333-44444')).toBeNull();
  });
});

// Each scrypt (N=2^17) takes 0.4–1 s on a shared core, and these tests run dozens.
describe('supervisor recovery', { timeout: 120_000 }, () => {
  it('issues the code with the first supervisor, shown once and stored only as a scrypt hash', async () => {
    await open(false);
    const first = await auth.operators.add({ id: 'S01', name: '王主管', role: 'supervisor', password: 'first-secret' }, SYSTEM);
    expect(first.recoveryCode).toMatch(/^[0-9A-Z]{5}-/);
    const second = await auth.operators.add({ id: 'S02', name: '李主管', role: 'supervisor', password: 'other-secret' }, { operatorId: 'S01', role: 'supervisor' });
    expect(second.recoveryCode).toBeNull();
    const db = new Database(journal.path, { readonly: true });
    const rows = db.prepare('SELECT codeHash, issuedBy FROM recovery').all() as { codeHash: string; issuedBy: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.codeHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(rows[0]?.codeHash).not.toContain((first.recoveryCode ?? '').replace(/-/g, ''));
    expect(rows[0]?.issuedBy).toBe('system');
    expect(actions()).toEqual(['operator-add', 'recovery-code-issued', 'operator-add']);
  });

  it('unlocks the only supervisor, locked out, with a new password; the used code is refused after; wrong codes audited', async () => {
    await open(false);
    const { recoveryCode } = await auth.operators.add({ id: 'S01', name: '王主管', role: 'supervisor', password: 'first-secret' }, SYSTEM);
    await auth.operators.add({ id: 'B01', name: '张三', role: 'operator', password: 'teller-pass' }, { operatorId: 'S01', role: 'supervisor' });
    for (let i = 0; i < 5; i++) await code(auth.operators.signIn('S01', 'forgotten'));
    expect(auth.operators.get('S01')).toMatchObject({ locked: true });
    const used = recoveryCode ?? '';

    expect(await code(auth.operators.recover('S01', 'AAAAA-BBBBB-CCCCC-DDDDD', 'brand-new-pw'))).toBe('AUTH_RECOVERY_INVALID');
    expect(await code(auth.operators.recover('S01', used, 'short'))).toBe('AUTH_PASSWORD_TOO_SHORT'); // the code stays valid
    expect(await code(auth.operators.recover('B01', used, 'brand-new-pw'))).toBe('AUTH_RECOVERY_NOT_SUPERVISOR');
    expect(auth.operators.get('S01')).toMatchObject({ locked: true });

    const done = await auth.operators.recover('S01', used.toLowerCase(), 'brand-new-pw');
    expect(done.operator).toMatchObject({ operatorId: 'S01', locked: false, failedAttempts: 0 });
    expect(done.recoveryCode).toMatch(/^[0-9A-Z]{5}-/);
    expect(done.recoveryCode).not.toBe(used);
    expect(await code(auth.operators.signIn('S01', 'first-secret'))).toBe('AUTH_INVALID');
    expect(await code(auth.operators.signIn('S01', 'brand-new-pw'))).toBe('ok');

    expect(await code(auth.operators.recover('S01', used, 'another-new-pw'))).toBe('AUTH_RECOVERY_INVALID');
    expect(await code(auth.operators.signIn('S01', 'brand-new-pw'))).toBe('ok');
    expect(await code(auth.operators.recover('S01', done.recoveryCode ?? '', 'another-new-pw'))).toBe('ok');

    const log = actions();
    expect(log.filter((a) => a.startsWith('recovery'))).toEqual([
      'recovery-code-issued', 'recovery-failed', 'recovery-used', 'recovery-code-issued', 'recovery-failed', 'recovery-used', 'recovery-code-issued',
    ]);
    const failed = auth.audit.list({ from: '2000-01-01', to: '2999-12-31', action: 'recovery-failed' });
    expect(failed.map((e) => [e.operatorId, e.target, e.detail.wellFormed])).toEqual([['S01', 'S01', true], ['S01', 'S01', true]]);
  });

  it('a supervisor may replace the code: the old one stops working; training journals have none', async () => {
    await open(false);
    const { recoveryCode } = await auth.operators.add({ id: 'S01', name: '王主管', role: 'supervisor', password: 'first-secret' }, SYSTEM);
    const fresh = await auth.operators.recovery.issue({ operatorId: 'S01', role: 'supervisor' });
    expect(fresh).not.toBe(recoveryCode);
    expect(await code(auth.operators.recover('S01', recoveryCode ?? '', 'brand-new-pw'))).toBe('AUTH_RECOVERY_INVALID');
    expect(await code(auth.operators.recover('S01', fresh, 'brand-new-pw'))).toBe('ok');
    auth.close();
    journal.close();
    scratch.remove();
    scratch = scratchDir();
    await open(true);
    expect(auth.operators.recovery.exists()).toBe(false);
    expect(await code(auth.operators.recover('S01', fresh, 'brand-new-pw'))).toBe('AUTH_RECOVERY_NONE');
  });
});
