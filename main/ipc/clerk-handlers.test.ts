import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../../contract/format';
import { SettingsSchema } from '../../contract/settings';
import { composeTraining, type TrainingServices } from '../compose/training';
import { ChromiumPrinter } from '../print/chromium-printer';
import { registerIpc, type Registration } from './register';
import { MemoryIpc } from './testing';

/**
 * 读卡's business day, 柜员管理 and 修改密码 through the IPC gate over training services, as the windows call
 * them: an operator's window (1) and a supervisor's (2). Roles are main's; every change is audited.
 */
let services: TrainingServices;
let ipc: MemoryIpc;
let reg: Registration;
const OPERATOR = 1;
const SUPERVISOR = 2;

beforeAll(async () => {
  services = await composeTraining({ settings: SettingsSchema.parse({}), dataDir: mkdtempSync(join(tmpdir(), 'clerk-')), printer: new ChromiumPrinter() });
  ipc = new MemoryIpc();
  reg = registerIpc(ipc, services, { isTrustedSender: () => true, emit: () => undefined });
  await ipc.ok('signIn', { operatorId: 'A01', password: '123456' }, OPERATOR);
  await ipc.ok('signIn', { operatorId: 'S01', password: '888888' }, SUPERVISOR);
}, 60_000);
afterAll(async () => {
  reg?.dispose();
  await services?.close();
});

const code = async (p: Promise<{ ok: boolean; code?: string; message?: string }>): Promise<string> => {
  const r = await p;
  return r.ok ? 'ok' : `${r.code}:${r.message}`;
};
const actions = async (): Promise<string[]> =>
  (await ipc.ok('auditList', { from: businessDate(new Date()), to: businessDate(new Date()) }, SUPERVISOR)).map((e) => `${e.action}:${e.target ?? ''}`);

describe('the business day at 读卡', () => {
  it('answers today\'s Beijing date and whether its 日结 is done; main refuses a recharge on a closed day all the same', async () => {
    const today = businessDate(services.clock.now());
    expect(await ipc.ok('businessDay', {}, OPERATOR)).toEqual({ date: today, closed: false });
    await ipc.ok('dayClose', { date: today }, SUPERVISOR);
    expect(await ipc.ok('businessDay', {}, OPERATOR)).toEqual({ date: today, closed: true });
    services.training?.insert('normal');
    await ipc.ok('readCard', {}, OPERATOR);
    expect(await code(ipc.call('rechargeStart', { amountFen: 1000, channel: 'wechat' }, OPERATOR))).toMatch(/^DAY_CLOSED:/);
    await ipc.ok('dayReopen', { date: today, note: '测试重新打开' }, SUPERVISOR);
    expect((await ipc.ok('businessDay', {}, OPERATOR)).closed).toBe(false);
  }, 60_000);
});

