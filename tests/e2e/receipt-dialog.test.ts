import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { CounterStatus } from '../../contract/ipc';
import { counterData, launchChromium, newCounterPage, readCard, serve, shot, signIn, typeAmount, type Served } from '../support/e2e';

/**
 * Receipts without waiting (docs/ui.md "Receipts"), browser mode in training: with no printer set, the receipt
 * opens in the page's own print dialog as soon as it is archived — nothing to download first — the printed
 * document being the one the archived PDF was made from; with a printer set, the archived PDF goes to CUPS `lp`
 * (a stand-in on PATH) and no dialog opens. Headless Chromium shows no dialog, so print() is watched instead.
 */
const started: { served: Served; browser: Browser }[] = [];
afterAll(async () => {
  for (const s of started) {
    await s.browser.close();
    await s.served.stop();
  }
});

/** Records every print() of a frame (the dialog) with what the frame holds: `window.__prints`. */
const WATCH_PRINTS = `(() => {
  window.__prints = [];
  const d = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow');
  Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', { configurable: true, get() {
    const w = d.get.call(this);
    const frame = this;
    if (w && !w.__watched) {
      w.__watched = true;
      w.print = () => window.__prints.push({ text: w.document.body.innerText, sandbox: frame.getAttribute('sandbox'), scripts: w.document.scripts.length });
    }
    return w;
  } });
  window.print = () => window.__prints.push({ text: 'the whole window', sandbox: null, scripts: -1 });
})()`;
interface Printed { text: string; sandbox: string | null; scripts: number }
const prints = (page: Page): Promise<Printed[]> => page.evaluate<Printed[]>('window.__prints');

async function counter(o: { settings?: object; env?: Record<string, string> } = {}): Promise<{ served: Served; page: Page }> {
  const served = await serve(['--training'], o);
  const browser = await launchChromium();
  started.push({ served, browser });
  const page = await newCounterPage(browser, served.url);
  await page.getByTestId('sign-in').waitFor();
  await signIn(page, 'A01');
  await page.getByTestId('insert-normal').click();
  await expect.poll(() => page.getByTestId('status-card').textContent()).toContain('有卡');
  await page.evaluate(WATCH_PRINTS);
  return { served, page };
}

async function recharge(page: Page, amount: string): Promise<string> {
  await readCard(page);
  await page.getByTestId('to-amount').click();
  await typeAmount(page, amount);
  await page.getByTestId('amount-confirm').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('pay-qr').waitFor();
  await page.getByTestId('pay-simulate').click();
  await page.getByTestId('result-success').waitFor({ timeout: 30_000 });
  return (await counterData<CounterStatus>(page, 'status')).activeRechargeId ?? '';
}
const today = (): string => new Date().toLocaleDateString('sv-SE');

describe('receipts in browser mode', () => {
  it('no printer set: the receipt opens in the page\'s own print dialog once archived; nothing to download first', async () => {
    const { served, page } = await counter();
    const id = await recharge(page, '66');
    await expect.poll(() => page.getByTestId('receipt-status').textContent(), { timeout: 30_000 }).toContain('回单已存档');
    expect(await page.getByTestId('receipt-status').textContent()).toContain('打印窗口已打开');
    await expect.poll(async () => (await prints(page)).length).toBe(1);
    const [dialog] = await prints(page);
    // The frame printed: the receipt itself, unable to run script, nothing else of the counter's screen.
    expect(dialog?.sandbox).toBe('allow-same-origin allow-modals');
    expect(dialog?.scripts).toBe(0);
    for (const words of ['ETC 陇通卡充值回单', '66.00', '陆拾陆元整', '6201 0000 0000 0000 0001', '票根', id]) expect(dialog?.text).toContain(words);
    expect(dialog?.text).not.toContain('模拟扫码支付');
    expect(existsSync(join(served.home, 'training', 'archive', today(), `${id}-receipt.pdf`))).toBe(true);
    expect(await page.getByTestId('receipt-status').textContent()).not.toContain(id); // the archive's name is no clerk's business
    expect(await page.getByTestId('receipt-download').isVisible()).toBe(true); // the PDF is still there to take
    // The keyboard stays on the result step: 下一位客户 keeps the focus, not the frame that was printed.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('result-new');
    await shot(page, 'receipt-dialog-01-result');

    // Shown again after a reload: the archived original, and no second dialog for it.
    await page.reload();
    await page.evaluate(WATCH_PRINTS);
    await page.getByTestId('result-success').waitFor();
    await expect.poll(() => page.getByTestId('receipt-status').textContent()).toContain('回单已存档');
    expect(await page.getByTestId('receipt-status').textContent()).not.toContain('打印窗口');
    expect(await prints(page)).toEqual([]);
    await page.keyboard.press('Enter'); // 下一位客户, by keyboard
    await page.getByTestId('step-read').waitFor();
  });

  it('a printer set: the archived PDF goes to lp, byte for byte, and no dialog opens', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'e2e-lp-'));
    // A stand-in `lp` on PATH: keeps the file it is handed and its arguments, as a print queue takes a job.
    writeFileSync(join(bin, 'lp'), `#!/bin/sh\nfor a; do last="$a"; done\ncp "$last" "${bin}/job.pdf"\necho "$@" > "${bin}/args"\n`);
    chmodSync(join(bin, 'lp'), 0o755);
    const { served, page } = await counter({ settings: { printerName: 'Counter-80' }, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    const id = await recharge(page, '12.30');
    await expect.poll(() => page.getByTestId('receipt-status').textContent(), { timeout: 30_000 }).toContain('回单已打印并存档');
    expect(await prints(page)).toEqual([]);
    expect(readFileSync(join(bin, 'args'), 'utf8')).toMatch(/^-d Counter-80 -o media=Custom\.80x297mm/);
    const archived = readFileSync(join(served.home, 'training', 'archive', today(), `${id}-receipt.pdf`));
    expect(readFileSync(join(bin, 'job.pdf')).equals(archived)).toBe(true);
  });
});
