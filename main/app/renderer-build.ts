import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's folder: the nearest one above this module holding etc-counter's package.json — two up
 * from main/app/ in the sources, three up from dist/cli/chunks/ in the build (scripts/build-main.mjs).
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'etc-counter') return `${dir}/`;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no etc-counter package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const REPO_ROOT = packageRoot();
export const RENDERER_DIST = join(REPO_ROOT, 'dist', 'renderer');

/** Newest modification time under the renderer's sources (renderer/, contract/, vite.config.ts). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(REPO_ROOT, 'renderer'));
  walk(join(REPO_ROOT, 'contract'));
  return Math.max(newest, statSync(join(REPO_ROOT, 'vite.config.ts')).mtimeMs);
}

/** Missing, or older than its sources. A release has no sources (only dist/): its renderer is what was built. */
export function rendererIsStale(): boolean {
  const index = join(RENDERER_DIST, 'index.html');
  if (!existsSync(join(REPO_ROOT, 'renderer'))) return !existsSync(index);
  return !existsSync(index) || statSync(index).mtimeMs < newestSource();
}

/** Builds dist/renderer with Vite when it is missing or older than its sources. Returns whether it built. */
export function ensureRendererBuilt(log: (line: string) => void = () => {}): boolean {
  if (!rendererIsStale()) return false;
  if (!existsSync(join(REPO_ROOT, 'renderer'))) throw new Error(`${RENDERER_DIST} is missing and there are no sources to build it from`);
  log('building the renderer (vite build)…');
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  return true;
}
