import { AppError, isAppError } from '../../contract/errors';
import type { SignedInOperator } from '../../contract/ipc';
import type { Services } from '../compose/services';
import type { Handlers } from './handler';
import { DEFAULT_CLIENT, type CallContext, type CounterSession } from './session';

type SessionCalls = 'unlock' | 'activity' | 'recoverSupervisor';

/**
 * The session's own calls (docs/security.md): `unlock` (the lock screen, and the supervisor's password
 * asked again), `activity` (a key or click in the window), `recoverSupervisor` (恢复主管账号 on the sign-in
 * screen, main/auth/recovery.ts). The gate has checked sender, lock and role before these run.
 */
export function sessionHandlers({ s, session }: { s: Services; session: CounterSession }): Pick<Handlers, SessionCalls> {
  function signedIn(ctx: CallContext): SignedInOperator {
    const op = session.who(ctx);
    if (!op) throw new AppError('AUTH_REQUIRED');
    return op;
  }
  return {
    /**
     * The signed-in operator's password, checked as a sign-in is (a wrong one counts towards the lockout
     * and is audited, so the lock screen is no guessing oracle); the 5th wrong one ends the session too.
     */
    async unlock({ password }, ctx = DEFAULT_CLIENT) {
      const op = signedIn(ctx);
      try {
        await s.auth.operators.signIn(op.operatorId, password, { via: 'unlock' });
      } catch (e) {
        if (isAppError(e, 'AUTH_LOCKED') || isAppError(e, 'AUTH_DISABLED')) session.signOut(ctx);
        throw e;
      }
      session.unlocked(ctx);
      return null;
    },
    async activity() {
      return null; // the gate has recorded it (any call but the background ones does)
    },
    /** Also from a window where someone is signed in: recovery changes the account, not this window's session. */
    async recoverSupervisor({ operatorId, code, newPassword }) {
      const done = await s.auth.operators.recover(operatorId, code, newPassword);
      if (!done.recoveryCode) throw new AppError('AUTH_RECOVERY_NONE');
      return { operatorId: done.operator.operatorId, recoveryCode: done.recoveryCode };
    },
  };
}
