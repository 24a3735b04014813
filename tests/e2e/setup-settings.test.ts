import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath } from '../../sim/host/testkit';
import { makeTestPki, type Pem, type TestPki } from '../../sim/host/tls-testkit';
import { callCounter, launchChromium, newCounterPage, serve, shot, type Served } from '../support/e2e';
import { businessDate } from '../../contract/format';

/**
 * A real counter's first start in Chromium (browser mode, real mode, pcscd's readers, nothing configured):
 * 初始化设置 — the first supervisor under the password rules, the recovery code shown once behind
 * 我已妥善保存恢复码, the settings with the issuer host over mutual TLS (certificates made by openssl now) —
 * then 系统设置: an invalid host refused with nothing saved, a valid change audited and read back in 审计日志.
 */
let pki: TestPki;
let client: Pem;
let sim: HostSim;
let served: Served;
let browser: Browser;
let page: Page;
const settingsFile = () => join(served.home, 'settings.json');
/** Today's business date (Beijing), as main dates the journal and the audit log, whatever this PC's zone. */
const today = (): string => businessDate(new Date());

beforeAll(async () => {
  pki = makeTestPki();
  client = pki.client('000001000050');
  const server = pki.server(['localhost', '127.0.0.1']);
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: tempDbPath(), tls: { cert: server.cert, key: server.key, ca: pki.ca.cert, requireClientCert: true } });
  served = await serve([]);
  browser = await launchChromium();
  page = await newCounterPage(browser, served.url);
  await page.setViewportSize({ width: 1366, height: 768 }); // a counter PC's screen
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await sim?.close();
});

describe('初始化设置: a real counter with nothing configured', () => {
  it('opens the set-up instead of the sign-in; main refuses a recharge call', async () => {
    await page.getByTestId('setup-supervisor').waitFor();
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    expect(await page.getByTestId('training-badge').count()).toBe(0);
    expect(await page.getByTestId('setup').textContent()).toContain('完成之前不能办理充值');
    await shot(page, 'setup-01-supervisor');
    // Whatever the screen shows, main itself refuses: before sign-in as AUTH_REQUIRED, and the gate holds later too.
    expect(await callCounter(page, 'rechargeStart', { amountFen: 100, channel: 'wechat' })).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
  });

  it('refuses a password against the rules, then creates the supervisor and shows the recovery code once', async () => {
    await page.getByTestId('setup-id').fill('S01');
    await page.getByTestId('setup-name').fill('王主管');
    await page.getByTestId('setup-password').fill('12345678');
    await page.getByTestId('setup-password2').fill('12345678');
    await page.getByTestId('setup-create').click();
    await expect.poll(() => page.getByTestId('setup-error').textContent()).toContain('不能全是数字');
    await page.getByTestId('setup-password').fill('Lanzhou-2024');
    await page.getByTestId('setup-password2').fill('Lanzhou-2024');
    await page.getByTestId('setup-create').click();
    const code = page.getByTestId('recovery-code');
    await code.waitFor({ timeout: 20_000 });
    expect((await code.textContent())?.trim()).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(await page.getByTestId('recovery-code-panel').textContent()).toContain('只显示这一次');
    expect(await page.getByTestId('recovery-next').isDisabled()).toBe(true);
    await shot(page, 'setup-02-recovery-code');
    // Signed in as that supervisor; still no recharge: main says the set-up is not done.
    expect(await callCounter(page, 'readCard')).toMatchObject({ ok: false, code: 'SETUP_INCOMPLETE' });
    await page.getByTestId('recovery-stored').click();
    expect(await page.getByTestId('recovery-next').isDisabled()).toBe(false);
    await page.getByTestId('recovery-next').click();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('recovery-code').count()).toBe(0); // never shown again
  });

  it('saves the host over mutual TLS and opens the counter', async () => {
    await page.getByTestId('set-hostUrl').fill(sim.url);
    await page.getByTestId('set-hostCaFile').fill(pki.ca.certPath);
    await page.getByTestId('set-clientCertFile').fill(client.certPath);
    await page.getByTestId('set-clientKeyFile').fill(client.keyPath);
    await page.getByTestId('set-branch').fill('兰州东岗支行');
    await shot(page, 'setup-03-settings');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('wizard').waitFor({ timeout: 20_000 });
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toMatchObject({ hostUrl: sim.url, clientKeyFile: client.keyPath, branch: '兰州东岗支行' });
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toContain('兰州东岗支行');
    expect(await page.getByTestId('nav-settings').count()).toBe(1);
    await shot(page, 'setup-04-done');
  });
});

