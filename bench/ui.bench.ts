/**
 * `npm run bench:ui` — the renderer's first view in Debian's Chromium, through browser mode over the real
 * training services: the JavaScript it downloads (gzip) and the time from navigation to an interactive
 * 读卡 view. Targets: ≤ 350 KB gzip, ≤ 1 s. Prints one line per figure; exits 1 on a miss.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { startBrowserMode } from '../main/app/browser-mode';
import { ensureRendererBuilt } from '../main/app/renderer-build';
import { SettingsSchema } from '../contract/settings';
import { composeTraining } from '../main/compose/training';
import { openSession } from '../main/ipc/bridge-testing';
import { ChromiumPrinter } from '../main/print/chromium-printer';
import { launchChromium } from '../tests/support/e2e';

const TARGET_KB = 350;
const TARGET_MS = 1000;
const RUNS = 5;

ensureRendererBuilt((l) => console.error(l));
const services = await composeTraining({ settings: SettingsSchema.parse({}), dataDir: mkdtempSync(join(tmpdir(), 'bench-ui-')), printer: new ChromiumPrinter() });
const mode = await startBrowserMode({ services });
/**
 * A browser session signed in beforehand (training mode's demo operator), so the first view is the wizard's 读卡
 * step: its cookie, and the secret the tab would keep in sessionStorage (main/ipc/bridge-sessions.ts).
 */
async function signedInSession(): Promise<{ cookie: { name: string; value: string; url: string }; secret: string }> {
  const s = await openSession(mode.newUrl());
  await s.call('signIn', { operatorId: 'A01', password: '123456' });
  const [name = '', value = ''] = s.cookie.split('=');
  return { cookie: { name, value, url: mode.bridge.origin }, secret: s.secret };
}
const browser = await launchChromium();
const times: number[] = [];
let jsGzipBytes = 0;
let jsFiles = 0;
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 } }); // cold cache every run
    const session = await signedInSession();
    await context.addCookies([session.cookie]);
    await context.addInitScript((secret) => window.sessionStorage.setItem('counter-session-secret', secret), session.secret);
    const page = await context.newPage();
    const scripts: Promise<Buffer>[] = [];
    page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(r.body()); });
    const t0 = performance.now();
    await page.goto(`${mode.bridge.origin}/`);
    await page.locator('[data-test="read-card"]:not([disabled])').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'read-card');
    times.push(performance.now() - t0);
    if (i === 0) {
      const bodies = await Promise.all(scripts);
      jsFiles = bodies.length;
      jsGzipBytes = bodies.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await mode.close();
  await services.close();
}

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? NaN;
const kb = jsGzipBytes / 1024;
const sizeOk = kb <= TARGET_KB;
const timeOk = median <= TARGET_MS;
console.log(`first-view JavaScript: ${kb.toFixed(1)} KB gzip in ${jsFiles} files (target ≤ ${TARGET_KB} KB) ${sizeOk ? 'OK' : 'OVER'}`);
console.log(`navigation → interactive 读卡: median ${median.toFixed(0)} ms of ${RUNS} cold loads, min ${times[0]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms (target ≤ ${TARGET_MS} ms) ${timeOk ? 'OK' : 'OVER'}`);
process.exitCode = sizeOk && timeOk ? 0 : 1;
