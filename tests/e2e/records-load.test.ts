import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardInfo } from '../../contract/card';
import { groupCardNo } from '../../contract/format';
import type { RecordsView, SettingsView } from '../../contract/ipc';
import { readCard, shot, signIn, callCounter, counterData, openTrainingCounter, type TrainingCounter } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * 充值记录 → 圈存 in training mode: a customer paid for the card elsewhere (another terminal's order on the
 * host simulator, never seen by this counter's journal). 读卡 routes the operator to it; the records page
 * shows it 未圈存; another card in the reader is refused with nothing changed; with the right card 圈存
 * loads it, exactly once.
 */
let counter: TrainingCounter;
let page: Page;
let hostUrl = '';
let card: CardInfo;
let orderId = '';
const AMOUNT_FEN = 8_800;
const OTHER_TERMINAL = '000001000099';

beforeAll(async () => {
  counter = await openTrainingCounter();
  ({ page } = counter);
});
afterAll(async () => {
  await counter?.close();
});

const api = <T>(name: string, req: object = {}) => callCounter<T>(page, name, req);
const data = <T>(name: string, req: object = {}) => counterData<T>(page, name, req);
async function sim(method: string, path: string, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(hostUrl + path, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());
const yuan = (fen: number): string => (fen / 100).toFixed(2);
/** Types a date into a date field (renderer/components/DateField.vue) as an operator would; Enter takes it. */
async function typeDate(testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input');
  await input.fill(date);
  await input.press('Enter');
  expect(await input.inputValue()).toBe(date); // shown as typed: YYYY-MM-DD, whatever the browser's locale
}

describe('充值记录 → 圈存 of a recharge paid elsewhere (training mode, browser)', () => {
  it('learns the training host simulator from settings and has a customer pay for the card on another terminal', async () => {
    await page.getByTestId('sign-in').waitFor();
    await signIn(page, 'A01');
    hostUrl = (await data<SettingsView>('settings')).trainingHostUrl ?? '';
    expect(hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await page.getByTestId('insert-normal').click();
    await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
    card = await data<CardInfo>('cardCheck');

    const token = String((await sim('POST', '/v1/sessions', { terminalId: OTHER_TERMINAL, operatorId: 'web01' })).token);
    const order = await sim('POST', '/v1/orders', {
      clientOrderId: randomUUID(), cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor, amountFen: AMOUNT_FEN,
      channel: 'alipay', terminalId: OTHER_TERMINAL, balanceFen: card.balanceFen,
    }, token);
    orderId = String(order.orderId);
    expect((await sim('POST', `/sim/orders/${orderId}/pay`)).status).toBe('PAID');
  });

  it('读卡 refuses a new recharge and routes to 圈存 of the paid order, into 充值记录 with the plate filled in', async () => {
    await readCard(page);
    const blocked = page.getByTestId('card-blocked');
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain(yuan(AMOUNT_FEN));
    expect(await page.getByTestId('to-amount').isDisabled()).toBe(true);
    await shot(page, 'records-01-read-blocked');
    await page.getByTestId('blocked-host-load').click();
    await page.getByTestId('view-records').waitFor();
    expect(await page.getByTestId('records-plate').inputValue()).toBe(card.plate);
    expect(await page.getByTestId('records-to').locator('input').inputValue()).toBe(today());
    const status = page.getByTestId('record-status');
    await expect.poll(() => status.count()).toBe(1);
    expect(await status.textContent()).toBe('未圈存');
    expect(await page.getByTestId('records-table').textContent()).toContain(orderId);
    await shot(page, 'records-02-unloaded');
  });

  it('refuses a window over 30 days in the form and again in main', async () => {
    await typeDate('records-from', '2020-01-01');
    await typeDate('records-to', '2020-02-15');
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('records-error').textContent()).toContain('最多相隔 30 天（现相隔 45 天）');
    const res = await api<RecordsView>('records', { plate: card.plate, plateColor: card.plateColor, from: '2020-01-01', to: '2020-02-15' });
    expect(res).toMatchObject({ ok: false, code: 'RECORDS_WINDOW_TOO_LONG' });
    expect(res.ok ? '' : res.message).toContain('30 天');
    await typeDate('records-from', today());
    await typeDate('records-to', today());
    await page.getByTestId('records-query').click();
    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('未圈存');
    expect(await page.getByTestId('records-error').count()).toBe(0);
  });

  it('with another card in the reader 圈存 is refused with the card numbers, and nothing changes', async () => {
    await page.getByTestId(/^record-load-host:/).click();
    const dialog = page.getByTestId('record-load-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`请插入该卡（卡号 ${groupCardNo(card.cardNo)}）`);
    expect(await page.getByTestId('record-load-card').textContent()).toBe(groupCardNo(card.cardNo));
    expect(await dialog.textContent()).toContain(yuan(AMOUNT_FEN));
    await shot(page, 'records-03-confirm');

    await data('trainingInsert', { profileId: 'near-max' });
    const other = await data<CardInfo>('cardCheck');
    expect(other.cardNo).not.toBe(card.cardNo);
    await page.getByTestId('record-load-confirm').click();
    const error = page.getByTestId('record-load-error');
    await expect.poll(() => error.textContent()).toContain('卡不一致');
    expect(await error.textContent()).toContain(card.cardNo);
    expect(await page.getByTestId('record-load-done').count()).toBe(0);
    expect(await page.getByTestId('record-load-confirm').isVisible()).toBe(true); // nothing happened: it may be tried again
    await shot(page, 'records-04-wrong-card');
    const still = await data<RecordsView>('records', { plate: card.plate, plateColor: card.plateColor, from: today(), to: today() });
    expect(still.rows.map((r) => [r.status, r.source, r.action])).toEqual([['unloaded', 'host', 'adopt']]);
    expect((await data<CardInfo>('cardCheck')).balanceFen).toBe(other.balanceFen);
  });

  it('with the right card 圈存 loads it once: 已圈存, the balance raised by exactly the amount, the receipt archived', async () => {
    await data('trainingInsert', { profileId: 'normal' });
    await page.getByTestId('record-load-confirm').click();
    const done = page.getByTestId('record-load-done');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toContain(`${yuan(AMOUNT_FEN)} 元已写入卡片`);
    expect(await done.textContent()).toContain(yuan(card.balanceFen + AMOUNT_FEN));
    await expect.poll(() => page.getByTestId('receipt-status').textContent(), { timeout: 30_000 }).toContain('回单已存档');
    await shot(page, 'records-05-loaded');
    await page.getByTestId('record-load-close').click();
    await expect.poll(() => page.getByTestId('record-load-dialog').count()).toBe(0);

    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('已圈存');
    expect(await page.locator('button.record-load').count()).toBe(0); // nothing left to 圈存
    await shot(page, 'records-06-after');
    const after = await data<CardInfo>('cardCheck');
    expect(after.balanceFen).toBe(card.balanceFen + AMOUNT_FEN);
    const loads = after.transactions.filter((t) => t.amountFen === AMOUNT_FEN && t.type === 0x02);
    expect(loads).toHaveLength(1);
    const view = await data<RecordsView>('records', { plate: card.plate, plateColor: card.plateColor, from: today(), to: today() });
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ status: 'loaded', source: 'both', hostStatus: 'LOADED', state: 'VERIFIED', orderId });

    // The card is free again: 读卡 lets a new recharge start.
    await page.getByTestId('nav-recharge').click();
    await readCard(page);
    expect(await page.getByTestId('card-no').textContent()).toBe(groupCardNo(card.cardNo));
    expect(await page.getByTestId('card-blocked').count()).toBe(0);
    expect(await page.getByTestId('to-amount').isDisabled()).toBe(false);
  });
});
