import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { SignInRefused, type Command } from '../cli/command';
import { operatorFlag } from '../cli/sign-in';
import { openFor, parse, readLines, say, showRecoveryCode, supervisorFor } from './cli';

/**
 * `etc-counter operator disable|enable|recover|recovery-code|passwd|reset-password` (cli.ts has add,
 * unlock, list and the helpers). Secrets from a terminal without echo, or standard input one per line (the signing-in
 * supervisor's password first, main/cli/sign-in.ts).
 *
 * `recover` is the way back in when every supervisor is locked out or no one knows a password: the
 * journal's recovery code (recovery.ts, kept on paper in the safe) and a new password unlock that
 * supervisor; the code is then replaced by a new one, printed once. `recovery-code` lets a signed-in
 * supervisor replace the code (lost, seen by someone, or a journal from before recovery codes).
 */

function requireId(v: { id?: string }): string {
  if (!v.id) throw new AppError('INVALID_INPUT', { detail: '--id is required' });
  return v.id;
}

function disabledCommand(disable: boolean): Command {
  const verb = disable ? 'disable' : 'enable';
  return {
    summary: `operator ${verb} --id ID --operator SUPERVISOR [--journal FILE] [--training]: the supervisor's password first`,
    async run(argv) {
      const v = parse(argv);
      const id = requireId(v);
      const { auth, close } = await openFor(v);
      try {
        const actor = await supervisorFor(auth, v, `operator ${verb}`);
        if (disable) auth.operators.disable(id, actor);
        else auth.operators.enable(id, actor);
        say(disable ? 'AUTH_OPERATOR_DISABLED' : 'AUTH_OPERATOR_ENABLED', { id });
        return 0;
      } finally {
        close();
      }
    },
  };
}

export const disableCommand = disabledCommand(true);
export const enableCommand = disabledCommand(false);

export const recoverCommand: Command = {
  summary: 'operator recover --id SUPERVISOR [--journal FILE] [--training]: no sign-in; the recovery code, then the new password',
  async run(argv) {
    const v = parse(argv);
    const id = requireId(v);
    const { auth, close } = await openFor(v);
    try {
      const [code, password] = await readLines(['恢复码', `${id} 的新密码`]);
      const done = await auth.operators.recover(id, code ?? '', password ?? '');
      say('AUTH_RECOVERED', { id });
      if (done.recoveryCode) showRecoveryCode(done.recoveryCode);
      return 0;
    } finally {
      close();
    }
  },
};

export const recoveryCodeCommand: Command = {
  summary: 'operator recovery-code --operator SUPERVISOR [--journal FILE]: a new recovery code (the old one stops working); password first',
  async run(argv) {
    const v = parse(argv);
    const { auth, close } = await openFor(v);
    try {
      const actor = await supervisorFor(auth, v, 'operator recovery-code');
      showRecoveryCode(await auth.operators.recovery.issue(actor));
      return 0;
    } finally {
      close();
    }
  },
};

/**
 * `operator passwd --operator ID`: one's own new password, as 修改密码 in the window — the current password
 * (the first line; a wrong one counts towards the lockout), then the new one. Audited `password-change`.
 */
export const passwdCommand: Command = {
  summary: 'operator passwd --operator ID [--journal FILE] [--training]: the current password, then the new one',
  async run(argv) {
    const v = parse(argv);
    const id = operatorFlag(v);
    const { auth, close } = await openFor(v);
    try {
      // The current password signs in first, as every command's does (main/cli/sign-in.ts): an unknown id reads
      // as a wrong password, a refusal exits 4 and counts towards the lockout.
      const [current] = await readLines([t('AUTH_CLI_PASSWORD_PROMPT', { id })]);
      try {
        await auth.operators.signIn(id, current ?? '', { via: 'cli', command: 'operator passwd' });
      } catch (e) {
        if (isAppError(e)) throw new SignInRefused(e.code, e.params, { cause: e });
        throw e;
      }
      const [next] = await readLines([`${id} 的新密码`]);
      await auth.operators.changePassword(id, current ?? '', next ?? '');
      say('AUTH_PASSWORD_CHANGED', { id });
      return 0;
    } finally {
      close();
    }
  },
};

/**
 * `operator reset-password --id ID --operator SUPERVISOR`: a supervisor sets a new password for someone who
 * forgot theirs (not their own); the lockout is lifted with it. The supervisor's password first, then the
 * new one. Audited `password-reset`.
 */
export const resetPasswordCommand: Command = {
  summary: 'operator reset-password --id ID --operator SUPERVISOR [--journal FILE] [--training]: the supervisor\'s password, then the new one',
  async run(argv) {
    const v = parse(argv);
    const id = requireId(v);
    const { auth, close } = await openFor(v);
    try {
      const actor = await supervisorFor(auth, v, 'operator reset-password');
      const [next] = await readLines([`${id} 的新密码`]);
      await auth.operators.resetPassword(id, next ?? '', actor);
      say('AUTH_PASSWORD_RESET', { id });
      return 0;
    } finally {
      close();
    }
  },
};
