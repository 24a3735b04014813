import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../main/app/browser-mode';
import { ensureRendererBuilt } from '../../main/app/renderer-build';
import { systemClock, type Clock } from '../../main/clock';
import { composeTraining, type TrainingServices } from '../../main/compose/training';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { SettingsStore } from '../../main/settings/store';
import { launchChromium, shot } from './e2e';
import { describeProblems, screenTextProblems } from './screen-text';

/**
 * The screen walk (tests/e2e/screen-walk-*.test.ts): the counter in training mode, browser mode in this process
 * (so the test can move main's clock for the idle lock and the supervisor's confirmation, and reach the host
 * simulator), one Chromium page at 1366×768 — a counter PC's screen. Every screen is looked at: a screenshot in
 * artifacts/screenshots/ and the screen-text check (tests/support/screen-text.ts).
 */
export const VIEWPORT = { width: 1366, height: 768 };

export interface Walk {
  home: string;
  s: TrainingServices;
  mode: BrowserMode;
  browser: Browser;
  page: Page;
  /** Moves main's clock (the page keeps its own: main decides locks and confirmations). */
  later(ms: number): void;
  /** Closes the page and the services, and starts them again on the same data folder and settings file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function openWalk(): Promise<Walk> {
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  const home = mkdtempSync(join(tmpdir(), 'e2e-walk-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ mode: 'training' }));
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset), sleep: systemClock.sleep };
  const browser = await launchChromium();
  const start = async () => {
    const store = SettingsStore.open(undefined, {}, home); // 系统设置 writes here, as a counter's would
    const s = await composeTraining({ settings: { ...store.initial }, store, dataDir: home, printer: new ChromiumPrinter(), clock });
    const mode = await startBrowserMode({ services: s });
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    await page.goto(mode.url);
    return { s, mode, page };
  };
  const w: Walk = {
    home, browser, ...(await start()),
    later: (ms) => { offset += ms; },
    async restart() {
      await w.page.context().close();
      await w.mode.close();
      await w.s.close();
      Object.assign(w, await start());
    },
    async close() {
      await browser.close();
      await w.mode.close();
      await w.s.close();
    },
  };
  return w;
}

/** What a person reads on the page: the visible text, and the placeholders, titles, labels and image texts of visible elements. */
export function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label], img[alt]'))) {
      if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
        const v = el.getAttribute(a);
        if (v) attrs.push(v);
      }
    }
    return `${document.body.innerText}\n${attrs.join('\n')}`;
  });
}

/** Every screen the walk shows: a screenshot (look at it) and the screen-text check over what it says. */
export async function lookAt(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150); // let a transition finish: the screenshot shows what a person sees
  await shot(page, name);
  const problems = screenTextProblems(await visibleText(page));
  expect(describeProblems(name, problems), `screen ${name}`).toBe('');
}

/**
 * Counts what a person does for one recharge: clicks, and keys pressed apart from the amount and the slip's
 * numbers, which are typed whatever the way (counted apart as `typed`).
 */
export class Effort {
  clicks = 0;
  keys = 0;
  typed = 0;
  constructor(private readonly page: Page) {}
  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }
  async press(key: string): Promise<void> {
    this.keys++;
    await this.page.keyboard.press(key);
  }
  async type(text: string): Promise<void> {
    this.typed += text.length;
    await this.page.keyboard.type(text);
  }
  summary(): string {
    return `${this.clicks} clicks, ${this.keys} keys (+ ${this.typed} characters typed)`;
  }
}

