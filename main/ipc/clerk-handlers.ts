import { isAppError } from '../../contract/errors';
import type { SignedInOperator } from '../../contract/ipc';
import type { Actor } from '../auth';
import type { Services } from '../compose/services';
import { localDateOf } from '../journal/dates';
import type { Handlers } from './handler';
import { DEFAULT_CLIENT, type CallContext, type CounterSession } from './session';

type ClerkCalls = 'businessDay' | 'operatorAdd' | 'operatorDisable' | 'operatorEnable' | 'operatorResetPassword' | 'passwordChange';

export interface ClerkDeps {
  s: Services;
  session: CounterSession;
  signedIn(ctx?: CallContext): SignedInOperator;
}

/**
 * What the clerk's and the supervisor's screens ask beyond a recharge (docs/ui.md): the business day at
 * 读卡 (Beijing, main/journal/dates.ts; main still refuses a recharge on a closed day with DAY_CLOSED), and
 * 柜员管理 and 修改密码 over main/auth. Roles are the contract's, checked by the gate; every change is
 * audited by main/auth as the signed-in supervisor's (or, for 修改密码, the operator's own) act.
 */
export function clerkHandlers({ s, session, signedIn }: ClerkDeps): Pick<Handlers, ClerkCalls> {
  const actor = (ctx?: CallContext): Actor => {
    const me = signedIn(ctx);
    return { operatorId: me.operatorId, role: me.role };
  };
  return {
    async businessDay() {
      const date = localDateOf(s.clock.now());
      return { date, closed: s.days.closure(date) !== null };
    },
    async operatorAdd({ operatorId, name, role, password }, ctx) {
      const { operator } = await s.auth.operators.add({ id: operatorId, name, role, password }, actor(ctx));
      return operator;
    },
    async operatorDisable({ operatorId }, ctx) {
      return s.auth.operators.disable(operatorId, actor(ctx));
    },
    async operatorEnable({ operatorId }, ctx) {
      return s.auth.operators.enable(operatorId, actor(ctx));
    },
    async operatorResetPassword({ operatorId, newPassword }, ctx) {
      return s.auth.operators.resetPassword(operatorId, newPassword, actor(ctx));
    },
    async passwordChange({ currentPassword, newPassword }, ctx = DEFAULT_CLIENT) {
      const me = signedIn(ctx);
      try {
        await s.auth.operators.changePassword(me.operatorId, currentPassword, newPassword);
      } catch (e) {
        // The 5th wrong current password locks the account, as at the lock screen: this window's sign-in ends too.
        if (isAppError(e, 'AUTH_LOCKED') || isAppError(e, 'AUTH_DISABLED')) session.signOut(ctx);
        throw e;
      }
      return null;
    },
  };
}
