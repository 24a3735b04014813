#!/usr/bin/env node
// Bundles main's two entries and the preload for a release (docs/release.md):
// - dist/main/app/electron-main.js — the Electron main process (ESM, node_modules left external: native
//   addons stay loadable, and the packaged app resolves them from its asar);
// - dist/cli/index.js — the command line, run by bin/etc-counter.mjs without tsx (docs/architecture.md §5);
// - dist/preload/index.cjs — CommonJS with everything but `electron` inlined (a sandboxed preload cannot
//   require packages).
//
// Each entry is split at its dynamic imports: what only one path needs — training mode's simulators
// (main/compose/training.ts), the PC/SC addon's wrapper, the Electron or Chromium printer, each CLI
// command — is a chunk of its own under dist/<entry>/chunks/, loaded only when that path runs.
// Training's fixtures (the training key file and card profiles) are copied to dist/sim/fixtures: the
// training chunk finds them two folders up from itself, as main/compose/training.ts finds sim/fixtures.
// esbuild's metafiles (which source went into which output) go to .tsbuild/build-meta/, never into dist/:
// the release check maps its module-load trace back to sources with them (scripts/release-check.mjs).
import { cpSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { rootFrom } from './lib/paths.mjs';

const root = rootFrom(import.meta.url);
const at = (rel) => join(root, ...rel.split('/'));
const common = { absWorkingDir: root, bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20', metafile: true };
const split = { splitting: true, platform: 'node', format: 'esm', packages: 'external', chunkNames: 'chunks/[name]-[hash]', entryNames: '[name]' };

for (const d of ['dist/main', 'dist/cli', 'dist/sim', 'dist/preload']) rmSync(at(d), { recursive: true, force: true });
// The Electron entry and the installed command line (main/cli/installed.ts: `etc-counter.exe journal verify …`,
// loaded by path only when the app is given a command) share chunks; the window's run never loads the latter.
const main = await build({ ...common, ...split, entryPoints: ['main/app/electron-main.ts', 'main/cli/installed.ts'], outdir: 'dist/main', outbase: 'main', entryNames: '[dir]/[name]' });
const cli = await build({ ...common, ...split, entryPoints: ['main/cli/index.ts'], outdir: 'dist/cli' });
const preload = await build({
  ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/index.cjs', platform: 'node', format: 'cjs', external: ['electron'], minify: true,
});
cpSync(at('sim/fixtures'), at('dist/sim/fixtures'), { recursive: true });

// Modules that find files relative to themselves must sit two folders below dist/, in a chunk.
for (const [name, meta] of [['main', main.metafile], ['cli', cli.metafile]]) {
  for (const [out, o] of Object.entries(meta.outputs)) {
    if (out.endsWith('.map')) continue;
    if (o.inputs['main/compose/training.ts'] && !/^dist\/[^/]+\/chunks\//.test(out)) {
      throw new Error(`${name}: main/compose/training.ts landed in ${out}, not in a chunk two folders below dist/ (its fixtures would not be found)`);
    }
  }
}
mkdirSync(at('.tsbuild/build-meta'), { recursive: true });
writeFileSync(at('.tsbuild/build-meta/main.json'), JSON.stringify(main.metafile));
writeFileSync(at('.tsbuild/build-meta/cli.json'), JSON.stringify(cli.metafile));
writeFileSync(at('.tsbuild/build-meta/preload.json'), JSON.stringify(preload.metafile));

const size = (f) => `${(statSync(at(f)).size / 1024).toFixed(1)} KiB`;
console.log(`built dist/main/app/electron-main.js (${size('dist/main/app/electron-main.js')}), dist/cli/index.js (${size('dist/cli/index.js')}), ` +
  `chunks in dist/{main,cli}/chunks/, and dist/preload/index.cjs (${size('dist/preload/index.cjs')})`);
