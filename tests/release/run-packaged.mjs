// Test code: drives the packaged main entry in real mode, as the window would (release:check step 3,
// docs/release.md). Run as `node --import ./trace.mjs run-packaged.mjs <config.json>` by
// scripts/release/real-run.mjs, with the app taken out of app.asar, $ETC_COUNTER_HOME holding the
// settings (host over HTTPS, issuer CA, client certificate, vpcd reader) and the issuer-host simulator
// and a virtual card running in processes of their own. Uses Node's built-ins only, so that everything
// the trace records beyond this folder is the app's.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { standin } from './electron-module.mjs';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const steps = [];
const step = (what, detail = '') => { steps.push(detail ? `${what}: ${detail}` : what); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function invoke(name, req = {}, url = 'app://counter/index.html') {
  const handler = standin.ipc.get(`counter:${name}`);
  if (!handler) throw new Error(`the app registered no handler for ${name}`);
  return handler({ senderFrame: { url }, sender: { id: standin.windows[0]?.webContents.id ?? 1 } }, req);
}
async function ok(name, req) {
  const r = await invoke(name, req);
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
  return r.data;
}

/** The customer pays on the simulator (its /sim/ routes sit behind the same mutual TLS). */
function pay(orderId) {
  return new Promise((resolve, reject) => {
    const req = request(`${cfg.hostUrl}/sim/orders/${encodeURIComponent(orderId)}/pay`, {
      method: 'POST', ca: readFileSync(cfg.ca), cert: readFileSync(cfg.cert), key: readFileSync(cfg.key),
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`pay: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function run() {
  const pkg = JSON.parse(readFileSync(join(cfg.appDir, 'package.json'), 'utf8'));
  await import(pathToFileURL(join(cfg.appDir, pkg.main)).href);
  await until('the window', () => standin.loaded.length > 0 && standin.ipc.has('counter:status'));
  step('main entry started', `${pkg.main}; window at ${standin.loaded[0]}; ${standin.ipc.size} IPC channels`);

  const win = standin.windows[0];
  const preload = win.options.webPreferences?.preload;
  if (!preload || !existsSync(preload)) throw new Error(`preload missing: ${preload}`);
  const page = await standin.protocols.get('app')(new Request('app://counter/index.html'));
  const html = await page.text();
  if (page.status !== 200 || !page.headers.get('content-security-policy') || !html.includes('id="app"')) {
    throw new Error(`app://counter/index.html answered ${page.status}`);
  }
  step('renderer served on app://', `index.html ${html.length} bytes with its CSP; sandboxed window, preload present`);
  const refused = await invoke('status', {}, 'https://evil.example/');
  if (refused.ok || refused.code !== 'IPC_SENDER_REFUSED') throw new Error('a foreign page was not refused');
  step('IPC gate', 'a call from another origin refused (IPC_SENDER_REFUSED)');

  const setup = await ok('setupStatus');
  if (setup.training || !setup.required || setup.step !== 'supervisor' || setup.hostProblem) throw new Error(`setupStatus ${JSON.stringify(setup)}`);
  const early = await invoke('rechargeStart', { amountFen: 100, channel: 'wechat' });
  if (early.ok || early.code !== 'AUTH_REQUIRED') throw new Error(`rechargeStart before set-up: ${JSON.stringify(early)}`);
  const made = await ok('setupCreateSupervisor', cfg.supervisor);
  step('first-run set-up', `supervisor ${made.operator.operatorId} created, recovery code of ${made.recoveryCode.length} characters shown once`);
  const settings = await ok('settings');
  if (settings.training || settings.mode !== 'real' || settings.hostUrl !== cfg.hostUrl) throw new Error(`settings ${JSON.stringify(settings)}`);

  const status = await until('the card in the reader', async () => {
    const s = await ok('status');
    return s.cardPresent && s.reader === cfg.reader ? s : null;
  }, 30_000);
  step('real mode', `training=${status.training}, terminal ${status.terminalId}, reader "${status.reader}" with a card`);
  const read = await ok('readCard');
  if (!read.hostChecked || read.refusal) throw new Error(`readCard ${JSON.stringify({ hostChecked: read.hostChecked, refusal: read.refusal })}`);
  step('card read through pcscd/vpcd', `${read.card.cardNo}, balance ${read.card.balanceFen} fen; 圈存检测 over HTTPS answered`);

  const started = await ok('rechargeStart', { amountFen: cfg.amountFen, channel: 'wechat' });
  await pay(started.orderId);
  const paid = await until('PAID', async () => {
    const r = await ok('rechargeCheckPayment', { id: started.id });
    return r.state === 'PAID' ? r : null;
  }, 20_000);
  const loaded = await ok('rechargeLoad', { id: paid.id });
  if (loaded.state !== 'VERIFIED') throw new Error(`recharge ended ${loaded.state}: ${JSON.stringify(loaded.error)}`);
  step('one recharge over mutual TLS', `order ${started.orderId}, ${cfg.amountFen} fen, ${read.card.balanceFen} → ${loaded.balanceAfterFen} fen, ${loaded.state}, TAC ${loaded.tac}`);

  // The app prevents the first before-quit itself (it closes its services, then calls app.exit(0)), so what
  // counts is that it exits, with 0, soon.
  standin.quit();
  const code = await Promise.race([standin.exited, sleep(30_000).then(() => 'timeout')]);
  if (code !== 0) throw new Error(code === 'timeout' ? 'the app did not exit within 30 s of quit()' : `app.exit(${code})`);
  step('shut down', 'before-quit → services closed → app.exit(0)');
  return { ok: true, recharge: { orderId: started.orderId, state: loaded.state, amountFen: cfg.amountFen, before: read.card.balanceFen, after: loaded.balanceAfterFen } };
}

let result;
try {
  result = await run();
} catch (e) {
  result = { ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) };
}
await globalThis.__flushModuleTrace?.();
writeFileSync(cfg.resultFile, JSON.stringify({ ...result, steps }, null, 2));
process.exit(result.ok ? 0 : 1);