/** Mean luminance (0–255) and the share of near-white pixels of a rectangle of a PNG, decoded in a blank page's canvas. */
async function regionStats(browser: Browser, png: Buffer, r: { x: number; y: number; width: number; height: number }): Promise<{ mean: number; white: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async ({ data, rect }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      if (!g) throw new Error('no 2d context');
      g.drawImage(img, 0, 0);
      const px = g.getImageData(Math.round(rect.x), Math.round(rect.y), Math.max(1, Math.round(rect.width)), Math.max(1, Math.round(rect.height))).data;
      let sum = 0;
      let white = 0;
      const n = px.length / 4;
      for (let i = 0; i < px.length; i += 4) {
        const lum = 0.2126 * (px[i] ?? 0) + 0.7152 * (px[i + 1] ?? 0) + 0.0722 * (px[i + 2] ?? 0);
        sum += lum;
        if (lum > 240) white++;
      }
      return { mean: sum / n, white: white / n };
    }, { data: png.toString('base64'), rect: r });
  } finally {
    await page.close();
  }
}

/**
 * A confirmation or prompt as a person sees it, checked in screenshots (not by its words): the box is centred
 * on the screen, its face is opaque (mostly the box's white, whatever is under it), and the page around it is
 * dimmed by the overlay compared with the same place before the box opened. `before` is a screenshot taken
 * just before it opened. Unstyled (the CSS missing), the text lies over the header, the buttons at the top left:
 * not centred, no face, nothing dimmed.
 */
export async function expectStyledDialog(page: Page, browser: Browser, before: Buffer, name: string): Promise<void> {
  const box = page.locator('.el-message-box').last();
  await box.waitFor();
  await page.waitForTimeout(400); // the box's fade-in
  const after = await page.screenshot();
  await lookAt(page, name);
  const b = await box.boundingBox();
  expect(b, `${name}: the box`).not.toBeNull();
  if (!b) return;
  const vp = page.viewportSize() ?? VIEWPORT;
  expect(Math.abs(b.x + b.width / 2 - vp.width / 2), `${name}: centred across`).toBeLessThan(vp.width * 0.05);
  expect(Math.abs(b.y + b.height / 2 - vp.height / 2), `${name}: centred up and down`).toBeLessThan(vp.height * 0.15);
  expect(b.width, `${name}: a box, not the whole width`).toBeLessThan(vp.width * 0.6);
  const face = await regionStats(page.context().browser() ?? browser, after, { x: b.x + 4, y: b.y + 4, width: b.width - 8, height: b.height - 8 });
  expect(face.white, `${name}: an opaque white face`).toBeGreaterThan(0.6);
  // A band of the page left of the box: darker than it was before the box opened.
  const band = { x: Math.max(0, b.x - 160), y: b.y, width: 120, height: b.height };
  const dimmedAfter = await regionStats(browser, after, band);
  const dimmedBefore = await regionStats(browser, before, band);
  expect(dimmedAfter.mean, `${name}: the page around it dimmed`).toBeLessThan(dimmedBefore.mean * 0.8);
}

/** No table cell of `table` cuts its content: every cell's content fits its width (nothing clipped, no ellipsis). */
export async function expectNothingCut(page: Page, table: Locator, name: string): Promise<void> {
  const cut = await table.evaluate((t) => Array.from(t.querySelectorAll<HTMLElement>('.el-table__body .cell, .el-table__header .cell'))
    .filter((c) => c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1)
    .map((c) => c.innerText.replace(/\s+/g, ' ').trim()));
  expect(cut, `${name}: cells cut at ${VIEWPORT.width} wide`).toEqual([]);
  // Nor is the table wider than the page: no sideways scrolling to read a row.
  const wider = await table.evaluate((t) => Array.from(t.querySelectorAll<HTMLElement>('.el-table__body-wrapper .el-scrollbar__wrap'))
    .some((wrap) => wrap.scrollWidth > wrap.clientWidth + 1));
  expect(wider, `${name}: wider than the page at ${VIEWPORT.width} wide`).toBe(false);
}

/** Order numbers, card numbers and times never break over lines: each such element is one line high. */
export async function expectOneLine(page: Page, selector: string, name: string): Promise<void> {
  const wrapped = await page.evaluate((sel) => Array.from(document.querySelectorAll<HTMLElement>(sel))
    .filter((e) => e.offsetParent !== null && e.getClientRects().length > 1)
    .map((e) => e.innerText), selector);
  expect(wrapped, `${name}: ${selector} on one line`).toEqual([]);
}
