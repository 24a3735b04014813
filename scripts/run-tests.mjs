#!/usr/bin/env node
// Runs type-check, lint, the import-graph check and every vitest test, then prints the closing line
// `N passed, N failed` (type-check, lint, the import graph and release:check count as one check each). Exit code is
// non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { rootFrom } from './lib/paths.mjs';

const root = rootFrom(import.meta.url);
const results = { passed: 0, failed: 0, skipped: 0 };

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

for (const [name, cmd, args] of [
  ['type-check', 'npx', ['tsc', '-b']],
  ['type-check renderer', 'npx', ['vue-tsc', '--noEmit', '-p', 'renderer/tsconfig.json']],
  ['lint', 'npx', ['eslint', '.']],
  ['import graph (no cycles; what each entry loads)', 'node', ['scripts/check-cycles.mjs']],
]) {
  if (step(name, cmd, args)) results.passed++;
  else { results.failed++; console.log(`FAILED: ${name}`); }
}

mkdirSync(join(root, 'artifacts'), { recursive: true });
const report = join(root, 'artifacts', 'vitest-report.json');
const vitestOk = step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  results.passed += json.numPassedTests ?? 0;
  results.failed += json.numFailedTests ?? 0;
  results.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  if (!vitestOk && (json.numFailedTests ?? 0) === 0) results.failed++; // e.g. a suite failed to load
  for (const file of json.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'pending' || t.status === 'skipped') console.log(`skipped: ${t.fullName}`);
    }
  }
} else {
  results.failed++;
  console.log('FAILED: vitest wrote no report');
}
// The packaged-app check counts as one check (docs/release.md). It uses vpcd: the suite runs under the
// vpcd lock already (docs/contributing.md), so the check must not take it again (--no-lock).
if (process.argv.length > 2) {
  results.skipped++;
  console.log('skipped: release:check (only run with the whole suite: vitest arguments were given)');
} else if (step('release:check', 'node', ['scripts/release-check.mjs', '--no-lock'])) results.passed++;
else { results.failed++; console.log('FAILED: release:check'); }
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed === 0 ? 0 : 1);
