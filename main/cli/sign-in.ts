import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { OperatorRole, SignedInOperator } from '../../contract/ipc';
import { openAuth, type Auth } from '../auth';
import { SignInRefused } from './command';

export { EXIT_SIGN_IN } from './command';

/**
 * The command line signs in (docs/architecture.md §5, README "Command line"): `recharge`, `resume`,
 * `journal …` and `operator …` act as the operator named by `--operator ID` (`--as ID`, the older spelling
 * of the operator commands, is the same flag), whose password is read first — typed at a terminal without
 * echo, or as the FIRST line of standard input when that is not a terminal — and checked as a window's
 * sign-in is: audited, a wrong one counting towards the lockout, a locked or disabled account refused.
 * Whatever the command reads after it (operator add: the new password; never the sign-in's) comes on the
 * following lines. A refused sign-in is `SignInRefused`: exit code EXIT_SIGN_IN, and nothing done.
 *
 * Reused by every command that needs an operator (`signInForCli(flags, auth, io, {command})`).
 */
export interface SignInFlags { operator?: string; as?: string }

export interface CliIo {
  /** A password or code: typed without echo at a terminal, else the next line of standard input. */
  secret(prompt: string): Promise<string>;
}

/** The operator the flags name, or SignInRefused before anything is opened. */
export function operatorFlag(v: SignInFlags): string {
  if (v.operator !== undefined && v.as !== undefined && v.operator !== v.as) throw new SignInRefused('AUTH_CLI_OPERATOR_TWICE');
  const id = v.operator ?? v.as;
  if (!id) throw new SignInRefused('AUTH_CLI_OPERATOR_REQUIRED');
  return id;
}

/**
 * Reads the named operator's password from `io` and signs in with `auth` (audited as `{via: 'cli',
 * command}`), requiring `role` when given. Any refusal — no flag, no password, wrong, locked, disabled,
 * the wrong role — is SignInRefused carrying the same code and message the window would show.
 */
export async function signInForCli(
  v: SignInFlags, auth: Pick<Auth, 'operators'>, io: CliIo, o: { command: string; role?: OperatorRole },
): Promise<SignedInOperator> {
  const id = operatorFlag(v);
  try {
    const password = await io.secret(t('AUTH_CLI_PASSWORD_PROMPT', { id }));
    const op = await auth.operators.signIn(id, password, { via: 'cli', command: o.command });
    if (o.role === 'supervisor' && op.role !== 'supervisor') throw new AppError('AUTH_FORBIDDEN', { id: op.operatorId });
    return op;
  } catch (e) {
    if (e instanceof SignInRefused) throw e;
    if (isAppError(e)) throw new SignInRefused(e.code, e.params, { cause: e });
    throw e;
  }
}

/**
 * For commands that open the journal themselves (`journal export`, `journal verify`): the journal's
 * operators (main/auth, a second connection beside the open journal), the sign-in, and closed again.
 */
export async function signInOnJournal(
  v: SignInFlags, journal: { path: string; training: boolean }, io: CliIo, o: { command: string; role?: OperatorRole },
): Promise<SignedInOperator> {
  const auth = await openAuth(journal.path, { training: journal.training });
  try {
    return await signInForCli(v, auth, io, o);
  } finally {
    auth.close();
  }
}
