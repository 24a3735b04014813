import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchWindow } from './window-watch';

function fakeWindow() {
  const contents = Object.assign(new EventEmitter(), { reloads: 0, crashes: 0, reload() { this.reloads++; }, forcefullyCrashRenderer() { this.crashes++; }, isDestroyed: () => false });
  return Object.assign(new EventEmitter(), { webContents: contents });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a crashed or hung window', () => {
  it('is logged and restarted, and the clerk is told once; a clean exit is left alone', () => {
    const win = fakeWindow();
    const lines: [string, string, Record<string, unknown>][] = [];
    const told: string[] = [];
    watchWindow(win, { log: { line: (l, m, c = {}) => { lines.push([l, m, c]); } }, restored: (r) => told.push(r) });
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(lines).toEqual([['error', 'window page gone', { reason: 'crashed', exitCode: 139 }]]);
    expect(win.webContents.reloads).toBe(1);
    expect(told).toEqual(['crashed']);
    const quiet = fakeWindow();
    watchWindow(quiet, { log: { line: () => {} }, restored: (r) => told.push(r) });
    quiet.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(quiet.webContents.reloads).toBe(0);
  });

  it('restarts a page that stops answering for too long, not one that answers again in time', async () => {
    const win = fakeWindow();
    const told: string[] = [];
    watchWindow(win, { log: { line: () => {} }, restored: (r) => told.push(r), hangMs: 50 });
    win.emit('unresponsive');
    await sleep(10);
    win.emit('responsive');
    await sleep(80);
    expect(win.webContents.crashes).toBe(0);
    win.emit('unresponsive');
    await sleep(80);
    expect(win.webContents.crashes).toBe(1);
    expect(win.webContents.reloads).toBe(1);
    expect(told).toEqual(['hung']);
  });
});
