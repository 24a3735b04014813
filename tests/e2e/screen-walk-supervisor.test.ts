import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../../contract/format';
import { REPO_ROOT } from '../../main/app/renderer-build';
import { Effort, expectNothingCut, expectStyledDialog, lookAt, openWalk, type Walk } from '../support/walk';

/**
 * A supervisor's screens (主管 S01, training mode, 1366×768), every one looked at and its text checked:
 * 系统设置 with the POS and the card maximum (the training panel's 模拟 POS 签购单 usable after it, no settings.json
 * edited by hand), 柜员管理 (add, reset a password, disable, enable, unlock), 审计日志 with every action in words,
 * the confirmation of the supervisor's password, 需管理员处理, and 日结 — its confirmation, the carry-over and
 * reopening prompts — after which 读卡 says the day is closed before any amount is typed.
 */
let w: Walk;
let page: Page;
const EFFORTS = join(REPO_ROOT, 'artifacts', 'walk-efforts.md');
const today = (): string => businessDate(new Date());

beforeAll(async () => {
  w = await openWalk();
  ({ page } = w);
}, 120_000);
afterAll(async () => {
  await w?.close();
});

async function signInS01(): Promise<void> {
  await page.getByTestId('sign-in').waitFor();
  await page.getByTestId('operator-input').fill('S01');
  await page.getByTestId('password-input').fill('888888');
  await page.keyboard.press('Enter');
  await page.getByTestId('wizard').waitFor();
}
const box = () => page.locator('.el-message-box').last();

