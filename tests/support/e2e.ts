import type { Result } from '../../contract/errors';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';
import { ensureRendererBuilt, REPO_ROOT } from '../../main/app/renderer-build';

/** Shared E2E plumbing: Debian's Chromium, a `serve` child process, screenshots under artifacts/. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'artifacts', 'screenshots');

export function launchChromium(): Promise<Browser> {
  selectors.setTestIdAttribute('data-test'); // the renderer marks what tests touch with data-test
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newCounterPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
  await page.goto(url);
  return page;
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface Served {
  /** The first one-time launch address `serve` printed (one browser, once: main/ipc/bridge-sessions.ts). */
  url: string;
  /** The bridge's origin (no code). */
  origin: string;
  /** Another one-time launch address, as pressing Enter in serve's terminal prints one. */
  newUrl(): Promise<string>;
  home: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Runs `etc-counter serve …` as a real child process with its own data folder and returns the launch
 * address it printed as the first line of stdout; `newUrl()` asks it for more (a line on its stdin).
 */
export async function serve(args: string[], opts: { home?: string; settings?: object; env?: Record<string, string> } = {}): Promise<Served> {
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'etc-e2e-'));
  if (opts.settings) writeFileSync(join(home, 'settings.json'), JSON.stringify(opts.settings));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'etc-counter.mjs'), 'serve', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ...opts.env, ETC_COUNTER_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
  const waiting: ((line: string) => void)[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (l) => waiting.shift()?.(l.trim()));
  const nextLine = () => new Promise<string>((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before printing its URL:\n${err}`)));
  });
  const url = await nextLine();
  return {
    url, origin: new URL(url).origin, home, child, stderr: () => err,
    newUrl: () => {
      const next = nextLine();
      child.stdin?.write('\n');
      return next;
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Training mode's demo accounts (main/auth: TRAINING_ACCOUNTS). */
export const TRAINING_PASSWORDS: Record<string, string> = { A01: '123456', S01: '888888' };

/** Operator sign-in, as the first screen asks: id, password, Enter. */
export async function signIn(page: Page, operatorId = 'A01', password = TRAINING_PASSWORDS[operatorId] ?? ''): Promise<void> {
  await page.getByTestId('operator-input').fill(operatorId);
  await page.getByTestId('password-input').fill(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('wizard').waitFor();
}

/**
 * A real counter's bootstrap supervisor (ETC_COUNTER_ADMIN_PASSWORD) is shown the journal's recovery code once,
 * at its first sign-in, and must confirm it was stored before anything else can be clicked.
 */
export async function confirmRecoveryCode(page: Page): Promise<void> {
  await page.getByTestId('recovery-code').waitFor({ timeout: 15_000 });
  await page.getByTestId('recovery-stored').click();
  await page.getByTestId('recovery-next').click();
  await page.getByTestId('recovery-dialog').waitFor({ state: 'hidden' });
}

export async function readCard(page: Page): Promise<void> {
  await page.getByTestId('read-card').click();
  // The summary, or what 读卡 said instead (an error, a blocked, full or refused card): named in the failure.
  const said = page.locator('[data-test="read-error"], [data-test="card-blocked"], [data-test="card-full"], [data-test="card-refused"]');
  await page.getByTestId('card-summary').or(said.first()).first().waitFor();
  if (!(await page.getByTestId('card-summary').isVisible())) {
    throw new Error(`读卡 showed no card summary: ${(await said.first().textContent())?.trim() ?? ''}`);
  }
}

/** Types the amount and presses Enter: the confirmation with 大写 appears, or an error message. */
export async function typeAmount(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('amount-input');
  await input.fill(text);
  await input.press('Enter');
}

/** `window.counter.<name>(req)` from the page, exactly as the renderer calls it (main checks it like any call). */
export function callCounter<T>(page: Page, name: string, req: object = {}): Promise<Result<T>> {
  return page.evaluate(async ([n, r]) => {
    const c = (window as unknown as { counter: Record<string, (q: object) => Promise<unknown>> }).counter;
    const fn = c[n as string];
    if (!fn) throw new Error(`no call ${String(n)}`);
    return fn(r as object);
  }, [name, req] as const) as Promise<Result<T>>;
}

/** The same, for a call that must succeed: its data, or an error naming the code. */
export async function counterData<T>(page: Page, name: string, req: object = {}): Promise<T> {
  const r = await callCounter<T>(page, name, req);
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
  return r.data;
}

/** Browser mode in training mode with one signed-out Chromium page on it; `close()` ends both. */
export interface TrainingCounter { served: Served; page: Page; close(): Promise<void> }

export async function openTrainingCounter(): Promise<TrainingCounter> {
  const served = await serve(['--training']);
  try {
    const browser = await launchChromium();
    const page = await newCounterPage(browser, served.url);
    return { served, page, close: async () => { await browser.close(); await served.stop(); } };
  } catch (e) {
    await served.stop();
    throw e;
  }
}
