#!/usr/bin/env node
// The etc-counter command line (docs/architecture.md §5, docs/release.md).
// A release (the package without its TypeScript sources) runs the compiled dist/cli. In a development
// checkout the sources run through tsx — unless dist/cli was built after the last change to any of them
// (`npm run build`), in which case the compiled JavaScript runs, as in a release. ETC_COUNTER_CLI=dist or
// ETC_COUNTER_CLI=tsx forces one (bench/cli-start.sh compares them). tsx is a development package: a
// release never loads it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const at = (p) => new URL(p, root);
const BUILT = at('dist/cli/index.js');

/** Newest modification time of the CLI's sources (main/, contract/, sim/); stops early once newer than `than`. */
function sourcesNewerThan(than) {
  const stack = ['main/', 'contract/', 'sim/'].map(at);
  while (stack.length) {
    const dir = stack.pop();
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = new URL(e.isDirectory() ? `${e.name}/` : e.name, dir);
      if (e.isDirectory()) stack.push(p);
      else if (statSync(p).mtimeMs > than) return true;
    }
  }
  return false;
}

function chooseBuild() {
  const forced = process.env.ETC_COUNTER_CLI;
  if (!existsSync(at('main/cli/index.ts'))) return 'release';
  if (forced === 'tsx') return 'development';
  if (!existsSync(BUILT)) {
    if (forced === 'dist') throw new Error('ETC_COUNTER_CLI=dist, but dist/cli/index.js is missing: run `npm run build`');
    return 'development';
  }
  if (forced === 'dist') return 'built';
  return sourcesNewerThan(statSync(BUILT).mtimeMs) ? 'development' : 'built';
}

const build = chooseBuild();
const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8'));
let cli;
if (build === 'development') {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../main/cli/index.ts');
} else {
  cli = await import(BUILT.href);
}
// Exit once the command is done: pcsclite's native status threads can keep the event loop alive after
// the reader was closed (seen now and then with pcscd's vpcd driver). stdout/stderr to pipes and files
// are synchronous on Linux, so nothing written is lost.
process.exit(await cli.main(process.argv.slice(2), { version, build }));
