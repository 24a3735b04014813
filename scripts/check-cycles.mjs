#!/usr/bin/env node
// Two checks over the import graph of main/, contract/, renderer/, sim/ and preload/ (docs/architecture.md §1);
// exits 1 when either fails. Run by scripts/run-tests.mjs as a counted check, like lint.
//
// 1. No import cycles. Every relative import counts — static, `import type`, `export … from` and dynamic
//    `import()`, in .ts files and .vue <script> blocks: a cycle of types is still two modules that cannot be
//    read, or moved, one without the other.
// 2. What an entry loads when it starts: the static value imports an entry reaches (packages included;
//    `import type` and `import()` left out) must not include what belongs to another path — the Electron
//    entry and real mode reach nothing of sim/, the CLI, the browser bridge, vite or playwright-core; the
//    sandboxed preload bundles no schema library and no message table.

import { rootFrom } from './lib/paths.mjs';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = rootFrom(import.meta.url);
const DIRS = ['main', 'contract', 'renderer', 'sim', 'preload'];
const SKIP = new Set(['node_modules', 'dist', 'fixtures']);
const EXT = ['.ts', '.vue', '.mjs', '.js'];
/** entry → what its static imports must never reach (file prefixes, or `pkg:<name>`). */
const MUST_NOT_REACH = {
  'main/app/electron-main.ts': ['sim/', 'main/cli/', 'main/ipc/bridge.ts', 'main/app/browser-mode.ts', 'main/app/renderer-build.ts',
    'main/print/chromium-printer.ts', 'pkg:playwright-core', 'pkg:vite'],
  // Real mode, as main/compose/index.ts loads it (training's module is a dynamic import).
  'main/compose/index.ts': ['sim/', 'main/training/', 'main/cli/', 'main/ipc/bridge.ts', 'main/print/chromium-printer.ts', 'pkg:playwright-core', 'pkg:vite'],
  'preload/index.ts': ['pkg:zod', 'contract/ipc/calls.ts', 'contract/i18n/', 'contract/errors.ts'],
};

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (EXT.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The script of a .vue file (both blocks), or the file itself. */
function source(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.vue')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** Every module specifier of a file, with how it is imported: 'static', 'type' or 'dynamic'. */
function importsOf(file) {
  const sf = ts.createSourceFile(file, source(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly = c !== undefined && (c.isTypeOnly || (!c.name && c.namedBindings !== undefined &&
        ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ spec: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'static' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      found.push({ spec: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'static' });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ spec: arg.text, kind: 'dynamic' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ spec: node.argument.literal.text, kind: 'type' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** A relative specifier to a file of the graph: as written, with an extension, `.js` for `.ts`, or an index. */
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  const tries = [base, ...EXT.map((e) => base + e), base.replace(/\.js$/, '.ts'), ...EXT.map((e) => join(base, `index${e}`))];
  return tries.find((p) => existsSync(p) && statSync(p).isFile()) ?? null;
}
/** `@scope/name/deep` → `pkg:@scope/name`; `node:fs` and other built-ins → null. */
function packageOf(spec) {
  if (spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  return `pkg:${spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
}

const rel = (p) => relative(root, p);
const files = DIRS.filter((d) => existsSync(join(root, d))).flatMap((d) => walk(join(root, d), []));
/** file → Set of files it imports (any kind): the cycle check's graph. */
const graph = new Map();
/** file → Set of files and packages it imports statically, as values: the reach check's graph. */
const loads = new Map();
for (const file of files) {
  const all = new Set();
  const values = new Set();
  for (const { spec, kind } of importsOf(file)) {
    const target = spec.startsWith('.') ? resolveImport(file, spec) : null;
    const node = target ? rel(target) : spec.startsWith('.') ? null : packageOf(spec);
    if (!node) continue;
    if (target) all.add(node);
    if (kind === 'static') values.add(node);
  }
  graph.set(rel(file), all);
  loads.set(rel(file), values);
}

// ── 1. cycles ────────────────────────────────────────────────────────────────────────────────────────
let failed = false;
const edge = (a, b) => graph.get(a)?.has(b) ?? false;

// Tarjan's strongly connected components over the import graph.
let index = 0;
const stack = [];
const meta = new Map();
const components = [];
function connect(v) {
  const m = { index, low: index, onStack: true };
  index++;
  meta.set(v, m);
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) { connect(w); m.low = Math.min(m.low, meta.get(w).low); }
    else if (meta.get(w).onStack) m.low = Math.min(m.low, meta.get(w).index);
  }
  if (m.low === m.index) {
    const c = [];
    let w;
    do { w = stack.pop(); meta.get(w).onStack = false; c.push(w); } while (w !== v);
    if (c.length > 1 || edge(v, v)) components.push(c);
  }
}
for (const v of graph.keys()) if (!meta.has(v)) connect(v);

/** One cycle inside a component, as a path a → b → … → a (breadth-first from its first file). */
function cycleIn(c) {
  const set = new Set(c);
  const start = [...c].sort()[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!set.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  return c;
}

for (const c of components) {
  failed = true;
  console.log(`cycle (${c.length} files): ${cycleIn(c).join(' → ')}`);
}

// ── 2. what each entry loads ─────────────────────────────────────────────────────────────────────────
for (const [entry, banned] of Object.entries(MUST_NOT_REACH)) {
  if (!loads.has(entry)) { failed = true; console.log(`entry not found: ${entry}`); continue; }
  const prev = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const v = queue.shift();
    for (const w of loads.get(v) ?? []) if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
  }
  for (const node of prev.keys()) {
    if (!banned.some((b) => node === b || (b.endsWith('/') && node.startsWith(b)))) continue;
    failed = true;
    const chain = [];
    for (let u = node; u !== null; u = prev.get(u)) chain.unshift(u);
    console.log(`${entry} loads what it must not: ${chain.join(' → ')}`);
  }
}

console.log(`${graph.size} files, ${[...graph.values()].reduce((n, s) => n + s.size, 0)} imports, ` +
  `${Object.keys(MUST_NOT_REACH).length} entries checked: ${failed ? 'FAILED' : 'no import cycles, no entry loads what it must not'}`);
process.exit(failed ? 1 : 0);
