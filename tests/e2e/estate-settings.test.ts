import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath } from '../../sim/host/testkit';
import { confirmRecoveryCode, launchChromium, newCounterPage, serve, shot, signIn, type Served } from '../support/e2e';

/**
 * A counter PC under the bank's machine policy, in Chromium at 1366×768 (docs/release.md §7, §10): the
 * fields the policy sets are locked in 系统设置; a settings file changed while the app was closed is
 * noticed at the next start (status bar, 支持与维护) until a supervisor confirms it; a refusal shows its
 * error reference; the support bundle downloads as a zip.
 */
let sim: HostSim;
let served: Served;
let browser: Browser;
let page: Page;
const home = mkdtempSync(join(tmpdir(), 'etc-e2e-estate-'));
const PASSWORD = 'estate-admin-1';

async function open(): Promise<void> {
  served = await serve([], { home, env: { ETC_COUNTER_ADMIN_PASSWORD: PASSWORD } });
  page = await newCounterPage(browser, served.url);
  await page.setViewportSize({ width: 1366, height: 768 });
}

beforeAll(async () => {
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: tempDbPath() });
  mkdirSync(join(home, 'policy'), { recursive: true });
  writeFileSync(join(home, 'policy', 'policy.json'), JSON.stringify({ hostUrl: sim.url, terminalId: '0000010000A7', branch: '兰州东岗支行', idleLockMinutes: 10 }));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ branch: '柜员改的网点', defaultPin: '123456' }));
  browser = await launchChromium();
  await open();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await sim?.close();
});

describe('系统设置 under machine policy', () => {
  it('shows the policy\'s fields locked, with the policy\'s values', async () => {
    await signIn(page, 'admin', PASSWORD);
    await confirmRecoveryCode(page);
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toContain('0000010000A7');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    await page.getByTestId('set-locked-branch').waitFor();
    expect(await page.getByTestId('set-branch').inputValue()).toBe('兰州东岗支行');
    expect(await page.getByTestId('set-branch').isDisabled()).toBe(true);
    expect(await page.getByTestId('set-terminalId').isDisabled()).toBe(true);
    expect(await page.getByTestId('set-hostUrl').isDisabled()).toBe(true);
    expect(await page.getByTestId('set-readerName').isDisabled()).toBe(false);
    expect(await page.getByTestId('set-locked-hostUrl').textContent()).toContain('本机策略统一设定');
    await shot(page, 'estate-01-policy-locked');
  });

  it('a refusal carries its error reference (错误编号)', async () => {
    await page.getByTestId('set-idleLockMinutes').isDisabled();
    await page.getByTestId('set-defaultPin').fill('12ab');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-error').textContent()).toMatch(/默认 PIN不正确.*（错误编号 E[0-9A-Z]{3}-[0-9A-Z]{2}）/);
    const ref = /错误编号 (E[0-9A-Z]{3}-[0-9A-Z]{2})/.exec((await page.getByTestId('settings-error').textContent()) ?? '')?.[1];
    const log = readFileSync(join(home, 'logs', 'main.log'), 'utf8');
    expect(log).toContain(`"ref":"${ref}"`);
    await shot(page, 'estate-02-error-reference');
  });
});

describe('a settings file changed while the app was closed', () => {
  it('is noticed at the next start, shown, and ends when a supervisor confirms it; the support bundle downloads', async () => {
    await served.stop();
    const file = join(home, 'settings.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), defaultPin: '000000', readerName: 'USB 9', receiptFormat: 'A5' }));
    await open();
    await signIn(page, 'admin', PASSWORD);
    await page.getByTestId('status-settings-file-changed').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-file-changed').waitFor();
    expect(await page.getByTestId('settings-file-changed').textContent()).toContain('读卡器、回单纸张');
    await page.getByTestId('estate-panel').scrollIntoViewIfNeeded();
    await shot(page, 'estate-03-settings-file-changed');
    await page.getByTestId('settings-file-accept').click();
    await page.getByTestId('settings-file-changed').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('status-settings-file-changed').count()).toBe(0);

    const download = page.waitForEvent('download');
    await page.getByTestId('support-bundle').click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/^etc-support-0000010000A7-\d{8}T\d{6}\.zip$/);
    const files = unzipSync(readFileSync((await d.path())!));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['settings.json', 'journal-verify.json', 'logs/main.log', 'audit.json']));
    expect(JSON.parse(strFromU8(files['settings.json']!))).toMatchObject({ defaultPin: '******', branch: '兰州东岗支行' });
    await page.getByTestId('support-bundle-note').waitFor();
    await shot(page, 'estate-04-support-bundle');
  });
});
