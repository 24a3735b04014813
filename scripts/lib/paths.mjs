// Paths of the build and release scripts (docs/release.md §4): from `import.meta.url` through
// fileURLToPath and node:path only — a file URL's pathname is `/C:/…` on Windows,
// which no Windows program opens. `flavour` is node:path's posix or win32 object; tests pass path.win32.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder `levels` above the folder of the script at `metaUrl`, as `new URL('../'.repeat(levels), metaUrl)`
 * meant: the repository root for scripts/x.mjs with 1, for scripts/release/x.mjs with 2.
 */
export function rootFrom(metaUrl, levels = 1, flavour = path) {
  let dir = flavour.dirname(fileURLToPath(metaUrl, { windows: flavour === path.win32 }));
  for (let i = 0; i < levels; i++) dir = flavour.dirname(dir);
  return dir;
}

/** A path under the root, joined with the flavour's separator. */
export function under(root, rel, flavour = path) {
  return flavour.join(root, ...rel.split('/'));
}
