// release:check step 5 (docs/release.md §5): one data folder per machine, shown with two OS accounts of the
// same counter PC. As root it does what the deb does — the group `etc-counter` and /var/lib/etc-counter
// (scripts/installer/linux-data-folder.sh, the package's own script) — adds two accounts to the group, puts
// the machine policy in the folder (host, CA, client certificate, terminal id, branch), and runs the packaged
// main as each account with no ETC_COUNTER_HOME (tests/release/run-clerk.mjs):
//   account A: the first supervisor, the policy's lock (settingsSave of a policy field refused), a recharge
//              paid and left unloaded;
//   account B: the same journal — sign in, the recharge in 待处理, finished from the card;
//   account B: the installed command line, `journal verify` (no window), exit 0.
// Then it removes the folder, the accounts and the group again. A /var/lib/etc-counter that release:check did
// not make (a real installation) is never touched.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DATA = '/var/lib/etc-counter';
const MARK = join(DATA, '.release-check');
const GROUP = 'etc-counter';
const USERS = ['etccounter-a', 'etccounter-b'];

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const idOf = (flag, name) => Number(run('id', [flag, name]).trim());
const exists = (user) => { try { run('id', [user]); return true; } catch { return false; } };

function placeFile(src, dest, mode, gid) {
  copyFileSync(src, dest);
  chownSync(dest, 0, gid);
  chmodSync(dest, mode);
}

/** Runs the clerk driver as `user`; resolves with its exit code, stdout and result file. */
function asUser(o, user, cfg, stdin = '') {
  const dir = join(o.scratch, user);
  mkdirSync(dir, { recursive: true });
  const uid = idOf('-u', user);
  const gid = idOf('-g', user);
  chownSync(dir, uid, gid);
  const cfgFile = join(dir, `${cfg.role}.json`);
  const resultFile = join(dir, `${cfg.role}-result.json`);
  const trace = join(dir, `${cfg.role}-trace.txt`);
  writeFileSync(cfgFile, JSON.stringify({ ...cfg, resultFile }));
  writeFileSync(trace, '');
  for (const f of [cfgFile, trace]) chownSync(f, uid, gid);
  const tests = join(o.root, 'tests', 'release');
  return new Promise((resolve) => {
    const child = spawn('setpriv', ['--reuid', user, '--regid', String(gid), '--init-groups', '--',
      process.execPath, '--import', join(tests, 'trace.mjs'), join(tests, 'run-clerk.mjs'), cfgFile], {
      cwd: dir, stdio: ['pipe', 'pipe', 'pipe'],
      // The account's own environment, as a desktop session gives it: no ETC_COUNTER_HOME.
      env: { PATH: process.env.PATH, HOME: `/home/${user}`, USER: user, LOGNAME: user, TZ: process.env.TZ ?? '', ETC_TRACE_FILE: trace, ETC_STANDIN_APP_PATH: o.app },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.stdin.end(stdin);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : null;
      resolve({ code, out, err, result });
    });
  });
}

function cleanUp() {
  rmSync(DATA, { recursive: true, force: true });
  for (const u of USERS) if (exists(u)) { try { run('userdel', ['-r', u]); } catch { /* a home that was never made */ } }
  try { run('groupdel', [GROUP]); } catch { /* not there */ }
}

