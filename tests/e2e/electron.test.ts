import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, selectors } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../main/app/renderer-build';
import { electronBinary } from '../../main/cli/start';
import { readCard, shot, signIn, typeAmount } from '../support/e2e';

/**
 * The Electron shell itself, launched with Playwright's `_electron`, on the same happy path as the
 * browser-mode E2E. Electron's binary is downloaded on first launch; where it could not be (offline),
 * this test says so and is reported as skipped.
 */
const binary = electronBinary();
const SKIP_REASON = 'no Electron binary in node_modules/electron (it is downloaded on first launch; this machine is offline)';

describe('Electron shell', () => {
  it('runs a training recharge in the real window (contextIsolation, sandbox, app:// origin)', async (ctx) => {
    if (!binary) {
      console.log(`skipped: Electron E2E — ${SKIP_REASON}`);
      ctx.skip(SKIP_REASON);
      return;
    }
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    expect(build.status).toBe(0);
    selectors.setTestIdAttribute('data-test');
    const app = await _electron.launch({
      executablePath: binary,
      args: [REPO_ROOT, '--training'],
      env: { ...process.env, ETC_COUNTER_HOME: mkdtempSync(join(tmpdir(), 'etc-electron-')) },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toMatch(/^app:\/\/counter\//);
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { counter?: object }).counter ?? {}).includes('rechargeStart'))).toBe(true);
      await signIn(page, 'A01');
      await page.getByTestId('insert-normal').click();
      await readCard(page);
      expect(await page.getByTestId('card-no').textContent()).toBe('6201 0000 0000 0000 0001');
      await page.keyboard.press('Enter');
      await typeAmount(page, '66');
      await page.keyboard.press('Enter');
      await page.getByTestId('pay-qr').waitFor();
      await page.getByTestId('pay-simulate').click();
      await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('result-check').textContent()).toContain('核对一致');
      await shot(page, '40-electron-result');
    } finally {
      await app.close();
    }
  });
});
