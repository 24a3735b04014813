import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../contract/ipc';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { attachVpcd, type VpcdLink } from '../../sim/card/vpcd';
import { startHostSim, type HostSim } from '../../sim/host';
import { confirmRecoveryCode, counterData, launchChromium, newCounterPage, readCard, serve, shot, signIn, typeAmount, type Served } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * The real path (pcscd/vpcd, the host simulator over HTTP, this test the customer and the host's
 * administrator): one recharge loads, the next one's TAC is refused by the host → 需管理员处理. 日结's 对账 shows
 * one mismatch in red with what to do; after the administrator's correction the supervisor resolves it with
 * the card in 待处理 (probed, never written; 已圈存; the evidence slip with old and new evidence); 对账 matches.
 */
const READER = 'Virtual PCD 00 01';
const VPCD_PORT = 35964;
const RECEIPTS = join(process.cwd(), 'artifacts', 'receipts');
const tmp = mkdtempSync(join(tmpdir(), 'e2e-admin-'));

let sim: HostSim;
let card: VirtualCard;
let link: VpcdLink;
let served: Served;
let browser: Browser;
let page: Page;
let refused = '';

beforeAll(async () => {
  mkdirSync(RECEIPTS, { recursive: true });
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(tmp, 'host.sqlite') });
  card = new VirtualCard(fixtureProfile('normal'), fixtureKeys(), { statePath: join(tmp, 'card.json') });
  link = await attachVpcd(card, { port: VPCD_PORT, connectTimeoutMs: 10_000 });
  served = await serve(['--host', sim.url], { settings: { readerName: READER }, env: { ETC_COUNTER_ADMIN_PASSWORD: 'money-admin-1' } });
  browser = await launchChromium();
  page = await newCounterPage(browser, served.url);
  await signIn(page, 'admin', 'money-admin-1');
  await confirmRecoveryCode(page);
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await link?.close();
  await sim?.close();
});

/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());

/** 读卡 → amount → the customer pays on the host → the wizard loads by itself; returns at the result step. */
async function recharge(amount: string): Promise<string> {
  await page.getByTestId('nav-recharge').click();
  if (await page.getByTestId('result-new').isVisible()) await page.getByTestId('result-new').click();
  await expect.poll(() => page.getByTestId('status-card').textContent(), { timeout: 15_000 }).toContain('有卡');
  await readCard(page);
  await page.keyboard.press('Enter');
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('pay-qr').waitFor();
  const orderId = (await page.getByTestId('pay-order').textContent())?.trim() ?? '';
  sim.pay(orderId);
  // main's long poll sees the payment and loads at once (no click: 已完成支付 is only the manual check).
  await page.getByTestId('step-result').waitFor({ timeout: 30_000 });
  return orderId;
}

