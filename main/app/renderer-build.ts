import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
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

export function rendererIsStale(): boolean {
  const index = join(RENDERER_DIST, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < newestSource();
}

/** Builds dist/renderer with Vite when it is missing or older than its sources. Returns whether it built. */
export function ensureRendererBuilt(log: (line: string) => void = () => {}): boolean {
  if (!rendererIsStale()) return false;
  log('building the renderer (vite build)…');
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  return true;
}
