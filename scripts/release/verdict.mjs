// The module-load trace of the packaged app's real-mode run (release:check step 3, docs/release.md), judged:
// every module the app loaded is mapped back to what it is — one of its own bundles (and through esbuild's
// metafile, the sources inside it), a package from its node_modules, a Node built-in, or the test
// harness — and real mode must have loaded nothing of sim/ (nor training's, the CLI's, the bridge's or
// the Chromium printer's code) and no package that is not a production dependency.
import { rootFrom } from '../lib/paths.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = rootFrom(import.meta.url, 2);
/** Sources real mode must never load (docs/architecture.md §1; scripts/check-cycles.mjs checks the static graph). */
export const FORBIDDEN_SOURCES = ['sim/', 'main/training/', 'main/compose/training.ts', 'main/cli/', 'main/ipc/bridge.ts',
  'main/app/browser-mode.ts', 'main/app/renderer-build.ts', 'main/print/chromium-printer.ts'];
const forbidden = (src) => FORBIDDEN_SOURCES.some((f) => src === f || (f.endsWith('/') && src.startsWith(f)));

export function judgeTrace(traceText, appDir, prod, devDependencies) {
  const meta = JSON.parse(readFileSync(join(root, '.tsbuild', 'build-meta', 'main.json'), 'utf8'));
  const harness = join(root, 'tests', 'release') + '/';
  const problems = [];
  const bundles = new Map(); // dist file → its sources
  const packages = new Map(); // name → files loaded
  const builtins = new Set();
  const threads = new Set();
  let standin = false;
  for (const line of traceText.split('\n').filter(Boolean)) {
    const [, thread, url] = line.match(/^\S+ (\d+) (.+)$/) ?? [];
    if (!url) continue;
    threads.add(thread);
    if (url.startsWith('node:')) { builtins.add(url.slice(5)); continue; }
    if (url.startsWith('electron-standin:')) { standin = true; continue; }
    if (!url.startsWith('file:')) { problems.push(`loaded something that is no file: ${url}`); continue; }
    const path = fileURLToPath(url);
    if (path.startsWith(harness)) continue;
    if (!path.startsWith(`${appDir}/`)) { problems.push(`loaded from outside the package: ${path}`); continue; }
    const rel = path.slice(appDir.length + 1);
    const pkg = rel.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1];
    if (pkg) {
      if (!packages.has(pkg)) packages.set(pkg, []);
      packages.get(pkg).push(rel);
      if (!prod.has(pkg)) problems.push(`loaded ${pkg}${pkg in devDependencies ? ', a devDependency,' : ''} which is no production dependency (${rel})`);
      continue;
    }
    if (rel === 'package.json') continue;
    const out = meta.outputs[rel];
    if (!out) { problems.push(`loaded ${rel}, which the build of dist/main did not make`); continue; }
    bundles.set(rel, Object.keys(out.inputs));
  }
  const sources = new Set([...bundles.values()].flat());
  for (const s of sources) if (forbidden(s)) problems.push(`real mode loaded ${s}`);
  if (!standin) problems.push('the app never asked for electron: was the entry run at all?');
  const notLoaded = Object.entries(meta.outputs)
    .filter(([f]) => f.endsWith('.js') && !bundles.has(f))
    .map(([f, o]) => ({ file: f, sources: Object.keys(o.inputs), sim: Object.keys(o.inputs).filter((s) => s.startsWith('sim/')).length }));
  return { problems, bundles, sources, packages, builtins, threads, notLoaded };
}

/** The lines release:check prints about the trace. */
export function describeTrace(v) {
  const lines = [];
  lines.push(`module trace (${v.threads.size} thread${v.threads.size === 1 ? '' : 's'}): ${v.bundles.size} files of dist/main (${v.sources.size} sources), ` +
    `${v.packages.size} packages, ${v.builtins.size} Node built-ins, electron = the test stand-in`);
  lines.push(`  packages loaded: ${[...v.packages.keys()].sort().join(' ')}`);
  lines.push(`  sources loaded by folder: ${Object.entries([...v.sources].reduce((m, s) => ({ ...m, [s.split('/').slice(0, 2).join('/')]: (m[s.split('/').slice(0, 2).join('/')] ?? 0) + 1 }), {}))
    .map(([d, n]) => `${d} ${n}`).join(', ')}`);
  for (const n of v.notLoaded.filter((x) => x.sim > 0)) lines.push(`  not loaded: ${n.file} (${n.sources.length} sources, ${n.sim} of them under sim/)`);
  return lines;
}

export function hasBuildMeta() {
  return existsSync(join(root, '.tsbuild', 'build-meta', 'main.json'));
}
