#!/usr/bin/env node
// Bundles the Electron main process (ESM, node_modules left external: native addons stay loadable) and
// the preload (CommonJS with everything but `electron` inlined: a sandboxed preload cannot require packages).
//
// Main is split at its dynamic imports: what only one path needs — training mode's simulators
// (main/compose/training.ts), the PC/SC addon's wrapper, the Electron printer — is a chunk of its own under
// dist/main/chunks/, loaded only when that path runs. dist/main/app/electron-main.js holds what every start needs.
import { cpSync, rmSync, statSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const common = { absWorkingDir: root, bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

rmSync(`${root}dist/main`, { recursive: true, force: true });
rmSync(`${root}dist/sim`, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['main/app/electron-main.ts'],
  outdir: 'dist/main',
  outbase: 'main',
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
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
// Training mode finds its key file and card profiles two folders up from its module (main/compose/training.ts):
// sim/fixtures in the sources, dist/sim/fixtures from dist/main/chunks/ in the bundle.
cpSync(`${root}sim/fixtures`, `${root}dist/sim/fixtures`, { recursive: true });
const size = (f) => `${(statSync(`${root}${f}`).size / 1024).toFixed(1)} KiB`;
console.log(`built dist/main/app/electron-main.js (${size('dist/main/app/electron-main.js')}, chunks in dist/main/chunks/) ` +
  `and dist/preload/index.cjs (${size('dist/preload/index.cjs')})`);
