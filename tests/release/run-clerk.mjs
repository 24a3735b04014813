// Test code: release:check's two-user run (docs/release.md §5): the packaged main entry started by one of
// two OS accounts of the same counter PC, with no ETC_COUNTER_HOME — the release's own data folder
// (/var/lib/etc-counter) is the one place both find. Run as the account by scripts/release/two-users.mjs:
//   node --import ./trace.mjs run-clerk.mjs <config.json>
// config.role: "first" — the first supervisor, the machine policy's lock, a recharge paid and left in 待处理;
//              "second" — the same journal: sign in, find that recharge in 待处理, finish it from the card;
//              "cli" — the installed command line (`etc-counter journal verify`), no window: argv is the command.
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { standin } from './electron-module.mjs';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const steps = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const entry = () => pathToFileURL(join(cfg.appDir, JSON.parse(readFileSync(join(cfg.appDir, 'package.json'), 'utf8')).main)).href;

async function until(what, fn, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
function invoke(name, req = {}) {
  const handler = standin.ipc.get(`counter:${name}`);
  if (!handler) throw new Error(`the app registered no handler for ${name}`);
  return handler({ senderFrame: { url: 'app://counter/index.html' }, sender: { id: standin.windows[0]?.webContents.id ?? 1 } }, req);
}
async function ok(name, req) {
  const r = await invoke(name, req);
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message} (${r.ref})`);
  return r.data;
}
function pay(orderId) {
  return new Promise((resolve, reject) => {
    const req = request(`${cfg.hostUrl}/sim/orders/${encodeURIComponent(orderId)}/pay`, {
      method: 'POST', ca: readFileSync(cfg.ca), cert: readFileSync(cfg.cert), key: readFileSync(cfg.key),
    }, (res) => { res.resume(); res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`pay: HTTP ${res.statusCode}`)))); });
    req.on('error', reject);
    req.end();
  });
}
async function quit() {
  standin.quit();
  const code = await Promise.race([standin.exited, sleep(30_000).then(() => 'timeout')]);
  if (code !== 0) throw new Error(`quit: ${code}`);
}

async function first() {
  const setup = await ok('setupStatus');
  if (!setup.required || setup.step !== 'supervisor' || setup.training) throw new Error(`setupStatus ${JSON.stringify(setup)}`);
  await ok('setupCreateSupervisor', cfg.supervisor);
  const estate = await ok('estateStatus');
  if (!estate.release) throw new Error('not a release');
  const locked = [...estate.locked].sort();
  for (const f of ['branch', 'hostUrl', 'terminalId']) if (!locked.includes(f)) throw new Error(`policy does not lock ${f}: ${locked}`);
  const refused = await invoke('settingsSave', { branch: '柜员想改的网点', terminalId: '000001000099' });
  if (refused.ok || refused.code !== 'SETTINGS_POLICY_LOCKED') throw new Error(`settingsSave of policy fields: ${JSON.stringify(refused)}`);
  const settings = await ok('settings');
  steps.push(`policy lock: ${locked.join(', ')} locked; settingsSave refused (${refused.code}: ${refused.message}; 错误编号 ${refused.ref}); branch stays ${settings.branch}`);
  await until('the card', async () => (await ok('status')).cardPresent);
  const read = await ok('readCard');
  const r = await ok('rechargeStart', { amountFen: cfg.amountFen, channel: 'wechat' });
  await pay(r.orderId);
  const paid = await until('PAID', async () => {
    const x = await ok('rechargeCheckPayment', { id: r.id });
    return x.state === 'PAID' ? x : null;
  });
  steps.push(`recharge ${paid.id} of ${cfg.amountFen} fen on card ${read.card.cardNo.slice(0, 4)}…${read.card.cardNo.slice(-4)}: PAID, left unloaded`);
  await quit();
  return { rechargeId: paid.id, balanceBefore: read.card.balanceFen };
}

async function second() {
  const setup = await ok('setupStatus');
  if (setup.required) throw new Error(`setupStatus ${JSON.stringify(setup)}`);
  await ok('signIn', { operatorId: cfg.supervisor.operatorId, password: cfg.supervisor.password });
  const pending = await ok('pending');
  const found = pending.find((p) => p.id === cfg.rechargeId);
  if (!found || found.state !== 'PAID') throw new Error(`待处理 does not hold ${cfg.rechargeId}: ${JSON.stringify(pending.map((p) => [p.id, p.state]))}`);
  steps.push(`待处理 lists ${pending.length} recharge(s), ${found.id} PAID (made under the other account)`);
  await until('the card', async () => (await ok('status')).cardPresent);
  const done = await ok('rechargeResume', { id: cfg.rechargeId });
  if (done.state !== 'VERIFIED') throw new Error(`resume ended ${done.state}`);
  steps.push(`finished it here: ${done.state}, balance ${done.balanceBeforeFen} → ${done.balanceAfterFen} fen`);
  if ((await ok('pending')).length !== 0) throw new Error('待处理 not empty');
  await quit();
  return { state: done.state };
}

let result;
if (cfg.role === 'cli') {
  process.argv = [process.execPath, ...cfg.argv];
  await import(entry());
  const code = await Promise.race([standin.exited, sleep(60_000).then(() => 'timeout')]);
  await globalThis.__flushModuleTrace?.();
  // Without a window: none created, no app:// protocol, no IPC handler.
  if (standin.windows.length > 0 || standin.ipc.size > 0) {
    process.stderr.write(`the command opened ${standin.windows.length} window(s) and ${standin.ipc.size} IPC handler(s)\n`);
    process.exit(98);
  }
  process.exit(typeof code === 'number' ? code : 99);
}
try {
  await import(entry());
  await until('the window', () => standin.loaded.length > 0 && standin.ipc.has('counter:status'));
  const out = cfg.role === 'first' ? await first() : await second();
  result = { ok: true, ...out, profile: standin.paths.userData ?? null };
} catch (e) {
  result = { ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e), errorBoxes: standin.errorBoxes };
}
await globalThis.__flushModuleTrace?.();
writeFileSync(cfg.resultFile, JSON.stringify({ ...result, steps }, null, 2));
process.exit(result.ok ? 0 : 1);