describe('需管理员处理 and 对账 in the browser, over pcscd/vpcd', () => {
  it('one recharge loads; the host refuses the next one\'s TAC: 需管理员处理, the money on the card', async () => {
    await recharge('88');
    await page.getByTestId('result-success').waitFor();
    const before = card.snapshot().balanceFen;
    sim.faults.fail('/confirm$', 1, 409);
    refused = await recharge('20');
    expect(await page.getByTestId('result-failed').textContent()).toContain('需管理员处理');
    expect(card.snapshot().balanceFen).toBe(before + 2000);
    expect(sim.order(refused).status).toBe('PAID');
    await shot(page, 'money-01-needs-admin');
  });

  it('日结 shows 对账: one matched, one mismatch in red with what to do; closing is refused, carry-over offered', async () => {
    await page.getByTestId('nav-dayend').click();
    const rec = page.getByTestId('day-reconcile');
    await expect.poll(() => rec.textContent(), { timeout: 20_000 }).toContain('不一致 1');
    expect(await page.getByTestId('reconcile-counts').textContent()).toContain('一致 1');
    const rows = page.getByTestId('reconcile-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('20.00');
    expect(await rows.first().textContent()).toContain('已付款'); // the host's status in words, never PAID
    expect(await rows.first().textContent()).not.toContain('PAID');
    expect(await page.getByTestId('reconcile-todo').textContent()).toContain('由主管凭卡核查');
    // Red: the page's own var(--bad), and unmistakably red.
    const [color, bad] = await rows.first().locator('td').first().evaluate((td) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--bad)';
      document.body.append(probe);
      const want = getComputedStyle(probe).color;
      probe.remove();
      return [getComputedStyle(td).color, want];
    });
    expect(color).toBe(bad);
    const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
    expect(r).toBeGreaterThan(150);
    expect(Math.max(g, b)).toBeLessThan(100);
    expect(await page.getByTestId('day-carry-over').isVisible()).toBe(true);
    await rec.scrollIntoViewIfNeeded();
    await shot(page, 'money-02-dayend-reconcile-one-mismatch');
  });

  it('the supervisor resolves it with the card: 已圈存 without a write, audited; the evidence slip has old and new evidence', async () => {
    const balance = card.snapshot().balanceFen;
    await page.getByTestId('nav-pending').click();
    await expect.poll(() => page.getByTestId('needs-admin-table').textContent()).toContain('20.00');
    await page.getByTestId('needs-admin-resolve').click();
    await page.getByTestId('admin-dialog').waitFor();
    expect(await page.getByTestId('admin-dialog').textContent()).toContain('不会写卡');
    // The refusal is named without unfilled placeholders (the host's own words are on the evidence slip).
    expect(await page.getByTestId('admin-dialog').textContent()).toContain('发卡方主机拒绝了请求');
    expect(await page.getByTestId('admin-dialog').textContent()).not.toMatch(/\{\w+\}/);
    expect(await page.getByTestId('needs-admin-table').textContent()).not.toMatch(/\{\w+\}/);
    await page.getByTestId('admin-check').click(); // without a note: refused in the dialog, nothing sent
    expect(await page.getByTestId('admin-error').textContent()).toContain('请填写说明');
    await page.getByTestId('admin-note').fill('发卡方管理员已更正主机记录');
    await page.getByTestId('admin-check').click();
    const outcome = page.getByTestId('admin-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.textContent()).toContain('已圈存');
    expect(await outcome.textContent()).toContain('卡片证明已圈存');
    await shot(page, 'money-03-admin-resolved');
    expect(card.snapshot().balanceFen).toBe(balance); // probed, never written
    expect(sim.order(refused).status).toBe('LOADED');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('admin-slip-download').click()]);
    const pdf = join(tmp, 'evidence.pdf');
    await download.saveAs(pdf);
    execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', pdf, join(tmp, 'evidence')]);
    copyFileSync(join(tmp, 'evidence.png'), join(RECEIPTS, 'e2e-evidence-resolved.png'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const want of ['新旧证据对照', '原证据（转管理员时）', '新证据（管理员处理后核查）', '已由网点主管凭卡核查处理']) expect(text).toContain(want);
    await page.getByTestId('admin-close').click();
    await expect.poll(() => page.getByTestId('needs-admin-table').textContent()).toContain('没有需管理员处理的充值');
    const audit = await counterData<AuditEntry[]>(page, 'auditList', { from: today(), to: today(), action: 'admin-resolve' });
    expect(audit.map((e) => [e.operatorId, e.detail.outcome, e.detail.note])).toEqual([['admin', 'CONFIRMED', '发卡方管理员已更正主机记录']]);
  });

  it('对账 then matches, and the day closes', async () => {
    await page.getByTestId('nav-dayend').click();
    await page.getByTestId('reconcile-ok').waitFor({ timeout: 20_000 });
    await page.getByTestId('day-close').click();
    await page.locator('.el-message-box .el-button--primary').click(); // the box's own 日结 button
    await page.getByTestId('day-closed').waitFor({ timeout: 20_000 });
    await shot(page, 'money-04-dayend-closed');
    // Closed: 读卡 says so before any amount is typed, and the amount step is never reached (main refuses a
    // recharge on a closed day too: tests/engine/scenarios.test.ts).
    await page.getByTestId('nav-recharge').click();
    if (await page.getByTestId('result-new').isVisible()) await page.getByTestId('result-new').click();
    await page.getByTestId('read-card').click();
    await expect.poll(() => page.getByTestId('read-day-closed').textContent()).toContain('已日结');
    expect(await page.getByTestId('to-amount').isDisabled()).toBe(true);
  });
});
