#!/usr/bin/env node
// Bundles the Electron main process (ESM, node_modules left external: native addons stay loadable) and
// the preload (CommonJS with everything but `electron` inlined: a sandboxed preload cannot require packages).
import { cpSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const common = { absWorkingDir: root, bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

await build({
  ...common,
  entryPoints: ['main/app/electron-main.ts'],
  outfile: 'dist/main/app/electron-main.js',
  platform: 'node',
  format: 'esm',
  packages: 'external',
});
await build({
  ...common,
  entryPoints: ['preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  platform: 'node',
  format: 'cjs',
  external: ['electron'],
  minify: true,
});
// Training mode finds its key file and card profiles beside main/services.ts; in the bundle that is dist/main/.
cpSync(`${root}sim/fixtures`, `${root}dist/main/sim/fixtures`, { recursive: true });
console.log('built dist/main/app/electron-main.js and dist/preload/index.cjs');
