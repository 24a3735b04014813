import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PendingItem } from '../../contract/ipc';
import { REPO_ROOT } from '../../main/app/renderer-build';
import { counterData, shot } from '../support/e2e';
import { Effort, expectNothingCut, expectOneLine, expectStyledDialog, lookAt, openWalk, VIEWPORT, type Walk } from '../support/walk';

/**
 * A clerk's day at the counter (柜员 A01, training mode, 1366×768), every screen looked at and its text checked:
 * sign-in, 读卡 (a good card, a refused one, a card near its maximum), the amount and its confirmation, each way
 * to pay, the write and its result (success, a card pulled mid-load, 需管理员), 卡片检测, 待处理, 充值记录 and its
 * dialogs, 日结, the confirmations (leave with a live QR code, cancel the order, sign out), 修改密码, the lock
 * screen. Clicks and keys for one recharge by each way are counted and written to artifacts/walk-efforts.md.
 */
let w: Walk;
let page: Page;
const EFFORTS = join(REPO_ROOT, 'artifacts', 'walk-efforts.md');
const GROUPED = '6201 0000 0000 0000 0001';

beforeAll(async () => {
  w = await openWalk();
  ({ page } = w);
  mkdirSync(join(REPO_ROOT, 'artifacts'), { recursive: true });
}, 120_000);
afterAll(async () => {
  await w?.close();
});
// What the screen showed when a step failed: the walk goes on from it, so the first failure's picture explains the rest.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await shot(page, `walk-clerk-failed-${ctx.task.name.slice(0, 24).replace(/[^\w\u4e00-\u9fff]+/g, '-')}`).catch(() => undefined);
});

const noteEffort = (what: string, e: Effort): void => {
  const line = `| clerk | ${what} | ${e.summary()} |`;
  process.stdout.write(`[walk] ${line}\n`);
  appendFileSync(EFFORTS, `${line}\n`);
};
async function insert(profile: string): Promise<void> {
  await page.getByTestId(`insert-${profile}`).click();
  await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
}
/** The customer hands the card over and it goes on the reader: no click on the screen (the keyboard keeps its focus). */
async function cardOnReader(profile = 'normal'): Promise<void> {
  w.s.training.insert(profile);
  await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
}
const hostFaults = () => w.s.training.sim.faults;
/** The clerk sees where the keyboard is before pressing a key: the focus on `testId`. */
const focusOn = (testId: string) => expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe(testId);
/** The customer pays on the phone (the training button stands in for it: not the clerk's effort). */
async function customerPays(): Promise<void> {
  await page.getByTestId('pay-simulate').click();
}
async function atRead(): Promise<void> {
  if (await page.getByTestId('result-new').isVisible()) await page.getByTestId('result-new').click();
  await page.getByTestId('step-read').waitFor();
}
const inView = async (testId: string): Promise<boolean> => {
  const b = await page.getByTestId(testId).boundingBox();
  return b !== null && b.y >= 0 && b.y + b.height <= VIEWPORT.height && b.x >= 0 && b.x + b.width <= VIEWPORT.width;
};

