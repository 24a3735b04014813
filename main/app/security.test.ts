import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './renderer-build';
import { denyPermissions, hardenContents, isAppUrl, secureWebPreferences } from './security';

/** The Electron security checklist items main/app/security.ts enforces (docs/security.md). */
describe('Electron window security', () => {
  it.each([
    ['app://counter/index.html', true], ['app://counter', true], ['app://counter.evil/index.html', false],
    ['app://counterx/', false], ['file:///work/main/dist/renderer/index.html', false], ['http://127.0.0.1:8080/', false], [undefined, false],
  ])('treats %s as the app: %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));

  it('keeps the page isolated and sandboxed, without Node, web security on, nothing experimental (items 2-4, 6, 8-10)', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs).toMatchObject({
      preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.webviewTag ?? false).toBe(false);
  });

  it('stops navigation and redirects away from app://counter/, every webview and every new window (items 11-14)', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url?: string) => void) => { handlers.set(name, fn); },
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => { openHandler = fn; },
    } as unknown as WebContents;
    hardenContents(contents);
    const prevented = (name: string, url?: string): boolean => {
      let stopped = false;
      handlers.get(name)?.({ preventDefault: () => { stopped = true; } }, url);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://counter.evil/')).toBe(true);
    expect(prevented('will-navigate', 'app://counter/index.html')).toBe(false);
    expect(prevented('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler).not.toBeNull();
    expect(openHandler!({ url: 'app://counter/index.html' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('grants no permission to anyone and answers every permission check with no (item 5)', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
    let check: ((...a: unknown[]) => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (fn: typeof request) => { request = fn; },
      setPermissionCheckHandler: (fn: typeof check) => { check = fn; },
    } as unknown as Session;
    denyPermissions(session);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | null = null;
      request!(null, p, (g) => { granted = g; });
      expect(granted).toBe(false);
      expect(check!(null, p, 'app://counter', {})).toBe(false);
    }
  });

  it('has no shell.openExternal, no enableBlinkFeatures, no webviewTag and no nodeIntegration: true in the app (items 2, 10, 12, 15)', () => {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) { walk(path); continue; }
        if (!/\.(ts|vue)$/.test(name) || name.endsWith('.test.ts')) continue;
        const text = readFileSync(path, 'utf8');
        for (const bad of [/openExternal\s*\(/, /enableBlinkFeatures/, /webviewTag\s*:\s*true/, /nodeIntegration\w*\s*:\s*true/, /contextIsolation\s*:\s*false/, /sandbox\s*:\s*false/]) {
          if (bad.test(text)) found.push(`${path.slice(REPO_ROOT.length + 1)}: ${bad.source}`);
        }
      }
    };
    for (const top of ['main', 'preload', 'renderer', 'contract']) walk(join(REPO_ROOT, top));
    expect(found).toEqual([]);
  });
});
