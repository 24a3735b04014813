// What ships, read out of the package electron-builder made (release:check step 2, docs/release.md):
// app.asar listed with @electron/asar, app.asar.unpacked walked, the fuses read back from the executable.
// Returns the figures to print and the problems that fail the check.
import { rootFrom } from '../lib/paths.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = rootFrom(import.meta.url, 2);
const require = createRequire(join(root, 'package.json'));
const asar = require('@electron/asar');

/** The training module's key file: the one key file allowed to ship (main/compose/training.ts reads it). */
export const TRAINING_KEY_FILE = 'dist/sim/fixtures/keys.json';
export const WANT_FUSES = {
  RunAsNode: '0', EnableCookieEncryption: '1', EnableNodeOptionsEnvironmentVariable: '0', EnableNodeCliInspectArguments: '0',
  EnableEmbeddedAsarIntegrityValidation: '1', OnlyLoadAppFromAsar: '1', GrantFileProtocolExtraPrivileges: '0',
};
const packageOf = (p) => p.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? null;
const walk = (dir, base = dir) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))])) : []);

/** Every package npm counts as production (npm ls --omit=dev), name → versions. */
export function productionPackages() {
  const tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
  const names = new Map();
  (function visit(deps) {
    for (const [name, d] of Object.entries(deps ?? {})) {
      if (!names.has(name)) names.set(name, new Set());
      if (d.version) names.get(name).add(d.version);
      visit(d.dependencies);
    }
  })(tree.dependencies);
  return names;
}

