#!/usr/bin/env node
// `npm run release:win` / `npm run release:linux` (docs/release.md §3): the installers, on a release machine
// with internet. Refuses to start on a Node older than the release toolchain's (.nvmrc; electron 45 and
// @electron/rebuild 4 need ≥ 22.12), then builds and runs electron-builder with electron-builder.yml —
// whose win.forceCodeSigning makes a Windows build without the bank's certificate fail, not ship unsigned.
// Usage: node scripts/release/build-installer.mjs win|linux
import { spawnSync } from 'node:child_process';
import { releaseNodeProblem } from '../lib/node-check.mjs';
import { rootFrom } from '../lib/paths.mjs';

const TARGETS = { win: ['--win', 'nsis', '--x64'], linux: ['--linux', 'deb', 'AppImage', '--x64'] };
const target = process.argv[2];
if (!(target in TARGETS)) {
  console.error('usage: node scripts/release/build-installer.mjs win|linux');
  process.exit(2);
}
const problem = releaseNodeProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}
if (target === 'win' && process.platform !== 'win32') {
  console.error('the Windows installer is built on Windows: its native addons cannot be cross-built (docs/release.md §2)');
  process.exit(1);
}
const root = rootFrom(import.meta.url, 2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
for (const [cmd, args] of [[npm, ['run', 'build']], [npx, ['electron-builder', ...TARGETS[target], '--publish', 'never']]]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