describe('系统设置 (supervisor)', () => {
  it('refuses an invalid host address with a clear message and saves nothing', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    const before = statSync(settingsFile()).mtimeMs;
    const text = readFileSync(settingsFile(), 'utf8');
    await page.getByTestId('set-hostUrl').fill('http://issuer.example.cn:8443');
    await page.getByTestId('set-branch').fill('不该保存的网点');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-error').textContent()).toContain('必须使用 https://');
    await shot(page, 'settings-01-invalid-host');
    expect(readFileSync(settingsFile(), 'utf8')).toBe(text);
    expect(statSync(settingsFile()).mtimeMs).toBe(before);
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toContain('兰州东岗支行');
  });

  it('saves a valid change, warns about a plain-http simulator host, and the audit log reads it old → new', async () => {
    const plain = await startHostSim({ keys: fixtureKeys(), dbPath: tempDbPath() });
    try {
      await page.reload(); // the form reads main's settings afresh: the refused values are gone
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-form').waitFor();
      expect(await page.getByTestId('set-branch').inputValue()).toBe('兰州东岗支行');
      await page.getByTestId('set-branch').fill('兰州城关支行');
      await page.getByTestId('set-hostUrl').fill(plain.url);
      for (const f of ['hostCaFile', 'clientCertFile', 'clientKeyFile']) await page.getByTestId(`set-${f}`).fill('');
      await expect.poll(() => page.getByTestId('set-insecure').count()).toBe(1);
      await page.getByTestId('set-idleLockMinutes').fill('15');
      await page.getByTestId('settings-save').click();
      await expect.poll(() => page.getByTestId('settings-notes').textContent()).toContain('设置已保存');
      expect(await page.getByTestId('settings-notes').textContent()).toContain('重新建立');
      await expect.poll(() => page.getByTestId('status-host-insecure').count()).toBe(1);
      // The status bar asks main again after the save: the new branch shows once that answer is in.
      await expect.poll(() => page.getByTestId('status-bar').textContent()).toContain('兰州城关支行');
      await shot(page, 'settings-02-saved');
      expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toMatchObject({ branch: '兰州城关支行', hostUrl: plain.url, hostCaFile: null, idleLockMinutes: 15 });

      await page.getByTestId('nav-audit').click();
      await page.getByTestId('audit-action').selectOption('settings-change');
      await page.getByTestId('audit-query').click();
      const detail = page.getByTestId('audit-detail').first();
      await expect.poll(() => detail.textContent()).toContain('网点名称：兰州东岗支行 → 兰州城关支行');
      expect(await detail.textContent()).toContain(`发卡方主机地址：${sim.url} → ${plain.url}`);
      expect(await detail.textContent()).toContain('自动锁屏（分钟）：5 → 15');
      expect(await page.getByTestId('audit-table').textContent()).toContain('修改设置');
      await shot(page, 'settings-03-audit');
      // The set-up's save is there too, as the first settings change.
      const rows = await callCounter<{ detail: Record<string, unknown> }[]>(page, 'auditList', { from: today(), to: today(), action: 'settings-change' });
      expect(rows.ok && rows.data.length).toBe(2);
    } finally {
      await plain.close();
    }
    expect(existsSync(join(served.home, 'training'))).toBe(false);
  });
});
