#!/usr/bin/env node
// npm run release:check — what a bank would install, built and checked here, offline (docs/release.md):
//  1. `npm run build` (renderer, Electron main, preload, command line);
//  2. electron-builder packs it exactly as electron-builder.yml says, `--linux dir`, from a stand-in Electron
//     distribution (no download) with the native rebuild off; what ships is listed and checked: no
//     devDependency, no test file, no source map with a machine path, no key file outside the training
//     module, native addons unpacked, the fuses flipped (scripts/release/inspect.mjs);
//  3. the packaged main entry runs under plain Node in real mode — HTTPS with a client certificate to the
//     host simulator, a card in pcscd's vpcd reader, one recharge, shut down — and its module-load trace
//     must show nothing of sim/ and no devDependency (scripts/release/real-run.mjs, verdict.mjs).
// Prints a summary and exits 1 with one line per problem.
// Flags: --no-build (dist/ is fresh), --no-run (steps 1–2 only), --no-lock (the caller holds the vpcd lock,
// or runs alone as CI does), --release (native addons must already carry Electron's ABI: for the real release).
import { rootFrom } from './lib/paths.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeElectronDistStandin } from './release/electron-dist-standin.mjs';
import { inspectPackage } from './release/inspect.mjs';
import { releaseNodeProblem } from './lib/node-check.mjs';
import { describeTrace, judgeTrace } from './release/verdict.mjs';

