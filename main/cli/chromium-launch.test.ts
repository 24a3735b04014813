import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumAppLaunch, launchPage } from './chromium-launch';

/** `start` opens Chromium without the one-time code on its command line (docs/security.md "Sessions in browser mode"). */
describe('Chromium launch file', () => {
  const url = 'http://127.0.0.1:4711/?code=S3cr3t-c0de_x';

  it('puts only a private launch file on the command line, never the code, and removes the file', () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'etc-launch-')), 'profile');
    const l = chromiumAppLaunch(url, profile);
    expect(l.args.join(' ')).not.toContain('S3cr3t');
    expect(l.args).toContain(`--user-data-dir=${profile}`);
    expect(statSync(profile).mode & 0o777).toBe(0o700);
    expect(statSync(l.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(l.file, 'utf8')).toContain('S3cr3t-c0de_x');
    l.remove();
    expect(existsSync(l.file)).toBe(false);
  });

  it('escapes the address inside the page', () => {
    expect(launchPage('http://x/?a=1&b="<script>')).not.toMatch(/<script>|"<|&b/);
  });
});
