import { describe, expect, it } from 'vitest';
import { isAppUrl, secureWebPreferences } from './security';

describe('Electron window security', () => {
  it.each([
    ['app://counter/index.html', true], ['app://counter', true], ['app://counter.evil/index.html', false],
    ['app://counterx/', false], ['file:///work/main/dist/renderer/index.html', false], ['http://127.0.0.1:8080/', false], [undefined, false],
  ])('treats %s as the app: %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));

  it('keeps the page isolated and sandboxed, without Node', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
    });
  });
});