describe('柜员管理 (supervisors) and 修改密码 (everyone), audited', () => {
  it('refuses every staff call to an operator, in main, and changes nothing', async () => {
    for (const [name, req] of [
      ['operatorAdd', { operatorId: 'B09', name: '李四', role: 'operator', password: 'teller-pass-1' }],
      ['operatorDisable', { operatorId: 'S01' }], ['operatorEnable', { operatorId: 'S01' }],
      ['operatorResetPassword', { operatorId: 'S01', newPassword: 'taken-over-1' }],
    ] as const) {
      expect(await code(ipc.call(name, req, OPERATOR)), name).toMatch(/^AUTH_FORBIDDEN:/);
    }
    expect((await ipc.ok('operatorList', {}, SUPERVISOR)).map((o) => o.operatorId)).toEqual(['A01', 'S01']);
  });

  it('adds an account under the password rules, disables and enables it (never the last supervisor), each audited', async () => {
    const weak = await code(ipc.call('operatorAdd', { operatorId: 'B07', name: '张三', role: 'operator', password: '12345678' }, SUPERVISOR));
    expect(weak).toBe('AUTH_PASSWORD_DIGITS_ONLY:密码不能全是数字，请加入字母或符号');
    expect(await ipc.ok('operatorAdd', { operatorId: 'B07', name: '张三', role: 'operator', password: 'teller-pass-1' }, SUPERVISOR))
      .toMatchObject({ operatorId: 'B07', name: '张三', role: 'operator', disabled: false });
    expect(await ipc.ok('operatorDisable', { operatorId: 'B07' }, SUPERVISOR)).toMatchObject({ disabled: true });
    expect(await code(ipc.call('signIn', { operatorId: 'B07', password: 'teller-pass-1' }, 3))).toMatch(/^AUTH_DISABLED:/);
    expect(await ipc.ok('operatorEnable', { operatorId: 'B07' }, SUPERVISOR)).toMatchObject({ disabled: false });
    expect(await code(ipc.call('operatorDisable', { operatorId: 'S01' }, SUPERVISOR))).toMatch(/^AUTH_LAST_SUPERVISOR:/);
    expect(await actions()).toEqual(expect.arrayContaining(['operator-add:B07', 'operator-disable:B07', 'operator-enable:B07']));
  }, 120_000);

  it('changes one\'s own password only with the current one (a wrong one counts and is audited), never to the same or a weak one', async () => {
    const wrong = await code(ipc.call('passwordChange', { currentPassword: 'not-it', newPassword: 'new-secret-1' }, OPERATOR));
    expect(wrong).toBe('AUTH_PASSWORD_CURRENT_WRONG:当前密码不正确，还可尝试 4 次（连续输错 5 次将锁定账号）');
    expect(await code(ipc.call('passwordChange', { currentPassword: '123456', newPassword: 'short' }, OPERATOR))).toMatch(/^AUTH_PASSWORD_TOO_SHORT:/);
    expect(await ipc.ok('passwordChange', { currentPassword: '123456', newPassword: 'new-secret-1' }, OPERATOR)).toBeNull();
    expect(await code(ipc.call('signIn', { operatorId: 'A01', password: '123456' }, 4))).toMatch(/^AUTH_INVALID:/);
    expect(await ipc.ok('signIn', { operatorId: 'A01', password: 'new-secret-1' }, 4)).toMatchObject({ operatorId: 'A01' });
    expect((await ipc.ok('operatorList', {}, SUPERVISOR)).find((o) => o.operatorId === 'A01')?.failedAttempts).toBe(0);
    const log = await ipc.ok('auditList', { from: businessDate(new Date()), to: businessDate(new Date()), action: 'password-change' }, SUPERVISOR);
    expect(log.map((e) => [e.operatorId, e.target, e.detail])).toEqual([
      ['A01', 'A01', {}], ['A01', 'A01', { wrongCurrent: true, attempt: 1 }],
    ]);
  }, 120_000);

  it('resets a forgotten password and lifts the lockout; never one\'s own (修改密码 is for that)', async () => {
    for (let i = 0; i < 5; i++) await ipc.call('signIn', { operatorId: 'B07', password: `wrong-${i}` }, 5);
    expect((await ipc.ok('operatorList', {}, SUPERVISOR)).find((o) => o.operatorId === 'B07')?.locked).toBe(true);
    expect(await code(ipc.call('operatorResetPassword', { operatorId: 'S01', newPassword: 'self-reset-1' }, SUPERVISOR)))
      .toBe('AUTH_RESET_OWN:不能重置本人的密码，请用“修改密码”');
    expect(await ipc.ok('operatorResetPassword', { operatorId: 'B07', newPassword: 'fresh-pass-7' }, SUPERVISOR)).toMatchObject({ locked: false, failedAttempts: 0 });
    expect(await ipc.ok('signIn', { operatorId: 'B07', password: 'fresh-pass-7' }, 5)).toMatchObject({ operatorId: 'B07' });
    const reset = await ipc.ok('auditList', { from: businessDate(new Date()), to: businessDate(new Date()), action: 'password-reset' }, SUPERVISOR);
    expect(reset.map((e) => [e.operatorId, e.target, e.detail])).toEqual([['S01', 'B07', { wasLocked: true, failedAttempts: 5 }]]);
  }, 120_000);
});