const root = rootFrom(import.meta.url);
const args = new Set(process.argv.slice(2));
const OUT = join(root, 'out', 'release-check');
const VPCD_LOCK = '/tmp/etc-counter-vpcd.lock'; // docs/contributing.md: every vpcd user takes it
const t0 = Date.now();
const step = (s) => console.log(`[release:check ${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);
const problems = [];
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

// The release toolchain's Node (.nvmrc, docs/release.md §3): required for --release, said otherwise.
const nodeProblem = releaseNodeProblem();
if (nodeProblem && args.has('--release')) problems.push(nodeProblem);
else if (nodeProblem) step(`note: ${nodeProblem} — this offline check runs on it; making installers does not (scripts/release/build-installer.mjs)`);

if (!args.has('--no-build')) {
  step('npm run build');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

step('electron-builder --linux dir (electron-builder.yml; stand-in Electron dist, native rebuild off)');
const standin = writeElectronDistStandin(join(OUT, 'electron-standin'));
const pack = spawnSync(process.execPath, [join(root, 'scripts', 'release', 'pack.mjs'), standin, OUT], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
for (const l of `${pack.stdout}${pack.stderr}`.split('\n')) if (l.trim() && !l.includes('duplicate dependency references')) console.log(`  ${l.trim()}`);
if (pack.status !== 0) {
  console.log(`release:check FAILED: electron-builder exited ${pack.status}`);
  process.exit(1);
}

step('what ships');
const appOut = join(OUT, 'linux-unpacked');
const p = await inspectPackage(appOut, 'etc-counter');
problems.push(...p.problems);
const deps = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies);
const version = (n) => [...(p.prod.get(n) ?? [])].join('/');
console.log(`  app.asar: ${p.counts.packed} files packed (${mb(p.bytes.asar)}) + app.asar.unpacked: ${p.counts.unpacked} files (${mb(p.bytes.unpacked)}) = ` +
  `${p.counts.files} files, ${mb(p.bytes.asar + p.bytes.unpacked)}; ${p.shipped.length} packages`);
console.log(`  production dependencies: ${deps.map((d) => `${d} ${version(d)}`).join(', ')}`);
console.log(`  all packages shipped (${p.shipped.length}): ${p.shipped.join(' ')}`);
console.log(`  source maps shipped: ${p.counts.maps}; key files shipped: ${p.counts.keyFiles.join(', ') || 'none'} (the training module's only)`);
const refusal = (what, re) => {
  const n = p.problems.filter((x) => re.test(x)).length;
  return `${what}: ${n === 0 ? 'none ✓' : `${n} ✗`}`;
};
const devCount = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies ?? {}).length;
console.log(`  refusals checked — ${[refusal(`devDependency shipped (of ${devCount})`, /devDependenc|no production dependency|not in app\.asar/),
  refusal('test file shipped', /^test file ships/), refusal(`source map with a machine path (of ${p.counts.maps} maps)`, /machine('s)? path/),
  refusal('key file outside the training module', /^key file outside/)].join('; ')}`);
console.log(`  fuses: ${Object.entries(p.fuses).map(([k, v]) => `${k} ${v}`).join(', ')}`);
for (const n of p.natives) {
  const note = n.abi === p.electronAbi ? `Electron ${p.electronVersion}'s` : n.abi === process.versions.modules
    ? `this Node's — the release rebuilds it for Electron ${p.electronVersion} (ABI ${p.electronAbi})` : 'unknown';
  console.log(`  native: ${n.file} ABI ${n.abi} (${note})`);
  if (args.has('--release') && n.abi !== 'napi' && n.abi !== p.electronAbi) problems.push(`${n.file} has ABI ${n.abi}; Electron ${p.electronVersion} needs ${p.electronAbi}`);
}

let verdictLine = 'module trace: not run (--no-run)';
let twoUsersLine = 'two-user run: not run';
if (!args.has('--no-run')) {
  step('the packaged main entry in real mode, under plain Node (HTTPS + client certificate, pcscd/vpcd, one recharge)');
  const resultFile = join(mkdtempSync(join(tmpdir(), 'etc-release-result-')), 'result.json');
  const run = [process.execPath, join(root, 'scripts', 'release', 'real-run.mjs'), p.asarPath, resultFile];
  const locked = !args.has('--no-lock') && existsSync('/usr/bin/flock');
  if (locked) console.log(`  taking the vpcd lock (${VPCD_LOCK}) …`);
  const r = spawnSync(locked ? 'flock' : run[0], locked ? [VPCD_LOCK, ...run] : run.slice(1), { cwd: root, stdio: 'inherit' });
  const out = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : { ok: false, error: `real-run exited ${r.status}`, steps: [] };
  for (const s of out.steps ?? []) console.log(`  ✓ ${s}`);
  if (!out.ok) problems.push(`real-mode run failed: ${out.error}`);
  if (out.trace) {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const v = judgeTrace(out.trace, out.app, p.prod, manifest.devDependencies ?? {});
    for (const l of describeTrace(v)) console.log(`  ${l}`);
    problems.push(...v.problems.map((x) => `module trace: ${x}`));
    const named = ['playwright-core', 'vite', 'tsx', 'esbuild'].map((n) => `${n} ${v.packages.has(n) ? 'LOADED' : 'no'}`).join(', ');
    verdictLine = v.problems.length === 0
      ? `module trace verdict: real mode loaded nothing under sim/ and no devDependency (${named}; ${v.bundles.size} app files, ${v.packages.size} production packages) — PASS`
      : `module trace verdict: FAIL (${v.problems.length} problem(s))`;
  } else {
    verdictLine = 'module trace verdict: FAIL (no trace)';
  }
  console.log(`  real-mode run: ${out.ok ? `ok in ${(out.ms / 1000).toFixed(1)} s` : 'FAILED'}`);
  if (out.ok) {
    step('two OS accounts of one counter PC: one data folder, one journal, one 待处理 list; the machine policy\'s lock');
    const two = out.twoUsers;
    for (const s of two?.steps ?? []) console.log(`  ✓ ${s}`);
    if (!two) problems.push('two-user run: not run');
    else if (!two.ok) problems.push(`two-user run failed: ${two.error}`);
    twoUsersLine = two?.ok ? 'two-user run (one journal, one 待处理 list, policy lock, installed CLI) — PASS' : 'two-user run — FAIL';
  }
}

console.log(`\nrelease:check summary: ${p.counts.files} files, ${mb(p.bytes.asar + p.bytes.unpacked)} shipped; ` +
  `production dependencies ${deps.join(', ')}; ${verdictLine}; ${twoUsersLine}`);
for (const x of problems) console.log(`  ✗ ${x}`);
console.log(problems.length === 0 ? `release:check passed (${((Date.now() - t0) / 1000).toFixed(0)} s)` : `release:check FAILED: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
