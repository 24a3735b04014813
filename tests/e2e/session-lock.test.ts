import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../contract/settings';
import { startBrowserMode, type BrowserMode } from '../../main/app/browser-mode';
import { ensureRendererBuilt } from '../../main/app/renderer-build';
import { systemClock, type Clock } from '../../main/clock';
import { composeTraining, type TrainingServices } from '../../main/compose/training';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { callCounter, launchChromium, readCard, shot, signIn, typeAmount } from '../support/e2e';

/**
 * The session in the window (docs/security.md, docs/operator-guide.md): the screen locks after
 * settings.idleLockMinutes over the wizard, which keeps its state, and the operator's password unlocks it;
 * main refuses a locked window's calls; supervisor calls ask for the password again after 5 minutes; a
 * second browser has a sign-in of its own, and a browser without a session is told how to get one.
 * Browser mode runs in this process so that the test can move main's clock; Chromium's clock moves with it.
 */
const MINUTE = 60_000;
let offset = 0;
const clock: Clock = { now: () => new Date(Date.now() + offset), sleep: systemClock.sleep };
let s: TrainingServices;
let mode: BrowserMode;
let browser: Browser;
let page: Page;

/** Main and the page both live `ms` later (the page's timers fire as they would have). */
async function later(ms: number): Promise<void> {
  offset += ms;
  await page.clock.fastForward(ms);
}

beforeAll(async () => {
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  s = await composeTraining({
    settings: SettingsSchema.parse({ idleLockMinutes: 5 }), dataDir: mkdtempSync(join(tmpdir(), 'e2e-lock-')), printer: new ChromiumPrinter(), clock,
  });
  mode = await startBrowserMode({ services: s });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  page = await context.newPage();
  await page.clock.install();
  await page.goto(mode.url);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await mode?.close();
  await s?.close();
});

describe('idle lock, supervisor confirmation and one session per browser', () => {
  it('locks the screen over the wizard after 5 idle minutes; main refuses the locked window; the password unlocks and the wizard goes on', async () => {
    await signIn(page, 'A01');
    await page.getByTestId('insert-normal').click();
    await readCard(page);
    await page.keyboard.press('Enter');
    await typeAmount(page, '66');
    await page.getByTestId('amount-confirm').waitFor();
    await later(5 * MINUTE + 20_000);
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.getByTestId('lock-who').textContent()).toContain('A01');
    expect(await page.getByTestId('amount-confirm').isVisible()).toBe(false); // covered: nothing of the customer shows
    await shot(page, 'session-01-locked');
    // The page itself calling main while locked: refused.
    expect(await callCounter(page, 'pending')).toMatchObject({ ok: false, code: 'SESSION_LOCKED' });
    await page.getByTestId('lock-password').fill('wrong-1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lock-error').textContent()).toContain('还可尝试 4 次');
    await page.getByTestId('lock-password').fill('123456');
    await page.keyboard.press('Enter');
    await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
    // The wizard is where it was: the amount and its confirmation, then on to payment.
    expect(await page.getByTestId('amount-input').inputValue()).toBe('66');
    expect(await page.getByTestId('confirm-amount').textContent()).toContain('66.00');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-qr').waitFor();
    await page.getByTestId('pay-simulate').click();
    await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
  });

  it('asks the supervisor for the password again after 5 minutes, then shows 审计日志', async () => {
    await page.getByTestId('sign-out').click();
    await signIn(page, 'S01');
    for (let i = 0; i < 3; i++) { // busy at the counter all the while: no idle lock
      await later(2 * MINUTE);
      await page.mouse.click(5, 200);
      await page.waitForTimeout(100);
    }
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('reauth').waitFor();
    expect(await page.getByTestId('reauth-reason').textContent()).toContain('5 分钟');
    await shot(page, 'session-02-supervisor-password-again');
    await page.getByTestId('reauth-password').fill('888888');
    await page.keyboard.press('Enter');
    await page.getByTestId('reauth').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('登录');
  });

  it('gives a second browser its own sign-in, and a browser without a session only the way to get one', async () => {
    const other = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const second = await other.newPage();
      await second.goto(mode.newUrl());
      await second.getByTestId('sign-in').waitFor();
      expect(new URL(second.url()).search).toBe(''); // the one-time code is gone from the address
      expect(await second.getByTestId('status-operator').textContent()).toContain('未登录');
      expect(await callCounter(second, 'auditList', { from: '2025-01-01', to: '2025-01-01' })).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
      const stranger = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
      await stranger.goto(second.url()); // the address without a code: this browser has no cookie
      await expect.poll(() => stranger.getByTestId('load-error').textContent()).toContain('此浏览器没有会话');
      await shot(stranger, 'session-03-no-session');
      await stranger.context().close();
      expect(await page.getByTestId('status-operator').textContent()).toContain('S01'); // the first window is untouched
    } finally {
      await other.close();
    }
  });
});
