import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/errors';
import type { AuditEntry } from '../../contract/ipc';
import { send } from '../../main/ipc/bridge-testing';
import { shot, signIn, type Served, openTrainingCounter, type TrainingCounter } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * Operators and roles in training mode, through browser mode in Chromium: sign-in with a password,
 * the page itself calling a supervisor channel as an operator (refused by main), lockout after five
 * wrong passwords, the supervisor's 审计日志 and unlock.
 */
let counter: TrainingCounter;
let served: Served;
let page: Page;

beforeAll(async () => {
  counter = await openTrainingCounter();
  ({ served, page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());

/** `window.counter.auditList(...)` run by the page's own script, as a tampered renderer would. */
function auditFromPage(): Promise<Result<AuditEntry[]>> {
  return page.evaluate(async (day) => {
    const api = (window as unknown as { counter: { auditList(q: object): Promise<Result<AuditEntry[]>> } }).counter;
    return api.auditList({ from: day, to: day });
  }, today());
}

async function typeSignIn(id: string, password: string): Promise<void> {
  await page.getByTestId('operator-input').fill(id);
  await page.getByTestId('password-input').fill(password);
  await page.getByTestId('password-input').press('Enter');
}

async function signOut(): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in').waitFor();
  expect(await page.getByTestId('status-operator').textContent()).toContain('未登录');
  expect(await page.getByTestId('sign-out').count()).toBe(0);
}

describe('operators and roles (training mode, browser)', () => {
  it('asks for id and password with the focus on the id; a wrong password says how many tries are left', async () => {
    await page.getByTestId('sign-in').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('operator-input');
    await typeSignIn('A01', 'wrong-1');
    const error = page.getByTestId('sign-in-error');
    await expect.poll(() => error.textContent()).toContain('还可尝试 4 次');
    await shot(page, 'auth-01-wrong-password');
    await typeSignIn('NOBODY', 'wrong-1');
    await expect.poll(() => error.textContent()).toContain('工号或密码错误'); // unknown id: the same words
  });

  it('signs in operator A01 with the role shown and no 审计日志; the page calling auditList is refused by main', async () => {
    await signIn(page, 'A01');
    expect(await page.getByTestId('status-operator').textContent()).toContain('A01');
    expect(await page.getByTestId('status-role').textContent()).toContain('柜员');
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    const res = await auditFromPage();
    expect(res).toMatchObject({ ok: false, code: 'AUTH_FORBIDDEN' });
    expect(res.ok ? '' : res.message).toContain('主管权限');
    // Straight to the bridge with the page's own session — its (HttpOnly) cookie and its tab's secret: the same gate.
    const cookie = (await page.context().cookies(served.origin)).map((c) => `${c.name}=${c.value}`).join('; ');
    const secret = (await page.evaluate(() => window.sessionStorage.getItem('counter-session-secret'))) ?? '';
    const raw = await send(served.origin, '/rpc/operatorUnlock', {
      method: 'POST', headers: { cookie, 'x-counter-session': secret, 'content-type': 'application/json' }, body: '{"operatorId":"A01"}',
    });
    expect(JSON.parse(raw.body)).toMatchObject({ ok: false, code: 'AUTH_FORBIDDEN' });
    await shot(page, 'auth-02-operator-signed-in');
  });

  it('signs out (audited); a supervisor sees 审计日志 with the refused and the failed attempts', async () => {
    await signOut();
    expect(await auditFromPage()).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
    await signIn(page, 'S01');
    expect(await page.getByTestId('status-role').textContent()).toContain('主管');
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.textContent()).toContain('退出登录');
    const text = (await table.textContent()) ?? '';
    for (const words of ['登录失败', 'NOBODY', 'A01', 'S01']) expect(text).toContain(words);
    // Each failure's detail as a sentence (main/auth writes {attempt} and {reason: 'unknown id', attempt}).
    expect(text).toContain('密码错误（连续第 1 次）');
    expect(text).toContain('工号不存在（连续第 1 次失败）');
    expect(text).not.toMatch(/[{}]/);
    await shot(page, 'auth-03-audit-log');
    const res = await auditFromPage();
    expect(res.ok).toBe(true);
    const actions = res.ok ? res.data.map((e) => `${e.action}:${e.target ?? ''}`) : [];
    expect(actions).toEqual(expect.arrayContaining(['sign-in-failed:A01', 'sign-in-failed:NOBODY', 'sign-in:A01', 'sign-out:A01', 'sign-in:S01']));
  });

  it('locks A01 on the 5th wrong password in a row; the supervisor unlocks it in 柜员管理; A01 signs in again', async () => {
    await signOut();
    // One failure was at the start, and the good sign-in since reset the count: five more in a row lock.
    const error = page.getByTestId('sign-in-error');
    for (let i = 1; i <= 4; i++) {
      await typeSignIn('A01', `bad-${i}`);
      await expect.poll(() => error.textContent()).toContain(`还可尝试 ${5 - i} 次`);
    }
    await typeSignIn('A01', 'bad-5');
    await expect.poll(() => error.textContent()).toContain('已锁定');
    await typeSignIn('A01', '123456');
    await expect.poll(() => error.textContent()).toContain('请联系主管解锁');
    await shot(page, 'auth-04-locked');

    await signIn(page, 'S01');
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('unlock-A01').click();
    await expect.poll(() => page.getByTestId('unlock-A01').count()).toBe(0);
    expect(await page.getByTestId('staff-table').textContent()).not.toContain('已锁定');
    await page.getByTestId('nav-audit').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('解除锁定');
    const log = (await page.getByTestId('audit-table').textContent()) ?? '';
    expect(log).toContain('连续第 5 次密码错误，账号已锁定');
    expect(log).toContain('账号已锁定，拒绝登录'); // the right password, refused while locked
    expect(log).toContain('解除锁定（此前连续 5 次密码错误）');
    await shot(page, 'auth-05-unlocked');
    await signOut();
    await signIn(page, 'A01');
    expect(await page.getByTestId('status-operator').textContent()).toContain('A01');
  });
});