describe('the clerk\'s screens, one after the other', () => {
  it('signs in (登录, never 签到)', async () => {
    await page.getByTestId('sign-in').waitFor();
    await lookAt(page, 'walk-clerk-00-sign-in');
    expect(await page.getByTestId('sign-in').textContent()).toContain('柜员登录');
    await page.getByTestId('operator-input').fill('A01');
    await page.getByTestId('password-input').fill('123456');
    await page.keyboard.press('Enter');
    await page.getByTestId('wizard').waitFor();
    await lookAt(page, 'walk-clerk-01-read-empty');
  });

  it('one recharge by WeChat QR, by keyboard: the card, the amount, its confirmation (plate and card in sight), the QR, the result', async () => {
    await cardOnReader();
    await focusOn('read-card');
    const e = new Effort(page);
    await e.press('Enter'); // 读卡 has the focus
    await page.getByTestId('card-summary').waitFor();
    await lookAt(page, 'walk-clerk-02-read-card');
    await e.press('Enter');
    await page.getByTestId('step-amount').waitFor();
    await focusOn('amount-input');
    await e.type('150');
    expect(await page.getByTestId('amount-room').textContent()).toMatch(/本卡最多还可充 ¥[\d,]+\.\d\d/);
    await lookAt(page, 'walk-clerk-03-amount');
    await e.press('Enter');
    await page.getByTestId('amount-confirm').waitFor();
    // The moment the manual asks to check the card: plate and card number in the box, the box and its button in sight at 1366×768.
    expect(await page.getByTestId('confirm-card-no').textContent()).toBe(GROUPED);
    expect(await page.getByTestId('confirm-plate').textContent()).toContain('甘A12345');
    for (const id of ['confirm-card-no', 'confirm-plate', 'confirm-amount', 'amount-confirm-button']) expect(await inView(id), id).toBe(true);
    expect(await page.getByTestId('amount-confirm-button').textContent()).toContain('确认并生成支付二维码');
    await lookAt(page, 'walk-clerk-04-amount-confirm');
    await e.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    expect(await page.getByTestId('step-pay').textContent()).toContain('支付二维码有效至');
    await lookAt(page, 'walk-clerk-05-pay-qr');
    await customerPays();
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    await lookAt(page, 'walk-clerk-06-result');
    await focusOn('result-new');
    await e.press('Enter'); // 下一位客户 has the focus
    await page.getByTestId('step-read').waitFor();
    expect(e.clicks).toBe(0);
    noteEffort('QR WeChat, keyboard', e);
  });

  it('by Alipay QR, by keyboard: Tab to the ways, an arrow to 支付宝, Enter goes on from there', async () => {
    await focusOn('read-card');
    const e = new Effort(page);
    await e.press('Enter');
    await page.getByTestId('card-summary').waitFor();
    await e.press('Enter');
    await page.getByTestId('step-amount').waitFor();
    await focusOn('amount-input');
    await e.type('20');
    await e.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('channel-wechat');
    await e.press('ArrowRight');
    expect(await page.getByTestId('channel-alipay').getAttribute('aria-checked')).toBe('true');
    await e.press('Enter'); // 支付宝 chosen: Enter goes on, as 下一步
    await page.getByTestId('amount-confirm').waitFor();
    expect(await page.getByTestId('confirm-way').textContent()).toBe('支付宝扫码');
    await e.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    await customerPays();
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    await focusOn('result-new');
    await e.press('Enter');
    await page.getByTestId('step-read').waitFor();
    noteEffort('QR Alipay, keyboard', e);
  });

  it('by the customer\'s payment code, by keyboard (the scanner types the code)', async () => {
    await focusOn('read-card');
    const e = new Effort(page);
    await e.press('Enter');
    await page.getByTestId('card-summary').waitFor();
    await e.press('Enter');
    await page.getByTestId('step-amount').waitFor();
    await focusOn('amount-input');
    await e.type('30');
    await e.press('Tab');
    await e.press('ArrowRight');
    await e.press('ArrowRight');
    await e.press('Enter');
    await page.getByTestId('amount-confirm').waitFor();
    expect(await page.getByTestId('confirm-way').textContent()).toBe('付款码');
    await e.press('Enter');
    await page.getByTestId('step-pay-code').waitFor();
    await focusOn('pay-code-input');
    await lookAt(page, 'walk-clerk-07-pay-code');
    await page.keyboard.type('134512345678900001', { delay: 5 }); // the scanner, not the clerk
    await page.keyboard.press('Enter');
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
    await focusOn('result-new');
    await e.press('Enter');
    await page.getByTestId('step-read').waitFor();
    noteEffort('付款码 (payment code), keyboard — the scanner types the code and Enter', e);
  });

  it('the same three by mouse', async () => {
    for (const [way, amount] of [['wechat', '11'], ['alipay', '12'], ['code', '13']] as const) {
      const e = new Effort(page);
      await e.click(page.getByTestId('read-card'));
      await page.getByTestId('card-summary').waitFor();
      await e.click(page.getByTestId('to-amount'));
      await page.getByTestId('step-amount').waitFor();
      await focusOn('amount-input');
      await e.type(amount); // the amount field has the focus
      if (way !== 'wechat') await e.click(page.getByTestId(`channel-${way}`));
      await e.click(page.getByTestId('amount-next'));
      await e.click(page.getByTestId('amount-confirm-button'));
      if (way === 'code') {
        await page.getByTestId('step-pay-code').waitFor();
        await focusOn('pay-code-input');
        await page.keyboard.type(`13451234567890000${amount.slice(-1)}`, { delay: 5 });
        await page.keyboard.press('Enter');
      } else {
        await page.getByTestId('pay-qr').waitFor();
        await customerPays();
      }
      await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
      await e.click(page.getByTestId('result-new'));
      await page.getByTestId('step-read').waitFor();
      noteEffort(`${way === 'code' ? '付款码 (payment code)' : `QR ${way === 'wechat' ? 'WeChat' : 'Alipay'}`}, mouse${way === 'code' ? ' — the scanner types the code and Enter' : ''}`, e);
    }
  });

  it('shows keyboard focus as a ring a person sees on the dark-blue buttons (3 px or more, contrast 3:1 or more)', async () => {
    await page.getByTestId('read-card').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab'); // focus by keyboard: :focus-visible
    const ring = await page.getByTestId('read-card').evaluate((el) => {
      const cs = getComputedStyle(el);
      const page = getComputedStyle(el.closest('.panel') ?? document.body).backgroundColor;
      return { width: parseFloat(cs.outlineWidth), style: cs.outlineStyle, color: cs.outlineColor, offset: parseFloat(cs.outlineOffset), page, button: cs.backgroundColor };
    });
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string): number => {
      const [r = 0, g = 0, b = 0] = rgb(c).map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string): number => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return ((x ?? 0) + 0.05) / ((y ?? 0) + 0.05); };
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(3);
    expect(ring.offset).toBeGreaterThanOrEqual(1); // set off from the button: it lies on the panel, not on the blue
    expect(contrast(ring.color, ring.page), `${ring.color} on ${ring.page}`).toBeGreaterThanOrEqual(3);
  });

  it('refuses an account card at 读卡, and an amount over what a card near its maximum may still take', async () => {
    await insert('account');
    await page.getByTestId('read-card').click();
    await page.getByTestId('card-refused').waitFor();
    await lookAt(page, 'walk-clerk-08-read-refused');
    await insert('near-max');
    await page.getByTestId('read-card').click();
    await page.getByTestId('card-summary').waitFor();
    await page.getByTestId('to-amount').click();
    await page.getByTestId('channel-alipay').click();
    await page.keyboard.press('Tab'); // from the chosen way, one Tab reaches 下一步
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('amount-next');
    await page.getByTestId('channel-wechat').click();
    const room = (await page.getByTestId('amount-room').textContent()) ?? '';
    expect(room).toMatch(/本卡最多还可充 ¥/);
    await page.getByTestId('amount-input').fill('5000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('amount-error').textContent()).toMatch(/本卡最多还可充 ¥[\d,.]+，请减少充值金额/);
    expect(await page.getByTestId('amount-confirm').count()).toBe(0); // refused before any payment
    await lookAt(page, 'walk-clerk-09-amount-over-room');
    await page.keyboard.press('Escape');
    await insert('normal');
  });

  it('asks before leaving a live QR code, before cancelling the order (and says it is cancelled), and before signing out with it', async () => {
    await page.getByTestId('read-card').click();
    await page.getByTestId('to-amount').click();
    await page.getByTestId('amount-input').fill('8');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    let before = await page.screenshot();
    await page.getByTestId('nav-pending').click();
    await expectStyledDialog(page, w.browser, before, 'walk-clerk-10-confirm-leave-qr');
    expect(await page.locator('.el-message-box').textContent()).toContain('支付二维码仍有效');
    await page.locator('.el-message-box').getByRole('button', { name: '留在此页' }).click();
    await page.locator('.el-message-box').waitFor({ state: 'hidden' });

    before = await page.screenshot();
    await page.getByTestId('sign-out').click();
    await expectStyledDialog(page, w.browser, before, 'walk-clerk-11-confirm-sign-out-qr');
    await page.locator('.el-message-box').getByRole('button', { name: '留在此页' }).click();
    await page.locator('.el-message-box').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('step-pay').isVisible()).toBe(true);

    before = await page.screenshot();
    await page.getByTestId('pay-cancel').click();
    await expectStyledDialog(page, w.browser, before, 'walk-clerk-12-confirm-cancel-order');
    await page.locator('.el-message-box').getByRole('button', { name: '取消订单' }).click();
    await page.getByTestId('step-read').waitFor();
    await expect.poll(() => page.locator('.el-message').last().textContent()).toContain('订单已取消，未收款');
    await lookAt(page, 'walk-clerk-13-order-cancelled');
  });

  it('shows the write, and a card pulled mid-load: 圈存未完成 with what to do; 充值记录 calls it 未圈存 without a refund slip', async () => {
    await page.getByTestId('read-card').click();
    await page.getByTestId('to-amount').click();
    await page.getByTestId('amount-input').fill('66');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    hostFaults().delay(3000); // the host answers slowly: time to see the write, and to pull the card during it
    await customerPays();
    await page.getByTestId('step-write').waitFor({ timeout: 20_000 });
    await lookAt(page, 'walk-clerk-14-write');
    await page.getByTestId('training-remove').click(); // the training panel works whatever is on the screen
    await page.getByTestId('result-failed').waitFor({ timeout: 30_000 });
    hostFaults().delay(0);
    expect(await page.getByTestId('result-next-step').textContent()).toContain('同一张卡');
    expect(await page.getByTestId('refund-slip-print').count()).toBe(0); // the money can still be loaded: no refund slip
    await lookAt(page, 'walk-clerk-15-result-card-pulled');
    await page.getByRole('button', { name: '前往待处理' }).click();
    await page.getByTestId('pending-table').waitFor();
  });

  it('lists the unfinished work in 待处理, nothing cut at 1366 wide, and its refund slip only for money going back', async () => {
    await expect.poll(async () => (await counterData<PendingItem[]>(page, 'pending')).length).toBeGreaterThan(0);
    await page.getByTestId('pending-card-no').first().waitFor();
    await expectNothingCut(page, page.getByTestId('pending-table'), '待处理');
    await lookAt(page, 'walk-clerk-16-pending');
  });

  it('a card with unfinished work is stopped at 读卡; a load the host will not confirm goes to 需管理员', async () => {
    await insert('normal');
    await page.getByTestId('nav-recharge').click();
    await atRead();
    // The card pulled before: its recharge is finished first (rule 3) — 读卡 says so and offers it.
    await page.getByTestId('read-card').click();
    await page.getByTestId('card-blocked').waitFor();
    expect(await page.getByTestId('to-amount').isDisabled()).toBe(true);
    await lookAt(page, 'walk-clerk-17-read-blocked');
    // Another card (the dual-algorithm one) goes on; the host refuses to confirm its load.
    await insert('sm4');
    hostFaults().fail('/confirm$', 1, 409);
    await page.getByTestId('read-card').click();
    await page.getByTestId('to-amount').click();
    await page.getByTestId('amount-input').fill('12.34');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    await customerPays();
    await expect.poll(() => page.getByTestId('step-result').getAttribute('data-state'), { timeout: 30_000 }).toBe('NEEDS_ADMIN');
    await lookAt(page, 'walk-clerk-18-result-needs-admin');
    await page.getByTestId('result-new').click();
    await page.getByTestId('nav-pending').click();
    await page.getByTestId('needs-admin-table').locator('.card-no').first().waitFor();
    await expectNothingCut(page, page.getByTestId('needs-admin-table'), '需管理员处理');
    await lookAt(page, 'walk-clerk-19-pending-needs-admin');
  });

  it('卡片检测 shows the card and its last loads', async () => {
    await page.getByTestId('nav-check').click();
    await page.getByTestId('check-read').click();
    await page.getByTestId('check-transactions').waitFor();
    await lookAt(page, 'walk-clerk-20-card-check');
  });

  it('充值记录: a plate typed in lower case finds the card, the window counted as the issuer counts, tables that fit, dialogs over which the training panel still works', async () => {
    await page.getByTestId('nav-records').click();
    await page.getByTestId('records-plate').fill('甘a 12345');
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('records-table').locator('.el-table__body-wrapper .el-table__row').count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('records-plate').inputValue()).toBe('甘A12345');
    const colours = await page.getByTestId('records-color').locator('option').allTextContents();
    expect(colours.length, colours.join(' ')).toBe(new Set(colours).size); // 蓝白渐变 once
    expect(await page.getByTestId('records-table').textContent()).toContain('微信付款码'); // a payment code is not 微信支付
    expect(await page.getByTestId('records-table').textContent()).not.toContain('其他终端或渠道'); // this terminal's own rows
    await expectNothingCut(page, page.getByTestId('records-table'), '充值记录');
    await expectOneLine(page, '[data-test="records-table"] .mono', '充值记录');
    await lookAt(page, 'walk-clerk-21-records');

    // The load cut short: 未圈存, said why, with 圈存 — and no refund slip while it can still be loaded.
    expect(await page.getByTestId('record-cut').first().textContent()).toContain('写卡中断');
    await page.getByTestId('insert-sm4').click();
    const load = page.locator('.record-load').first();
    await load.click();
    await page.getByTestId('record-load-dialog').waitFor();
    await page.getByTestId('insert-normal').click({ timeout: 3000 }); // the dialog asks for the card: the panel is not blocked
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
    await lookAt(page, 'walk-clerk-22-records-load-dialog');
    await page.getByTestId('record-load-confirm').click();
    await page.getByTestId('record-load-done').waitFor({ timeout: 30_000 });
    await lookAt(page, 'walk-clerk-22b-records-loaded');
    await page.getByTestId('record-load-close').click();
    await page.getByTestId('record-load-dialog').waitFor({ state: 'hidden' });

    const paper = page.locator('[data-test^="record-paper-"]').first();
    await paper.click();
    await page.getByTestId('record-paper-dialog').waitFor();
    await lookAt(page, 'walk-clerk-23-records-paper-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('record-paper-dialog').waitFor({ state: 'hidden' });

    // 11-06 → 12-07 are 31 days apart: refused, in the issuer's words; 11-07 → 12-07 pass.
    const date = async (id: string, value: string) => {
      const input = page.getByTestId(id).locator('input');
      await input.fill(value);
      await input.press('Enter');
    };
    await date('records-from', '2026-11-06');
    await date('records-to', '2026-12-07');
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('records-error').textContent()).toContain('开始日期与结束日期最多相隔 30 天（现相隔 31 天）');
    await lookAt(page, 'walk-clerk-24-records-window');
    await date('records-from', '2026-11-07');
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('records-error').count()).toBe(0);
  });

  it('日结 as a clerk sees it: the report, no close button', async () => {
    await page.getByTestId('nav-dayend').click();
    await page.getByTestId('day-lines').waitFor();
    expect(await page.getByTestId('day-close').count()).toBe(0);
    await lookAt(page, 'walk-clerk-25-dayend');
  });

  it('修改密码 from the status bar, for everyone', async () => {
    await page.getByTestId('password-change').click();
    await page.getByTestId('password-dialog').waitFor();
    await lookAt(page, 'walk-clerk-26-password');
    await page.getByTestId('pw-current').fill('wrong-one');
    await page.getByTestId('pw-new').fill('clerk-pass-1');
    await page.getByTestId('pw-repeat').fill('clerk-pass-1');
    await page.getByTestId('pw-save').click();
    await expect.poll(() => page.getByTestId('pw-error').textContent()).toContain('当前密码不正确');
    await page.getByTestId('pw-current').fill('123456');
    await page.getByTestId('pw-save').click();
    await page.getByTestId('password-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.el-message').last().textContent()).toContain('密码已修改');
  });

  it('the lock screen after the idle minutes, unlocked with the new password', async () => {
    w.later(6 * 60_000);
    await page.getByTestId('nav-pending').click(); // main answers SESSION_LOCKED: the lock screen covers everything
    await page.getByTestId('lock-screen').waitFor({ timeout: 15_000 });
    await lookAt(page, 'walk-clerk-27-locked');
    await page.getByTestId('lock-password').fill('clerk-pass-1');
    await page.keyboard.press('Enter');
    await page.getByTestId('lock-screen').waitFor({ state: 'hidden' });
  });
});