export async function inspectPackage(appOut, exeName) {
  const problems = [];
  const fail = (m) => problems.push(m);
  const resources = join(appOut, 'resources');
  const asarPath = join(resources, 'app.asar');
  const entries = asar.listPackage(asarPath, { isPack: false }).map((p) => p.replace(/^[/\\]/, '').replaceAll('\\', '/'));
  const info = (p) => asar.statFile(asarPath, p, false);
  const files = entries.filter((p) => !('files' in info(p)));
  const packed = files.filter((p) => !info(p).unpacked);
  const unpackedDir = `${asarPath}.unpacked`;
  const unpacked = walk(unpackedDir).map((p) => p.replaceAll('\\', '/'));
  const sizeOf = (p) => info(p).size ?? 0;
  const packedBytes = packed.reduce((n, p) => n + sizeOf(p), 0);
  const unpackedBytes = unpacked.reduce((n, p) => n + statSync(join(unpackedDir, p)).size, 0);
  const text = (p) => (info(p).unpacked ? readFileSync(join(unpackedDir, p)) : asar.extractFile(asarPath, p)).toString('utf8');

  // 1. The app: entry, preload, renderer; nothing else at the top; no command line; package.json stripped.
  const pkg = JSON.parse(text('package.json'));
  for (const f of [pkg.main, 'dist/preload/index.cjs', 'dist/renderer/index.html', TRAINING_KEY_FILE]) if (!files.includes(f)) fail(`missing in app.asar: ${f}`);
  for (const f of files) if (!/^(dist\/|node_modules\/|package\.json$)/.test(f)) fail(`unexpected file at the top of app.asar: ${f}`);
  for (const f of files) if (f.startsWith('dist/cli/')) fail(`the command line ships in the app: ${f}`);
  if (pkg.devDependencies || pkg.scripts) fail('the package.json in app.asar still has devDependencies or scripts');

  // 2. Only production packages: every shipped package is one npm counts as production.
  const prod = productionPackages();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const shipped = new Set(files.map(packageOf).filter(Boolean));
  for (const p of shipped) if (!prod.has(p)) fail(`ships but is no production dependency${p in (manifest.devDependencies ?? {}) ? ' (a devDependency)' : ''}: ${p}`);
  for (const p of Object.keys(manifest.devDependencies ?? {})) if (shipped.has(p) && !prod.has(p)) fail(`devDependency ships: ${p}`);
  for (const p of Object.keys(manifest.dependencies ?? {})) if (!shipped.has(p)) fail(`production dependency missing from app.asar: ${p}`);

  // 3. Every bare import of the app's JavaScript resolves to a shipped package (or Node, or electron).
  const builtins = new Set(require('node:module').builtinModules);
  for (const f of files.filter((x) => x.startsWith('dist/main/') && x.endsWith('.js'))) {
    const src = text(f);
    for (const m of src.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"'./][^"']*)["']|import\(\s*["']([^"'./][^"']*)["']\s*\)|require\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (spec.startsWith('node:') || builtins.has(name) || name === 'electron') continue;
      if (!shipped.has(name)) fail(`${f} imports "${spec}", which is not in app.asar (a devDependency?)`);
    }
  }

  // 4. No test files, no source map with a machine path, no key file outside the training module.
  const isTest = (f) => /(^|\/)(__tests__|tests?|spec)\//.test(f.replace(/^node_modules\/(@[^/]+\/)?[^/]+\//, '')) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(f);
  for (const f of [...files]) if (isTest(f)) fail(`test file ships: ${f}`);
  const maps = files.filter((f) => f.endsWith('.map'));
  for (const f of maps) {
    const m = JSON.parse(text(f));
    const paths = [m.sourceRoot ?? '', ...(m.sources ?? [])];
    if (paths.some((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('file:'))) fail(`source map with a machine path ships: ${f}`);
  }
  for (const f of files.filter((x) => x.startsWith('dist/') && /\.(js|cjs|mjs|html|css|json)$/.test(x))) {
    if (text(f).includes(root_())) fail(`${f} holds this machine's path ${root_()}`);
  }
  const keyLike = [];
  for (const f of files) {
    const suspicious = /\.(pem|key|p12|pfx|jks|keystore)$/i.test(f) || (f.endsWith('.json') && sizeOf(f) < 1 << 20 && /"masterKeys"\s*:/.test(text(f)));
    const privateKey = /\.(pem|key|txt|crt|cer)$/i.test(f) && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text(f));
    if (suspicious || privateKey) keyLike.push(f);
  }
  for (const f of keyLike) if (f !== TRAINING_KEY_FILE) fail(`key file outside the training module ships: ${f}`);
  if (files.includes(TRAINING_KEY_FILE) && !/"purpose"\s*:\s*"[^"]*training/i.test(text(TRAINING_KEY_FILE))) fail(`${TRAINING_KEY_FILE} does not say it holds training keys`);

  // 5. Native addons: unpacked, one per native package, their ABI.
  const electronAbi = readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
  const electronVersion = require('electron/package.json').version;
  for (const f of packed) if (f.endsWith('.node')) fail(`native addon packed inside app.asar (cannot be loaded): ${f}`);
  const natives = unpacked.filter((f) => f.endsWith('.node')).map((f) => {
    const m = readFileSync(join(unpackedDir, f)).toString('latin1').match(/node_register_module_v(\d+)|napi_register_module_v1/);
    return { file: f, abi: m ? (m[1] ?? 'napi') : '?' };
  });
  for (const need of ['better-sqlite3', 'pcsclite']) {
    const n = natives.filter((x) => packageOf(x.file) === need).length;
    if (n !== 1) fail(`${need}: ${n} native addons unpacked, want 1`);
  }

  // 6. Fuses, flipped in the executable by electron-builder.
  const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
  const wire = await getCurrentFuseWire(join(appOut, exeName));
  const fuses = {};
  for (const [name, want] of Object.entries(WANT_FUSES)) {
    const got = String.fromCharCode(wire[FuseV1Options[name]]);
    fuses[name] = got === '1' ? 'on' : 'off';
    if (got !== want) fail(`fuse ${name} is ${fuses[name]}, electron-builder.yml wants ${want === '1' ? 'on' : 'off'}`);
  }

  return {
    problems, asarPath, pkg, fuses, natives, electronAbi, electronVersion, shipped: [...shipped].sort(), prod,
    counts: { files: files.length, packed: packed.length, unpacked: unpacked.length, maps: maps.length, keyFiles: keyLike },
    bytes: { asar: statSync(asarPath).size, packed: packedBytes, unpacked: unpackedBytes },
  };
}

function root_() {
  return root.replace(/[\\/]$/, "");
}
