// Test code, loaded with `node --import` before the packaged main entry (release:check, docs/release.md):
// records every module this process loads — ES modules through a resolve hook (trace-hooks.mjs, which
// also points `electron` at the stand-in, electron-module.mjs), CommonJS through Module._resolveFilename,
// native addons through process.dlopen — one URL per line, appended to $ETC_TRACE_FILE. Worker threads
// inherit `--import`, so they trace themselves into the same file.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, threadId } from 'node:worker_threads';

const file = process.env.ETC_TRACE_FILE;
if (!file) throw new Error('trace.mjs: set ETC_TRACE_FILE');
const seen = new Set();
const record = (kind, url) => {
  if (seen.has(url)) return;
  seen.add(url);
  appendFileSync(file, `${kind} ${threadId} ${url}\n`);
};

const { port1, port2 } = new MessageChannel();
let flushed = null;
port1.on('message', (m) => {
  if (m === 'flushed') { flushed?.(); return; }
  record('esm', m);
});
port1.unref();
register('./trace-hooks.mjs', import.meta.url, {
  data: { port: port2, electron: new URL('./electron-module.mjs', import.meta.url).href },
  transferList: [port2],
});

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function traced(request, ...rest) {
  const f = resolveFilename.call(this, request, ...rest);
  record('cjs', f.startsWith('/') ? pathToFileURL(f).href : `node:${f.replace(/^node:/, '')}`);
  return f;
};
const dlopen = process.dlopen;
process.dlopen = function traced(module, filename, ...rest) {
  record('native', pathToFileURL(filename).href);
  return dlopen.call(this, module, filename, ...rest);
};

/** Resolves once every resolution the hooks thread saw so far is written (messages keep their order). */
globalThis.__flushModuleTrace = () => new Promise((resolve) => {
  flushed = resolve;
  port1.ref();
  port1.postMessage('flush');
}).finally(() => port1.unref());
