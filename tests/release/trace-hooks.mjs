// Test code: the module-resolution hook of trace.mjs (runs on Node's loader thread). Every resolved URL
// goes back to trace.mjs; `electron` — a development package, not in the packaged app — resolves to
// the stand-in electron-module.mjs.
let port;
let electron;

export function initialize(data) {
  port = data.port;
  electron = data.electron;
  port.on('message', (m) => { if (m === 'flush') port.postMessage('flushed'); });
  port.unref();
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    port.postMessage(`electron-standin:${electron}`);
    return { url: electron, shortCircuit: true };
  }
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}