describe('the supervisor\'s screens', () => {
  it('系统设置: the POS and the card maximum are edited here; the POS waits for a restart', async () => {
    await signInS01();
    await lookAt(page, 'walk-sup-00-signed-in');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    await lookAt(page, 'walk-sup-01-settings');
    await page.getByTestId('set-pos-mode').selectOption('manual');
    await page.getByTestId('set-pos-merchant').fill('898620154110001');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-notes').textContent()).toContain('重启程序后生效');
    expect(await page.getByTestId('set-pos-mode').inputValue()).toBe('manual');
    await lookAt(page, 'walk-sup-02-settings-saved');
    expect(JSON.parse(readFileSync(join(w.home, 'settings.json'), 'utf8')).pos).toEqual({ mode: 'manual', merchantNo: '898620154110001' });
  });

  it('柜员管理: adds an account, resets a forgotten password, disables and enables, unlocks — each confirmed and audited', async () => {
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('staff-table').waitFor();
    await lookAt(page, 'walk-sup-03-staff');
    await page.getByTestId('staff-add').click();
    await page.getByTestId('staff-add-dialog').waitFor();
    await page.getByTestId('staff-new-id').fill('B07');
    await page.getByTestId('staff-new-name').fill('张三');
    await page.getByTestId('staff-new-password').fill('12345678');
    await page.getByTestId('staff-new-repeat').fill('12345678');
    await page.getByTestId('staff-add-save').click();
    await expect.poll(() => page.getByTestId('staff-form-error').textContent()).toContain('密码不能全是数字');
    await lookAt(page, 'walk-sup-04-staff-add');
    await page.getByTestId('staff-new-password').fill('teller-pass-7');
    await page.getByTestId('staff-new-repeat').fill('teller-pass-7');
    await page.getByTestId('staff-add-save').click();
    await page.getByTestId('staff-add-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('staff-table').textContent()).toContain('张三');

    for (let i = 0; i < 5; i++) await w.s.auth.operators.signIn('A01', `wrong-${i}`).catch(() => undefined); // A01 forgets the password
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('nav-staff').click();
    await expect.poll(() => page.getByTestId('staff-state-A01').textContent()).toContain('已锁定');
    await page.getByTestId('reset-A01').click();
    await page.getByTestId('staff-reset-dialog').waitFor();
    await lookAt(page, 'walk-sup-05-staff-reset');
    await page.getByTestId('staff-reset-password').fill('clerk-new-1');
    await page.getByTestId('staff-reset-repeat').fill('clerk-new-1');
    await page.getByTestId('staff-reset-save').click();
    await page.getByTestId('staff-reset-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('staff-state-A01').textContent()).toContain('正常');

    const before = await page.screenshot();
    await page.getByTestId('disable-B07').click();
    await expectStyledDialog(page, w.browser, before, 'walk-sup-06-confirm-disable');
    await box().getByRole('button', { name: '停用' }).click();
    await expect.poll(() => page.getByTestId('staff-state-B07').textContent()).toContain('已停用');
    await page.getByTestId('enable-B07').click();
    await expect.poll(() => page.getByTestId('staff-state-B07').textContent()).toContain('正常');
    for (let i = 0; i < 5; i++) await w.s.auth.operators.signIn('B07', `wrong-${i}`).catch(() => undefined);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('unlock-B07').click();
    await expect.poll(() => page.getByTestId('staff-state-B07').textContent()).toContain('正常');
    await expectNothingCut(page, page.getByTestId('staff-table'), '柜员管理');
    await lookAt(page, 'walk-sup-07-staff-done');
  });

  it('after a restart the POS is offered: the training panel\'s slip is typed in, one recharge by keyboard and one by mouse', async () => {
    await w.restart();
    ({ page } = w);
    await signInS01();
    w.s.training.insert('normal');
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
    for (const by of ['keyboard', 'mouse'] as const) {
      await page.getByTestId('training-slip-amount').fill('200.00');
      await page.getByTestId('training-slip').click(); // the simulated POS charges the card and prints a slip: the customer's and the POS's doing
      const line = (await page.getByTestId('training-slip-line').textContent()) ?? '';
      const m = /参考号 (\w{12}) · 凭证号 (\d{6}) · 终端号 (\w{8})/.exec(line);
      if (!m) throw new Error(`no slip: ${line}`);
      const [, reference = '', voucher = '', terminal = ''] = m;
      await page.getByTestId('read-card').focus(); // the clerk's hands back on the counter's keyboard / mouse
      const e = new Effort(page);
      const focusOn = (testId: string) => expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe(testId);
      if (by === 'keyboard') {
        await focusOn('read-card');
        await e.press('Enter');
        await page.getByTestId('card-summary').waitFor();
        await e.press('Enter');
        await page.getByTestId('step-amount').waitFor();
        await focusOn('amount-input');
        await e.type('200');
        await e.press('Tab');
        for (let i = 0; i < 3; i++) await e.press('ArrowRight');
        expect(await page.getByTestId('channel-pos').getAttribute('aria-checked')).toBe('true');
        await e.press('Enter');
        await page.getByTestId('amount-confirm').waitFor();
        await e.press('Enter');
        await page.getByTestId('pos-slip-form').waitFor();
        await focusOn('pos-reference');
        await lookAt(page, 'walk-sup-08-pay-pos');
        for (const [i, text] of [reference, voucher, terminal, '200.00'].entries()) {
          if (i > 0) await e.press('Tab');
          await e.type(text);
        }
        await e.press('Enter');
        await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
        await focusOn('result-new');
        await e.press('Enter');
      } else {
        await e.click(page.getByTestId('read-card'));
        await page.getByTestId('card-summary').waitFor();
        await e.click(page.getByTestId('to-amount'));
        await focusOn('amount-input');
        await e.type('200');
        await e.click(page.getByTestId('channel-pos'));
        await e.click(page.getByTestId('amount-next'));
        await e.click(page.getByTestId('amount-confirm-button'));
        await page.getByTestId('pos-slip-form').waitFor();
        await focusOn('pos-reference');
        for (const [id, text] of [['pos-reference', reference], ['pos-voucher', voucher], ['pos-terminal', terminal], ['pos-amount', '200.00']] as const) {
          if (id !== 'pos-reference') await e.click(page.getByTestId(id));
          await e.type(text);
        }
        await e.click(page.getByTestId('pos-submit'));
        await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
        await e.click(page.getByTestId('result-new'));
      }
      await page.getByTestId('step-read').waitFor();
      const row = `| supervisor | POS slip typed by hand, ${by} | ${e.summary()} |`;
      process.stdout.write(`[walk] ${row}\n`);
      appendFileSync(EFFORTS, `${row}\n`);
    }
  });

  it('审计日志: every action and its detail in words, the object a recharge is named by its card, not its id', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').locator('.el-table__row').first().waitFor();
    await lookAt(page, 'walk-sup-09-audit');
    const options = await page.getByTestId('audit-action').locator('option').allTextContents();
    expect(options).toContain('管理员处理');
    expect(options).toContain('重新打开当日');
    expect(options.join(' ')).not.toMatch(/UI_|_/);
  });

  it('asks for the supervisor\'s password again after 5 minutes', async () => {
    // Busy all along (no idle lock), but the password was given more than 5 minutes ago.
    w.later(3 * 60_000);
    await page.getByTestId('nav-pending').click();
    await page.getByTestId('view-pending').waitFor();
    w.later(3 * 60_000);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('reauth').waitFor();
    await lookAt(page, 'walk-sup-10-reauth');
    await page.getByTestId('reauth-password').fill('888888');
    await page.getByTestId('reauth-ok').click();
    await page.getByTestId('reauth').waitFor({ state: 'hidden' });
  });

  it('需管理员处理 with the supervisor\'s resolution dialog', async () => {
    w.s.training.sim.faults.fail('/confirm$', 1, 409);
    await page.getByTestId('nav-recharge').click();
    await page.getByTestId('read-card').click();
    await page.getByTestId('to-amount').click();
    await page.getByTestId('amount-input').fill('9');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    await page.getByTestId('pay-simulate').click();
    await expect.poll(() => page.getByTestId('step-result').getAttribute('data-state'), { timeout: 30_000 }).toBe('NEEDS_ADMIN');
    await page.getByTestId('result-new').click();
    await page.getByTestId('nav-pending').click();
    await page.getByTestId('needs-admin-resolve').first().click();
    await page.getByTestId('admin-dialog').waitFor();
    await lookAt(page, 'walk-sup-11-admin-resolve');
    await page.getByTestId('admin-close').click();
  });

  it('日结: the confirmation, the carry-over and reopening prompts styled; then 读卡 says the day is closed before any amount', async () => {
    await page.getByTestId('nav-dayend').click();
    await page.getByTestId('day-lines').waitFor();
    await expectNothingCut(page, page.getByTestId('view-dayend'), '日结');
    await lookAt(page, 'walk-sup-12-dayend');
    let before = await page.screenshot();
    await page.getByTestId('day-close').click();
    await expectStyledDialog(page, w.browser, before, 'walk-sup-13-confirm-day-close');
    expect(await box().textContent()).toContain(`确认对 ${today()} 进行日结`);
    await box().getByRole('button', { name: '取消' }).click();
    await box().waitFor({ state: 'hidden' });

    before = await page.screenshot();
    await page.getByTestId('day-carry-over').click();
    await expectStyledDialog(page, w.browser, before, 'walk-sup-14-prompt-carry-over');
    const input = box().locator('input');
    const inputBox = await input.boundingBox();
    const faceBox = await box().boundingBox();
    expect(inputBox && faceBox && inputBox.width < faceBox.width).toBe(true); // the note's field inside the box, not the page's width
    await input.fill('主机更正后明日处理');
    await box().locator('.el-button--primary').click();
    await page.getByTestId('day-closed').waitFor();
    await lookAt(page, 'walk-sup-15-day-closed');

    before = await page.screenshot();
    await page.getByTestId('day-reopen').click();
    await expectStyledDialog(page, w.browser, before, 'walk-sup-16-prompt-reopen');
    await box().locator('input').fill('补录一笔');
    await box().locator('.el-button--primary').click();
    await page.getByTestId('day-carry-over').waitFor();
    await page.getByTestId('day-carry-over').click();
    await box().locator('input').fill('主机更正后明日处理');
    await box().locator('.el-button--primary').click();
    await page.getByTestId('day-closed').waitFor();

    // The day is closed: 读卡 says so at once, and the amount step is never reached.
    await page.getByTestId('nav-recharge').click();
    await page.getByTestId('read-card').click();
    await page.getByTestId('read-day-closed').waitFor();
    expect(await page.getByTestId('read-day-closed').textContent()).toContain(`今日（${today()}）已日结`);
    expect(await page.getByTestId('to-amount').isDisabled()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('step-amount').count()).toBe(0);
    await lookAt(page, 'walk-sup-17-read-day-closed');

    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').locator('.el-table__row').first().waitFor();
    const text = (await page.getByTestId('audit-table').textContent()) ?? '';
    for (const want of ['重新打开当日', '补录一笔', '修改设置', 'POS 收款：不使用 POS → 手工录入签购单', '重置密码', '新增账号', '停用账号']) expect(text, want).toContain(want);
    await lookAt(page, 'walk-sup-18-audit-after');
  });
});
