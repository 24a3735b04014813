import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCard, shot, signIn, typeAmount, openTrainingCounter, type TrainingCounter } from '../support/e2e';

/**
 * The counter in training mode (培训模式), driven in Chromium through browser mode exactly as an operator
 * would: keyboard first, the manual's labels, the simulated card panel and 模拟扫码支付.
 */
let counter: TrainingCounter;
let page: Page;
/** The normal training card (sim/fixtures/cards/normal.json) as staff read it: in groups of four. */
const CARD_NO_GROUPED = '6201 0000 0000 0000 0001';

beforeAll(async () => {
  counter = await openTrainingCounter();
  ({ page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

async function insert(profileId: string) {
  await page.getByTestId(`insert-${profileId}`).click();
  await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
}

describe('training mode in the browser', () => {
  it('marks every screen as training and asks the operator to sign in', async () => {
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('training-badge').textContent()).toContain('培训模式');
    await shot(page, '00-sign-in');
    await signIn(page, 'A01');
    expect(await page.getByTestId('status-operator').textContent()).toContain('A01');
    expect(await page.getByTestId('status-training').isVisible()).toBe(true);
  });

  it.each([['account', '记账卡'], ['expired', '有效期']])('refuses the %s card at 读卡 with the reason', async (profile, words) => {
    await insert(profile);
    await readCard(page);
    expect(await page.getByTestId('card-refused').textContent()).toContain(words);
    expect(await page.getByTestId('to-amount').isDisabled()).toBe(true);
    await page.keyboard.press('Enter'); // Enter reads again instead of going on
    expect(await page.getByTestId('step-read').isVisible()).toBe(true);
    await shot(page, `01-read-${profile}-card-refused`);
    await page.getByTestId('training-remove').click();
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('无卡');
  });

  it('runs a full recharge: 读卡 → amount → 在线支付 → 圈存 → result, with a screenshot of each step', async () => {
    await insert('normal');
    await readCard(page);
    const before = await page.getByTestId('card-balance').textContent();
    expect(await page.getByTestId('plate').textContent()).toMatch(/甘/);
    expect(await page.getByTestId('card-no').textContent()).toBe(CARD_NO_GROUPED);
    await shot(page, '10-step-read');

    await page.keyboard.press('Enter'); // card loadable: Enter proceeds
    await page.getByTestId('step-amount').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('amount-input');
    expect(await page.getByTestId('amount-card-no').textContent()).toBe(CARD_NO_GROUPED);
    await typeAmount(page, '150.50');
    await page.getByTestId('amount-confirm').waitFor();
    expect(await page.getByTestId('amount-confirm').textContent()).toContain('壹佰伍拾元伍角整');
    await shot(page, '11-step-amount-confirm');

    await page.keyboard.press('Enter');
    await page.getByTestId('step-pay').waitFor();
    await page.getByTestId('pay-qr').waitFor();
    expect(await page.getByTestId('pay-amount').textContent()).toContain('150.50');
    expect(await page.getByTestId('pay-card-no').textContent()).toBe(CARD_NO_GROUPED);
    await shot(page, '12-step-pay');

    await page.getByTestId('pay-simulate').click();
    await page.getByTestId('step-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('result-success').waitFor();
    expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
    const after = await page.getByTestId('result-after').textContent();
    expect(yuanOf(after) - yuanOf(before)).toBeCloseTo(150.5, 2);
    expect(await page.getByTestId('result-card').textContent()).toContain(CARD_NO_GROUPED);
    await shot(page, '14-step-result');

    await page.getByTestId('result-new').click();
    await page.getByTestId('step-read').waitFor();
    expect(await page.getByTestId('step-read').textContent()).toContain('请将用户卡放在读卡器上');
    expect(await page.getByTestId('card-summary').count()).toBe(0); // the next customer starts from an empty 读卡
  });

  it('shows the load among the card\'s last transactions in 卡片检测, and in 充值记录', async () => {
    await page.getByTestId('nav-check').click();
    expect(await page.getByTestId('view-check').textContent()).toContain('卡片检测');
    await page.getByTestId('check-read').click();
    await expect.poll(() => page.getByTestId('check-transactions').textContent()).toContain('150.50');
    expect(await page.getByTestId('check-transactions').textContent()).toContain('圈存');
    expect(await page.getByTestId('card-no').textContent()).toBe(CARD_NO_GROUPED);
    await shot(page, '15-card-check');
    await page.getByTestId('nav-records').click();
    expect(await page.getByTestId('view-records').textContent()).toContain('充值记录');
    await page.getByTestId('records-plate').fill('甘A12345');
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('records-table').textContent()).toContain('150.50');
    expect(await page.getByTestId('record-status').first().textContent()).toBe('已圈存');
    await shot(page, '16-records');
    await page.getByTestId('nav-recharge').click();
    expect(await page.getByTestId('step-read').isVisible()).toBe(true);
  });

  it('backs out of the amount step with Esc, back to 读卡 with the focus on the read button', async () => {
    await readCard(page);
    await page.getByTestId('to-amount').click();
    await page.getByTestId('step-amount').waitFor();
    expect(await page.getByTestId('step-read').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('step-read').waitFor();
    expect(await page.getByTestId('step-amount').count()).toBe(0);
    expect(await page.getByTestId('card-no').textContent()).toBe(CARD_NO_GROUPED); // the card read stays on screen
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('read-card');
  });

  it.each(['0', '-1', '100000.01', '1.234', 'abc'])('refuses the amount %j with a message', async (text) => {
    if (!(await page.getByTestId('step-amount').isVisible())) {
      await readCard(page);
      await page.getByTestId('to-amount').click();
    }
    await typeAmount(page, text);
    const msg = await page.getByTestId('amount-error').textContent();
    expect(msg?.length).toBeGreaterThan(3);
    expect(await page.getByTestId('amount-confirm').count()).toBe(0);
    if (text === '100000.01') await shot(page, '20-amount-too-large');
  });

  it('keeps the order when the page is reloaded during payment', async () => {
    await typeAmount(page, '20');
    await page.keyboard.press('Enter');
    await page.getByTestId('step-pay').waitFor();
    const order = await page.getByTestId('pay-order').textContent();
    await page.reload();
    await page.getByTestId('step-pay').waitFor();
    expect(await page.getByTestId('pay-order').textContent()).toBe(order);
    await page.getByTestId('pay-qr').waitFor();
    await shot(page, '21-pay-after-reload');

    // Leaving while the QR is live asks first; the order then waits in 待处理.
    await page.getByTestId('nav-pending').click();
    await expect.poll(() => page.locator('.el-message-box').textContent()).toContain('支付二维码仍有效');
    await page.getByRole('button', { name: '离开' }).click();
    await page.getByTestId('view-pending').waitFor();
    await expect.poll(() => page.getByTestId('pending-table').textContent()).toContain('待付款');
    expect(await page.getByTestId('pending-table').textContent()).toContain('20.00');
    expect(await page.getByTestId('pending-card-no').first().textContent()).toBe(CARD_NO_GROUPED);
    await shot(page, '22-pending');
  });
});

function yuanOf(text: string | null): number {
  return Number((text ?? '').replace(/[^\d.]/g, ''));
}