/** o: { root, scratch, app, pki: {ca, cert, key}, hostUrl, reader, terminalId }. Returns { ok, steps, error }. */
export async function twoUserRun(o) {
  const steps = [];
  if (process.getuid?.() !== 0) return { ok: false, steps, error: 'the two-user run needs root (useradd, /var/lib/etc-counter)' };
  if (existsSync(DATA) && !existsSync(MARK)) return { ok: false, steps, error: `${DATA} exists and was not made by release:check (a real installation?): left alone` };
  try {
    cleanUp();
    run('sh', [join(o.root, 'scripts', 'installer', 'linux-data-folder.sh'), DATA]);
    writeFileSync(MARK, 'made by npm run release:check; removed by it\n');
    const gid = Number(run('getent', ['group', GROUP]).split(':')[2]);
    for (const u of USERS) run('useradd', ['--create-home', '--shell', '/bin/sh', '--groups', GROUP, u]);
    const st = statSync(DATA);
    steps.push(`deb's data folder script: ${DATA} ${(st.mode & 0o7777).toString(8)} root:${GROUP}, policy/ 750; accounts ${USERS.join(', ')} in group ${GROUP}`);

    // The machine's files as the bank's tools would place them: certificates the group reads, the policy.
    mkdirSync(join(DATA, 'pki'), { mode: 0o750 });
    chownSync(join(DATA, 'pki'), 0, gid);
    const pki = { ca: join(DATA, 'pki', 'issuer-ca.crt'), cert: join(DATA, 'pki', 'terminal.crt'), key: join(DATA, 'pki', 'terminal.key') };
    placeFile(o.pki.ca, pki.ca, 0o640, gid);
    placeFile(o.pki.cert, pki.cert, 0o640, gid);
    placeFile(o.pki.key, pki.key, 0o640, gid);
    const policy = { hostUrl: o.hostUrl, hostCaFile: pki.ca, clientCertFile: pki.cert, clientKeyFile: pki.key, terminalId: o.terminalId, branch: '发布检查网点（策略）' };
    writeFileSync(join(DATA, 'policy', 'policy.json'), JSON.stringify(policy, null, 2));
    chownSync(join(DATA, 'policy', 'policy.json'), 0, gid);
    chmodSync(join(DATA, 'policy', 'policy.json'), 0o640);
    writeFileSync(join(DATA, 'settings.json'), JSON.stringify({ readerName: o.reader }));
    chownSync(join(DATA, 'settings.json'), 0, gid);
    chmodSync(join(DATA, 'settings.json'), 0o660);
    steps.push(`machine policy ${join(DATA, 'policy', 'policy.json')}: ${Object.keys(policy).join(', ')}`);
    // The extracted app must be readable by the accounts, as /opt/… is.
    chmodSync(o.scratch, 0o755);
    run('chmod', ['-R', 'a+rX', o.app]);

    const supervisor = { operatorId: 'S01', name: '发布检查主管', password: 'release-check-2' };
    const common = { appDir: o.app, hostUrl: o.hostUrl, ca: o.pki.ca, cert: o.pki.cert, key: o.pki.key, supervisor, amountFen: 700 };
    // The test's own copies of the client certificate (to pay on the simulator) are root's: give the accounts theirs.
    const a = await asUser(o, USERS[0], { ...common, ca: pki.ca, cert: pki.cert, key: pki.key, role: 'first' });
    if (a.code !== 0 || !a.result?.ok) throw new Error(`account ${USERS[0]}: ${a.result?.error ?? `exit ${a.code}: ${a.err}`}`);
    steps.push(...a.result.steps.map((s) => `${USERS[0]}: ${s}`));
    const journal = join(DATA, 'journal.sqlite');
    const js = statSync(journal);
    if ((js.mode & 0o777) !== 0o660 || js.gid !== gid) throw new Error(`journal ${journal} is ${(js.mode & 0o777).toString(8)} gid ${js.gid}, not 660 ${GROUP}`);
    steps.push(`${USERS[0]}: journal ${journal} 660 root-group ${GROUP} (owner ${USERS[0]}); Electron profile ${a.result.profile}`);

    const b = await asUser(o, USERS[1], { ...common, ca: pki.ca, cert: pki.cert, key: pki.key, role: 'second', rechargeId: a.result.rechargeId });
    if (b.code !== 0 || !b.result?.ok) throw new Error(`account ${USERS[1]}: ${b.result?.error ?? `exit ${b.code}: ${b.err}`}`);
    steps.push(...b.result.steps.map((s) => `${USERS[1]}: ${s}`));
    if (a.result.profile === b.result.profile || !String(b.result.profile).startsWith(`/home/${USERS[1]}/`)) {
      throw new Error(`Electron profiles: ${a.result.profile} / ${b.result.profile}`);
    }
    steps.push(`${USERS[1]}: one journal, one 待处理 list; its own Electron profile ${b.result.profile}`);

    const c = await asUser(o, USERS[1], { appDir: o.app, role: 'cli', argv: ['journal', 'verify', '--operator', 'S01'] }, `${supervisor.password}\n`);
    if (c.code !== 0 || !/intact|完好/i.test(c.out)) throw new Error(`installed CLI journal verify: exit ${c.code}: ${c.out}${c.err}`);
    steps.push(`${USERS[1]}: installed command line \`etc-counter journal verify --operator S01\` (no window): exit 0 — ${c.out.trim().split('\n')[1] ?? ''}`);
    return { ok: true, steps };
  } catch (e) {
    return { ok: false, steps, error: e instanceof Error ? e.message : String(e) };
  } finally {
    cleanUp();
  }
}
