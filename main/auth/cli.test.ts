import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../app/renderer-build';

/** `etc-counter operator …` as a person runs it: a child process, passwords on stdin (the signing-in supervisor's first). */
const home = mkdtempSync(join(tmpdir(), 'etc-operator-cli-'));
function cli(args: string[], stdin = ''): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'etc-counter.mjs'), 'operator', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ETC_COUNTER_HOME: home }, input: stdin, encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const CODE = /：(([0-9A-Z]{5}-){3}[0-9A-Z]{5})\n/;

describe('etc-counter operator (real mode)', () => {
  it('sets up the first supervisor without credentials, then only as a signed-in supervisor; lists and unlocks', () => {
    const first = cli(['add', '--id', 'S07', '--name', '王主管', '--role', 'supervisor'], 'sup-secret\n');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('已创建主管 S07（王主管）');
    expect(first.out).toMatch(/恢复码（只显示这一次.*）：([0-9A-Z]{5}-){3}[0-9A-Z]{5}\n/);

    const noOperator = cli(['add', '--id', 'B07', '--name', '张三', '--role', 'operator'], 'op-secret\n');
    expect(noOperator.code).toBe(4);
    expect(noOperator.err).toContain('AUTH_SUPERVISOR_NEEDED');
    expect(noOperator.err).toContain('--operator');

    const badSup = cli(['add', '--id', 'B07', '--name', '张三', '--role', 'operator', '--operator', 'S07'], 'wrong!\nop-secret\n');
    expect(badSup.code).toBe(4);
    expect(badSup.err).toContain('AUTH_INVALID');

    expect(cli(['add', '--id', 'B07', '--name', '张三', '--role', 'operator', '--operator', 'S07'], 'sup-secret\nop-secret\n').code).toBe(0);

    expect(cli(['list', '--json']).code).toBe(4); // the accounts are a supervisor's to see, as in the window
    const list = cli(['list', '--json', '--operator', 'S07'], 'sup-secret\n');
    expect(list.code).toBe(0);
    const ops = JSON.parse(list.out) as { operatorId: string; role: string; locked: boolean }[];
    expect(ops.map((o) => [o.operatorId, o.role, o.locked])).toEqual([['B07', 'operator', false], ['S07', 'supervisor', false]]);
    expect(list.out).not.toMatch(/scrypt|secret/);

    // An operator cannot unlock (signed in, but not a supervisor: exit 4); a supervisor can, `--as` being the same flag.
    const asOperator = cli(['unlock', '--id', 'B07', '--operator', 'B07'], 'op-secret\n');
    expect([asOperator.code, asOperator.err]).toEqual([4, expect.stringContaining('AUTH_FORBIDDEN')]);
    expect(cli(['unlock', '--id', 'B07', '--as', 'S07'], 'sup-secret\n')).toMatchObject({ code: 0 });
    expect(cli(['unlock', '--id', 'B07', '--as', 'S07', '--operator', 'B07'], 'sup-secret\n').err).toContain('AUTH_CLI_OPERATOR_TWICE');
  }, 120_000);

  it('recovers a locked-out supervisor with the recovery code from stdin, once; disables and enables an account', () => {
    const journal = ['--journal', join(home, 'recover.sqlite')];
    const first = cli(['add', '--id', 'S01', '--name', '王主管', '--role', 'supervisor', ...journal], 'sup-secret\n');
    const code = CODE.exec(first.out)?.[1] ?? '';
    expect(code).not.toBe('');
    for (let i = 0; i < 5; i++) cli(['unlock', '--id', 'S01', '--operator', 'S01', ...journal], 'forgotten\n');
    const locked = cli(['unlock', '--id', 'S01', '--operator', 'S01', ...journal], 'sup-secret\n');
    expect([locked.code, locked.err]).toEqual([4, expect.stringContaining('AUTH_LOCKED')]);

    const weak = cli(['recover', '--id', 'S01', ...journal], `${code}\n12345678\n`);
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('AUTH_PASSWORD_DIGITS_ONLY: 密码不能全是数字');
    const done = cli(['recover', '--id', 'S01', ...journal], `${code}\nnew-secret-1\n`);
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toContain('已恢复主管 S01：账号已解锁，新密码已生效，旧恢复码已作废');
    const next = CODE.exec(done.out)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(code);
    const again = cli(['recover', '--id', 'S01', ...journal], `${code}\nnew-secret-2\n`);
    expect(again.code).toBe(1);
    expect(again.err).toContain('AUTH_RECOVERY_INVALID');

    expect(cli(['add', '--id', 'B01', '--name', '张三', '--role', 'operator', '--operator', 'S01', ...journal], 'new-secret-1\nteller-pass\n').code).toBe(0);
    expect(cli(['disable', '--id', 'B01', '--operator', 'S01', ...journal], 'new-secret-1\n')).toMatchObject({ code: 0, out: '已停用 B01 / Disabled B01\n' });
    expect(cli(['list', '--operator', 'S01', ...journal], 'new-secret-1\n').out).toMatch(/B01\t张三\t.*已停用 disabled/);
    expect(cli(['disable', '--id', 'S01', '--operator', 'S01', ...journal], 'new-secret-1\n').err).toContain('AUTH_LAST_SUPERVISOR');
    expect(cli(['enable', '--id', 'B01', '--operator', 'S01', ...journal], 'new-secret-1\n')).toMatchObject({ code: 0 });
  }, 240_000);

  it('changes one\'s own password (passwd) and resets a forgotten one (reset-password), each refused as the window refuses it', () => {
    const journal = ['--journal', join(home, 'passwords.sqlite')];
    expect(cli(['add', '--id', 'S03', '--name', '赵主管', '--role', 'supervisor', ...journal], 'sup-secret\n').code).toBe(0);
    expect(cli(['add', '--id', 'B03', '--name', '钱柜员', '--role', 'operator', '--operator', 'S03', ...journal], 'sup-secret\nteller-old-1\n').code).toBe(0);

    const wrong = cli(['passwd', '--operator', 'B03', ...journal], 'not-mine\nteller-new-1\n');
    expect([wrong.code, wrong.err]).toEqual([4, expect.stringContaining('AUTH_INVALID')]); // the current password signs in first
    const weak = cli(['passwd', '--operator', 'B03', ...journal], 'teller-old-1\n12345678\n');
    expect([weak.code, weak.err]).toEqual([1, expect.stringContaining('AUTH_PASSWORD_DIGITS_ONLY')]);
    expect(cli(['passwd', '--operator', 'B03', ...journal], 'teller-old-1\nteller-new-1\n')).toMatchObject({ code: 0, out: 'B03 的密码已修改 / The password of B03 is changed\n' });
    expect(cli(['list', '--operator', 'B03', ...journal], 'teller-new-1\n').code).toBe(4); // signed in with the new one: not a supervisor

    for (let i = 0; i < 5; i++) cli(['passwd', '--operator', 'B03', ...journal], `forgotten-${i}\nx\n`);
    const asSelf = cli(['reset-password', '--id', 'S03', '--operator', 'S03', ...journal], 'sup-secret\nself-reset-1\n');
    expect([asSelf.code, asSelf.err]).toEqual([1, expect.stringContaining('AUTH_RESET_OWN')]);
    const asOperator = cli(['reset-password', '--id', 'B03', '--operator', 'B03', ...journal], 'teller-new-1\nfresh-pass-3\n');
    expect(asOperator.code).toBe(4);
    expect(cli(['reset-password', '--id', 'B03', '--operator', 'S03', ...journal], 'sup-secret\nfresh-pass-3\n'))
      .toMatchObject({ code: 0, out: 'B03 的密码已重置，账号已解锁 / The password of B03 is reset and the account unlocked\n' });
    const list = cli(['list', '--json', '--operator', 'S03', ...journal], 'sup-secret\n');
    expect((JSON.parse(list.out) as { operatorId: string; locked: boolean }[]).find((o) => o.operatorId === 'B03')?.locked).toBe(false);
    expect(cli(['passwd', '--operator', 'B03', ...journal], 'fresh-pass-3\nmy-own-pass-3\n').code).toBe(0);
  }, 240_000);

  it('refuses an operator as the very first account, and --operator before any account exists', () => {
    const r = cli(['add', '--id', 'B01', '--name', '张三', '--role', 'operator', '--journal', join(home, 'other.sqlite')], 'op-secret\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('AUTH_FIRST_MUST_BE_SUPERVISOR');
    const named = cli(['add', '--id', 'S09', '--name', '王主管', '--role', 'supervisor', '--operator', 'S09', '--journal', join(home, 'third.sqlite')], 'sup-secret\n');
    expect([named.code, named.err]).toEqual([4, expect.stringContaining('AUTH_CLI_FIRST_WITHOUT_OPERATOR')]);
  }, 60_000);

  it('reads the password at a terminal without echoing it', async () => {
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error('util-linux `script` is missing (it gives the child a terminal)');
    const journal = join(home, 'tty.sqlite');
    expect(cli(['add', '--id', 'S02', '--name', '李主管', '--role', 'supervisor', '--journal', journal], 'tty-secret-9\n').code).toBe(0);
    // `script` runs the command on a pseudo-terminal (-E never: script itself does not echo what it is fed); the
    // password is typed once the prompt is there, as a person would.
    const cmd = `${process.execPath} ${join(REPO_ROOT, 'bin', 'etc-counter.mjs')} operator list --operator S02 --journal ${journal}`;
    const child = spawn('script', ['-q', '-e', '-E', 'never', '-c', cmd, '/dev/null'], { cwd: REPO_ROOT, env: { ...process.env, ETC_COUNTER_HOME: home } });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (!typed && screen.includes('柜员 S02 的密码: ')) {
        typed = true;
        child.stdin.write('tty-secret-9\r');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/S02\t李主管\t主管/);
    expect(screen).not.toContain('tty-secret-9'); // neither the terminal nor the program echoed it
  }, 60_000);
});
