import { dirname } from 'node:path';
import type { EstateStatus, SignedInOperator } from '../../contract/ipc';
import type { Services } from '../compose/services';
import { appVersion, isRelease } from '../estate/app-info';
import { buildBundle } from '../support/bundle';
import { bundleFileName, collectBundle, runtimeVersions } from '../support/collect';
import type { Handlers } from './handler';
import type { CallContext, CounterSession } from './session';

type EstateCalls = 'estateStatus' | 'settingsFileAccept' | 'clientKeyPassphrase' | 'supportBundle';

/** What main tells the window once: its page was restored after a crash or a hang (main/app/window-watch.ts). */
const restored = new WeakMap<CounterSession, EstateStatus['windowRestored']>();
export function noteWindowRestored(session: CounterSession, reason: string, at: Date = new Date()): void {
  restored.set(session, { at: at.toISOString(), reason });
}

/**
 * A counter PC in a bank's estate (docs/release.md §6–§10): the estate status the status bar and 系统设置
 * show, acknowledging an outside change of the settings file, the client key's passphrase, and the
 * support bundle. Roles are the contract's, checked by the gate.
 */
export function estateHandlers({ s, session, signedIn }: {
  s: Services; session: CounterSession; signedIn(ctx?: CallContext): SignedInOperator;
}): Pick<Handlers, EstateCalls> {
  const actor = (ctx?: CallContext) => {
    const me = signedIn(ctx);
    return { operatorId: me.operatorId, role: me.role };
  };
  return {
    async estateStatus() {
      const last = s.backups.last;
      const notice = restored.get(session) ?? null;
      restored.delete(session); // told once
      return {
        release: isRelease(),
        locked: s.system.locked,
        settingsFileChanged: s.system.settingsFileChanged,
        terminalIdSet: s.system.terminalIdSet,
        clientKey: s.mode === 'real' ? s.system.keyProtection : 'none',
        lastBackup: last && { at: last.at, ok: last.ok, reason: last.reason, message: last.error?.message ?? null },
        windowRestored: notice,
      };
    },
    async settingsFileAccept(_req, ctx) {
      s.system.acceptSettingsFile(actor(ctx));
      return null;
    },
    async clientKeyPassphrase({ passphrase }, ctx) {
      s.system.setKeyPassphrase(passphrase, actor(ctx));
      return null;
    },
    async supportBundle(_req, ctx) {
      const by = actor(ctx);
      const dataDir = dirname(s.backups.dir);
      const input = await collectBundle(s, {
        versions: runtimeVersions(appVersion()), dataDir, policy: s.system.policy,
        estate: { locked: s.system.locked, policySources: s.system.policySources, settingsFileChanged: s.system.settingsFileChanged, clientKey: s.system.keyProtection },
      });
      const fileName = bundleFileName(s.settings.terminalId, input.now);
      const zip = buildBundle(input);
      s.auth.audit.append(by, { action: 'support-bundle', target: fileName, detail: { bytes: zip.length, via: 'window' } });
      return { fileName, mime: 'application/zip', base64: zip.toString('base64') };
    },
  };
}
