import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ES modules of the release scripts, without declarations
import { rootFrom, under } from '../../scripts/lib/paths.mjs';
// @ts-expect-error -- idem
import { atLeast, RELEASE_NODE_MIN, releaseNodeProblem } from '../../scripts/lib/node-check.mjs';

/**
 * The release scripts find the repository through fileURLToPath and node:path (docs/release.md §4): under
 * path.win32 a script's own URL gives `C:\…`, never `/C:/…`; and no script builds paths from a URL's pathname.
 */
describe('the release scripts\' path helpers under path.win32', () => {
  it('give Windows paths for a Windows file URL', () => {
    expect(rootFrom('file:///C:/build/etc%20counter/scripts/build-main.mjs', 1, path.win32)).toBe('C:\\build\\etc counter');
    expect(rootFrom('file:///C:/build/etc-counter/scripts/release/pack.mjs', 2, path.win32)).toBe('C:\\build\\etc-counter');
    expect(under('C:\\build\\etc-counter', 'dist/main/app/electron-main.js', path.win32)).toBe('C:\\build\\etc-counter\\dist\\main\\app\\electron-main.js');
    expect(rootFrom('file:///work/etc-counter/scripts/build-main.mjs', 1, path.posix)).toBe('/work/etc-counter');
  });

  it('are what every script uses: none builds a path from `new URL(…, import.meta.url).pathname`', () => {
    const root = rootFrom(new URL('../../scripts/x.mjs', import.meta.url).href);
    const bad: string[] = [];
    const walk = (dir: string): void => {
      for (const n of readdirSync(dir)) {
        const p = path.join(dir, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(mjs|js)$/.test(n) && /new URL\([^)]*import\.meta\.url\)\.pathname/.test(readFileSync(p, 'utf8'))) bad.push(path.relative(root, p));
      }
    };
    walk(path.join(root, 'scripts'));
    expect(bad).toEqual([]);
  });
});

describe('the release toolchain\'s Node', () => {
  it('is .nvmrc\'s, at least 22.12, and the check refuses older ones', () => {
    const root = rootFrom(new URL('../../scripts/x.mjs', import.meta.url).href);
    expect(atLeast(readFileSync(path.join(root, '.nvmrc'), 'utf8').trim(), RELEASE_NODE_MIN)).toBe(true);
    expect(releaseNodeProblem('20.20.2')).toContain('22.12.0');
    expect(releaseNodeProblem('22.11.9')).not.toBeNull();
    expect(releaseNodeProblem('22.12.0')).toBeNull();
    expect(releaseNodeProblem('24.1.0')).toBeNull();
  });
});
