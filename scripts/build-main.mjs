#!/usr/bin/env node
// Bundles the Electron main process (ESM, node_modules left external: native addons stay loadable) and
// the preload (CommonJS with everything but `electron` inlined: a sandboxed preload cannot require packages).
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
});
console.log('built dist/main/app/electron-main.js and dist/preload/index.cjs');
