import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../app/renderer-build';

/** `etc-counter operator …` as a person runs it: a child process, passwords typed on stdin. */
const home = mkdtempSync(join(tmpdir(), 'etc-operator-cli-'));
function cli(args: string[], stdin = ''): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'etc-counter.mjs'), 'operator', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ETC_COUNTER_HOME: home }, input: stdin, encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('etc-counter operator (real mode)', () => {
  it('sets up the first supervisor without credentials, then only as a supervisor; lists and unlocks', () => {
    const first = cli(['add', '--id', 'S07', '--name', '王主管', '--role', 'supervisor'], 'sup-secret\n');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('已创建主管 S07（王主管）');
    expect(first.out).toMatch(/恢复码（只显示这一次.*）：([0-9A-Z]{5}-){3}[0-9A-Z]{5}\n/);

    const noAs = cli(['add', '--id', 'B07', '--name', '张三', '--role', 'operator'], 'op-secret\n');
    expect(noAs.code).toBe(1);
    expect(noAs.err).toContain('AUTH_SUPERVISOR_NEEDED');

    const badSup = cli(['add', '--id', 'B07', '--name', '张三', '--role', 'operator', '--as', 'S07'], 'wrong!\nop-secret\n');
    expect(badSup.code).toBe(1);
    expect(badSup.err).toContain('AUTH_INVALID');

    expect(cli(['add', '--id', 'B07', '--name', '张三', '--role', 'operator', '--as', 'S07'], 'sup-secret\nop-secret\n').code).toBe(0);

    const list = cli(['list', '--json']);
    expect(list.code).toBe(0);
    const ops = JSON.parse(list.out) as { operatorId: string; role: string; locked: boolean }[];
    expect(ops.map((o) => [o.operatorId, o.role, o.locked])).toEqual([['B07', 'operator', false], ['S07', 'supervisor', false]]);
    expect(list.out).not.toMatch(/scrypt|secret/);

    // An operator cannot unlock; a supervisor can.
    const asOperator = cli(['unlock', '--id', 'B07', '--as', 'B07'], 'op-secret\n');
    expect(asOperator.err).toContain('AUTH_FORBIDDEN');
    expect(cli(['unlock', '--id', 'B07', '--as', 'S07'], 'sup-secret\n')).toMatchObject({ code: 0 });
  }, 120_000);

  it('recovers a locked-out supervisor with the recovery code from stdin, once; disables and enables an account', () => {
    const journal = ['--journal', join(home, 'recover.sqlite')];
    const first = cli(['add', '--id', 'S01', '--name', '王主管', '--role', 'supervisor', ...journal], 'sup-secret\n');
    const code = /：(([0-9A-Z]{5}-){3}[0-9A-Z]{5})\n/.exec(first.out)?.[1] ?? '';
    expect(code).not.toBe('');
    for (let i = 0; i < 5; i++) cli(['unlock', '--id', 'S01', '--as', 'S01', ...journal], 'forgotten\n');
    expect(cli(['unlock', '--id', 'S01', '--as', 'S01', ...journal], 'sup-secret\n').err).toContain('AUTH_LOCKED');

    const weak = cli(['recover', '--id', 'S01', ...journal], `${code}\n12345678\n`);
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('AUTH_PASSWORD_DIGITS_ONLY: 密码不能全是数字');
    const done = cli(['recover', '--id', 'S01', ...journal], `${code}\nnew-secret-1\n`);
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toContain('已恢复主管 S01：账号已解锁，新密码已生效，旧恢复码已作废');
    const next = /：(([0-9A-Z]{5}-){3}[0-9A-Z]{5})\n/.exec(done.out)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(code);
    const again = cli(['recover', '--id', 'S01', ...journal], `${code}\nnew-secret-2\n`);
    expect(again.code).toBe(1);
    expect(again.err).toContain('AUTH_RECOVERY_INVALID');

    expect(cli(['add', '--id', 'B01', '--name', '张三', '--role', 'operator', '--as', 'S01', ...journal], 'new-secret-1\nteller-pass\n').code).toBe(0);
    expect(cli(['disable', '--id', 'B01', '--as', 'S01', ...journal], 'new-secret-1\n')).toMatchObject({ code: 0, out: '已停用 B01 / Disabled B01\n' });
    expect(cli(['list', ...journal]).out).toMatch(/B01\t张三\t.*已停用 disabled/);
    expect(cli(['disable', '--id', 'S01', '--as', 'S01', ...journal], 'new-secret-1\n').err).toContain('AUTH_LAST_SUPERVISOR');
    expect(cli(['enable', '--id', 'B01', '--as', 'S01', ...journal], 'new-secret-1\n')).toMatchObject({ code: 0 });
  }, 240_000);

  it('refuses an operator as the very first account of another journal', () => {
    const r = cli(['add', '--id', 'B01', '--name', '张三', '--role', 'operator', '--journal', join(home, 'other.sqlite')], 'op-secret\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('AUTH_FIRST_MUST_BE_SUPERVISOR');
  }, 60_000);
});
