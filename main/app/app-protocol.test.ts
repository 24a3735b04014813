import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFileFor } from './app-protocol';

describe('app:// protocol (the Electron window\'s files)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  const root = join(scratch, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '1');
  writeFileSync(join(scratch, 'secret.txt'), 'outside');
  symlinkSync(join(scratch, 'secret.txt'), join(root, 'assets', 'link.js'));

  it('serves the renderer on app://counter/ only', () => {
    expect(appFileFor('app://counter/', root)?.path).toBe(join(root, 'index.html'));
    expect(appFileFor('app://counter/assets/app.js', root)).toMatchObject({ path: join(root, 'assets', 'app.js'), contentType: expect.stringMatching(/javascript/) });
    expect(appFileFor('app://COUNTER/index.html', root)?.path).toBe(join(root, 'index.html')); // host names are case-blind
  });

  it.each([
    'app://evil/index.html', 'app://counter.evil/index.html', 'app://counterx/index.html', 'app://counter:8080/index.html',
    'app://user:pw@counter/index.html', 'app:///index.html', 'file:///etc/passwd', 'http://counter/index.html', 'app://[',
  ])('refuses another host or scheme: %s', (url) => {
    expect(appFileFor(url, root)).toBeNull();
  });

  it.each([
    'app://counter/../secret.txt', 'app://counter/%2e%2e/secret.txt', 'app://counter/..%2fsecret.txt', 'app://counter/assets/..%2f..%2fsecret.txt',
    'app://counter/%2e%2e%2f%2e%2e%2fsecret.txt', 'app://counter/..%5csecret.txt', 'app://counter/%E0%A4%A', 'app://counter/assets',
    'app://counter/missing.js', 'app://counter/%00index.html', 'app://counter/assets/link.js',
  ])('never leaves the renderer folder, nor serves what is no file: %s', (url) => {
    const file = appFileFor(url, root);
    expect(file === null || file.path.startsWith(root + '/')).toBe(true);
    expect(file?.path.endsWith('secret.txt') ?? false).toBe(false);
    expect(file).toBeNull();
  });
});
