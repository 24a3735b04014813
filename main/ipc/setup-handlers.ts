import { AppError } from '../../contract/errors';
import type { SignedInOperator } from '../../contract/ipc';
import { SYSTEM } from '../auth';
import type { Services } from '../compose/services';
import type { Handlers } from './handler';
import { DEFAULT_CLIENT, type CallContext, type CounterSession } from './session';
import { settingsView } from './settings-view';

type SetupCalls = 'setupStatus' | 'setupCreateSupervisor' | 'recoveryCodeTake' | 'settingsSave' | 'printers' | 'printTest';

export interface SetupDeps {
  s: Services;
  session: CounterSession;
  signedIn(ctx?: CallContext): SignedInOperator;
}

/**
 * 初始化设置 and 系统设置 (docs/ui.md "Set-up and settings"). The contract's roles are checked by the gate;
 * what only holds while set-up is incomplete — creating the first supervisor without signing in — is
 * checked here, in main.
 */
export function setupHandlers({ s, session, signedIn }: SetupDeps): Pick<Handlers, SetupCalls> {
  /** One first supervisor: a second request while the first is being created finds it there. */
  let creating = false;

  return {
    async setupStatus() {
      return s.system.setupStatus();
    },
    async setupCreateSupervisor({ operatorId, name, password }, ctx) {
      if (s.mode !== 'real') throw new AppError('SETUP_NOT_IN_TRAINING');
      if (creating || s.auth.operators.count() > 0) throw new AppError('SETUP_SUPERVISOR_EXISTS');
      creating = true;
      try {
        // The password rules apply (main/auth/password.ts); the first real supervisor comes with the recovery code.
        const { recoveryCode } = await s.auth.operators.add({ id: operatorId, name, role: 'supervisor', password }, SYSTEM);
        if (!recoveryCode) throw new AppError('INTERNAL', { detail: 'no recovery code for the first supervisor' });
        // Signed in as an ordinary sign-in would (audited), so the set-up's settings step is a supervisor's act.
        const operator = await s.auth.operators.signIn(operatorId, password);
        session.signIn(ctx ?? DEFAULT_CLIENT, operator);
        return { operator, recoveryCode };
      } finally {
        creating = false;
      }
    },
    async recoveryCodeTake() {
      return s.system.takeRecoveryCode();
    },
    async settingsSave(change, ctx) {
      const me = signedIn(ctx);
      const out = s.system.save(change, { operatorId: me.operatorId, role: me.role }, { loadInFlight: session.loadsInFlight > 0 });
      return { ...out, settings: settingsView(s.settings, s.training) };
    },
    async printers() {
      return s.print.listPrinters();
    },
    async printTest({ printer, format }, ctx) {
      return s.print.printTest({ printer, format, operatorId: signedIn(ctx).operatorId });
    },
  };
}
