import { AppError, isAppError } from '../../contract/errors';
import { isPlainHttpHost } from '../../contract/host-url';
import type { SetupStatus } from '../../contract/ipc';
import {
  SETTINGS_EDITABLE, SETTINGS_SECRET, type CounterMode, type EditableSetting, type Settings,
} from '../../contract/settings';
import type { Actor, Auth } from '../auth';
import type { HostConnection } from '../host/connection';
import { checkChange } from './check';
import { hostTarget } from './host-target';
import type { SettingsStore } from './store';

/** Fields whose change reaches the host link: it is made anew (HostConnection.connect). */
const HOST_FIELDS: readonly EditableSetting[] = ['hostUrl', 'hostCaFile', 'clientCertFile', 'clientKeyFile', 'terminalId'];
/**
 * Fields this run keeps as they were at start: the mode decides what the composition root built, and the
 * POS channel is handed to the engine when it is built (main/compose/wire.ts) — both wait for a restart.
 */
const RESTART_FIELDS: readonly EditableSetting[] = ['mode', 'pos'];
/** What a training counter may change: which mode it starts in, and the POS it practises with (docs/decisions.md). */
const TRAINING_FIELDS: readonly EditableSetting[] = ['mode', 'pos'];
/** Settings that are objects or lists compare by value: the same POS typed again is no change. */
const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);
/** How a secret's old and new values are written in the audit log. */
export const MASKED = '******';

export interface SaveOutcome { changed: EditableSetting[]; restartRequired: EditableSetting[]; overridden: EditableSetting[] }

/**
 * 初始化设置 and 系统设置 over main's services (docs/ui.md "Set-up and settings"): whether set-up is
 * complete, the admin bootstrap's recovery code (shown once), and saving a change — checked, written
 * atomically (store.ts), applied to the live settings object every service reads, the host link made anew
 * when its target changed, and audited as `settings-change` with `{field: {old, new}}` (secrets masked).
 */
export class SystemSettings {
  private recoveryCode: string | null;

  constructor(private readonly d: {
    mode: CounterMode;
    /** The live settings: the one object the services hold; a save changes it in place. */
    settings: Settings;
    /** Where saves go; null where this run cannot save (tests, the command line). */
    store: SettingsStore | null;
    connection: HostConnection;
    auth: Auth;
  }) {
    this.recoveryCode = d.auth.issuedRecoveryCode;
  }

  /** A real counter needs its first supervisor and a host address before it may take money. */
  setupStatus(): SetupStatus {
    const real = this.d.mode === 'real';
    const step = !real ? null : this.d.auth.operators.count() === 0 ? 'supervisor' : this.d.settings.hostUrl === null ? 'settings' : null;
    const problem = this.d.connection.problem;
    return {
      required: step !== null,
      step,
      training: !real,
      hostInsecure: real && isPlainHttpHost(this.d.settings.hostUrl),
      hostProblem: real && problem ? { code: problem.code, message: problem.message } : null,
      recoveryCodePending: this.recoveryCode !== null,
    };
  }

  get setupRequired(): boolean {
    return this.setupStatus().required;
  }

  /** The code the admin bootstrap issued at this start, once (it exists nowhere else in clear). */
  takeRecoveryCode(): string | null {
    const code = this.recoveryCode;
    this.recoveryCode = null;
    return code;
  }

  /**
   * Checks and saves `change` (SETTINGS_* / HOST_URL_* naming the field; nothing is written on a refusal),
   * applies it and audits it as `by`. `loadInFlight`: a card is being written — the host cannot change now.
   */
  save(raw: Record<string, unknown>, by: Actor, o: { loadInFlight: boolean }): SaveOutcome {
    const { settings, store } = this.d;
    const change = checkChange(raw);
    const keys = (Object.keys(change) as EditableSetting[]).filter((k) => SETTINGS_EDITABLE.includes(k));
    if (this.d.mode === 'training' && keys.some((k) => !TRAINING_FIELDS.includes(k))) throw new AppError('SETTINGS_TRAINING_READ_ONLY');
    if (!store) throw new AppError('SETTINGS_READ_ONLY');
    // A field that waits for a restart is compared with what the file says, the others with what runs now.
    const pending = store.preview({});
    const changed = keys.filter((k) => !same(change[k], RESTART_FIELDS.includes(k) ? pending[k] : settings[k]));
    if (changed.length === 0) return { changed, restartRequired: [], overridden: [] };
    const next = store.preview(change); // the whole schema, as the next start reads it
    if (this.d.mode === 'real' && next.hostUrl === null) throw new AppError('SETTINGS_HOST_REQUIRED');
    const hostChanged = this.d.mode === 'real' && changed.some((k) => HOST_FIELDS.includes(k));
    const target = hostChanged && next.hostUrl !== null ? hostTarget(next) : null; // reads and checks the PEM files
    if (hostChanged && o.loadInFlight) throw new AppError('SETTINGS_BUSY');

    store.save(change);
    const running: Partial<Settings> = { mode: this.d.mode, pos: settings.pos };
    const restartRequired = changed.filter((k) => RESTART_FIELDS.includes(k) && !same(next[k], running[k]));
    const overriddenBy = store.overriddenBy();
    const overridden = changed.filter((k) => overriddenBy.includes(k));
    const old: Partial<Settings> = {};
    for (const k of changed) old[k] = (RESTART_FIELDS.includes(k) ? pending[k] : settings[k]) as never;
    for (const k of changed) if (!RESTART_FIELDS.includes(k)) (settings as Record<string, unknown>)[k] = next[k];
    if (target) this.d.connection.connect(target);

    const detail: Record<string, { old: unknown; new: unknown }> = {};
    for (const k of changed) {
      const secret = (SETTINGS_SECRET as readonly string[]).includes(k);
      detail[k] = { old: secret ? MASKED : old[k] ?? null, new: secret ? MASKED : change[k] ?? null };
    }
    this.d.auth.audit.append(by, { action: 'settings-change', target: null, detail });
    return { changed, restartRequired, overridden };
  }
}

/**
 * The host link as the settings of this start say (real mode): connected, or refusing every call with the
 * reason — no host yet (set-up), a certificate file that cannot be used — so that the program still starts
 * and the supervisor can correct it in 系统设置.
 */
export function connectFromSettings(connection: HostConnection, settings: Settings): void {
  try {
    connection.connect(hostTarget(settings));
  } catch (e) {
    if (!isAppError(e)) throw e;
    connection.refuse(e);
  }
}
