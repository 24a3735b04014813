// release:check step 3 (docs/release.md): the packaged main entry, taken out of app.asar into a folder
// outside this repository (so nothing can be found in the repository's node_modules by accident), runs
// under plain Node with the stand-in `electron` module and a module-load trace (tests/release/), in REAL
// mode: the issuer-host simulator serves HTTPS and requires a client certificate (a throw-away CA and
// certificates made with openssl now), a virtual card sits in pcscd's vpcd reader "Virtual PCD 00 01",
// and the driver does the first-run set-up, reads the card, does one recharge and shuts the app down.
// The simulators run in processes of their own: the trace is the app's alone.
// Usage: node real-run.mjs <app.asar> <resultFile> — run under the vpcd lock (release-check.mjs takes it).
import { rootFrom } from '../lib/paths.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { twoUserRun } from './two-users.mjs';

const [asarPath, resultFile] = process.argv.slice(2);
const root = rootFrom(import.meta.url, 2);
const require = createRequire(join(root, 'package.json'));
const READER = 'Virtual PCD 00 01';
const VPCD = '127.0.0.1:35964';
const TERMINAL = '000001000050';
const scratch = mkdtempSync(join(tmpdir(), 'etc-release-check-'));
const children = [];

function openssl(args) {
  execFileSync('openssl', args, { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] });
}
/** A CA, the host's certificate for 127.0.0.1, and this terminal's client certificate (EC P-256, two days). */
function makePki() {
  const key = (n) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${n}.key`]);
  key('ca');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=release-check issuer CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  for (const [n, cn, ext] of [['host', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'],
    ['terminal', TERMINAL, 'extendedKeyUsage=clientAuth\n']]) {
    key(n);
    openssl(['req', '-new', '-key', `${n}.key`, '-out', `${n}.csr`, '-subj', `/CN=${cn}`]);
    writeFileSync(join(scratch, `${n}.ext`), `basicConstraints=CA:FALSE\n${ext}`);
    openssl(['x509', '-req', '-in', `${n}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${n}.crt`, '-days', '2', '-extfile', `${n}.ext`]);
  }
  const p = (f) => join(scratch, f);
  return { ca: p('ca.crt'), hostCert: p('host.crt'), hostKey: p('host.key'), cert: p('terminal.crt'), key: p('terminal.key') };
}

/** `etc-counter <args>` from this repository, in its own process group; resolves with its first stdout line. */
function cli(args, log) {
  const child = spawn(process.execPath, [join(root, 'bin', 'etc-counter.mjs'), ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr.on('data', (c) => { err += c; });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve({ child, line: l.trim() }));
    child.once('exit', (code) => reject(new Error(`${log} exited ${code}: ${err}`)));
  });
}
function stopAll() {
  for (const c of children) if (c.exitCode === null) { try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ } }
}

async function main() {
  const app = join(scratch, 'app');
  require('@electron/asar').extractAll(asarPath, app); // unpacked files (the .node addons) come along
  const pki = makePki();
  const keys = join(root, 'dist', 'sim', 'fixtures', 'keys.json');
  const { line: hostUrl } = await cli(['sim', 'host', '--port', '0', '--keys', keys, '--db', join(scratch, 'host.sqlite'),
    '--tls-cert', pki.hostCert, '--tls-key', pki.hostKey, '--tls-client-ca', pki.ca, '--require-client-cert'], 'sim host');
  if (!hostUrl.startsWith('https://')) throw new Error(`sim host did not serve HTTPS: ${hostUrl}`);
  const card = spawn(process.execPath, [join(root, 'bin', 'etc-counter.mjs'), 'sim', 'card', '--vpcd', VPCD,
    '--profile', join(root, 'dist', 'sim', 'fixtures', 'cards', 'normal.json'), '--keys', keys, '--state', join(scratch, 'card.json')],
  { cwd: root, detached: true, stdio: 'ignore' });
  children.push(card);

  const home = join(scratch, 'home');
  const settings = { hostUrl, hostCaFile: pki.ca, clientCertFile: pki.cert, clientKeyFile: pki.key, readerName: READER, terminalId: TERMINAL, branch: '发布检查网点' };
  execFileSync('mkdir', ['-p', home]);
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings, null, 2));
  const trace = join(scratch, 'trace.txt');
  const driverCfg = join(scratch, 'driver.json');
  const driverResult = join(scratch, 'driver-result.json');
  writeFileSync(driverCfg, JSON.stringify({
    appDir: app, hostUrl, ca: pki.ca, cert: pki.cert, key: pki.key, reader: READER, amountFen: 1_000, resultFile: driverResult,
    supervisor: { operatorId: 'S01', name: '发布检查主管', password: 'release-check-1' },
  }));
  const tests = join(root, 'tests', 'release');
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const driver = spawn(process.execPath, ['--import', join(tests, 'trace.mjs'), join(tests, 'run-packaged.mjs'), driverCfg], {
      cwd: scratch, stdio: ['ignore', 'inherit', 'inherit'],
      // Nothing of the development machine's environment that could change what the app loads.
      env: { PATH: process.env.PATH, HOME: home, ETC_COUNTER_HOME: home, ETC_TRACE_FILE: trace, ETC_STANDIN_APP_PATH: app, TZ: process.env.TZ ?? '' },
    });
    const timer = setTimeout(() => driver.kill('SIGKILL'), 180_000);
    driver.on('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  const result = JSON.parse(readFileSync(driverResult, 'utf8'));
  const ms = Date.now() - t0;
  // Step 5: the same packaged main as two OS accounts of one counter PC (two-users.mjs).
  const twoUsers = process.argv.includes('--no-two-users') ? null
    : await twoUserRun({ root, scratch, app, pki: { ca: pki.ca, cert: pki.cert, key: pki.key }, hostUrl, reader: READER, terminalId: TERMINAL });
  return { ...result, exitCode: code, ms, app, trace: readFileSync(trace, 'utf8'), twoUsers };
}

let out;
try {
  out = await main();
} catch (e) {
  out = { ok: false, error: e instanceof Error ? e.message : String(e), steps: [] };
} finally {
  stopAll();
}
writeFileSync(resultFile, JSON.stringify(out));
// The extracted app and the scratch data are thrown away; the trace travels in the result.
setTimeout(() => { rmSync(scratch, { recursive: true, force: true }); process.exit(out.ok ? 0 : 1); }, 300);
