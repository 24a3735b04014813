import { AppError, isAppError } from '../../contract/errors';
import { isPlainHttpHost } from '../../contract/host-url';
import type { SetupStatus } from '../../contract/ipc';
import {
  SETTINGS_EDITABLE, SETTINGS_SECRET, type CounterMode, type EditableSetting, type Settings,
} from '../../contract/settings';
import type { Actor, Auth } from '../auth';
import type { HostConnection } from '../host/connection';
import { t } from '../../contract/i18n';
import { checkChange } from './check';
import { SettingsFileAudit, type OutsideChange } from './file-audit';
import { checkPassphrase, type ClientKeyVault } from './client-key';
import { hostTarget, keyProtection } from './host-target';
import type { Policy } from './policy';
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
  private readonly fileAudit: SettingsFileAudit;
  /** An outside change of the settings file no supervisor has acknowledged yet (status bar warning). */
  private outside: OutsideChange | null = null;

  constructor(private readonly d: {
    mode: CounterMode;
    /** The live settings: the one object the services hold; a save changes it in place. */
    settings: Settings;
    /** Where saves go; null where this run cannot save (tests, the command line). */
    store: SettingsStore | null;
    connection: HostConnection;
    auth: Auth;
    /** Where the client key's sealed passphrase lives (main/settings/client-key.ts). */
    vault?: ClientKeyVault;
  }) {
    this.recoveryCode = d.auth.issuedRecoveryCode;
    this.fileAudit = new SettingsFileAudit(d.auth.audit);
    // A real counter's settings file, compared with what the app last recorded (main/settings/file-audit.ts).
    if (d.mode === 'real' && d.store) this.outside = this.fileAudit.checkAtStart(d.store.fileValues);
  }

  /** The settings file was changed outside the app since it last wrote it, and nobody acknowledged it. */
  get settingsFileChanged(): OutsideChange | null {
    return this.outside;
  }

  /** A supervisor acknowledges the outside change: audited, the warning ends. */
  acceptSettingsFile(by: Actor): void {
    if (!this.d.store || !this.outside) return;
    this.fileAudit.accept(this.d.store.fileValues, by);
    this.outside = null;
  }

  /** How the client key is kept (a plain PEM is warned about). */
  get keyProtection(): ReturnType<typeof keyProtection> {
    return keyProtection(this.d.settings);
  }

  /**
   * The passphrase of the encrypted client key (a PEM or a PFX): checked against the key file, sealed with
   * the OS's protection (never written in clear, never audited in clear), and the host link made anew.
   */
  setKeyPassphrase(passphrase: string, by: Actor): void {
    const { settings, vault, store } = this.d;
    if (this.d.mode !== 'real') throw new AppError('SETTINGS_TRAINING_READ_ONLY');
    if (!vault) throw new AppError('SETTINGS_READ_ONLY');
    if (!settings.clientKeyFile) throw new AppError('SETTINGS_KEY_NO_FILE');
    checkPassphrase(settings.clientKeyFile, passphrase);
    vault.setPassphrase(passphrase);
    this.d.auth.audit.append(by, { action: 'settings-change', target: null, detail: { clientKeyPassphrase: { old: MASKED, new: MASKED } } });
    connectFromSettings(this.d.connection, settings, store, vault);
  }

  /** Where the machine policy came from (file, registry key). */
  get policySources(): string[] {
    return this.d.store?.policySources ?? [];
  }

  /** The machine policy this start applied, or null where this run has no store (tests, some commands). */
  get policy(): Policy | null {
    return this.d.store?.policy ?? null;
  }

  /** Fields the machine policy sets: locked in 系统设置. */
  get locked(): EditableSetting[] {
    return (this.d.store?.locked() ?? []) as EditableSetting[];
  }

  /** Whether the terminal id was set by policy, the settings file or --config (real mode takes no money without it). */
  get terminalIdSet(): boolean {
    return this.d.mode !== 'real' || !this.d.store || this.d.store.isExplicit('terminalId');
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
    const locked = keys.filter((k) => store.locked().includes(k));
    if (locked.length > 0) throw new AppError('SETTINGS_POLICY_LOCKED', { fields: locked.map((k) => t(`UI_AUDIT_KEY_${k}`)).join('、') });
    // A field that waits for a restart is compared with what the file says, the others with what runs now.
    const pending = store.preview({});
    // The terminal id counts as changed until it was set once (no default terminal id: terminalUnset below).
    const changed = keys.filter((k) => !same(change[k], RESTART_FIELDS.includes(k) ? pending[k] : settings[k])
      || (k === 'terminalId' && !store.isExplicit('terminalId')));
    if (changed.length === 0) return { changed, restartRequired: [], overridden: [] };
    const next = store.preview(change); // the whole schema, as the next start reads it
    if (this.d.mode === 'real' && next.hostUrl === null) throw new AppError('SETTINGS_HOST_REQUIRED');
    const hostChanged = this.d.mode === 'real' && changed.some((k) => HOST_FIELDS.includes(k));
    const target = hostChanged && next.hostUrl !== null ? hostTarget(next, undefined, this.d.vault) : null; // reads and checks the PEM files
    if (hostChanged && o.loadInFlight) throw new AppError('SETTINGS_BUSY');

    store.save(change);
    const running: Partial<Settings> = { mode: this.d.mode, pos: settings.pos };
    const restartRequired = changed.filter((k) => RESTART_FIELDS.includes(k) && !same(next[k], running[k]));
    const overriddenBy = store.overriddenBy();
    const overridden = changed.filter((k) => overriddenBy.includes(k));
    const old: Partial<Settings> = {};
    for (const k of changed) old[k] = (RESTART_FIELDS.includes(k) ? pending[k] : settings[k]) as never;
    for (const k of changed) if (!RESTART_FIELDS.includes(k)) (settings as Record<string, unknown>)[k] = next[k];
    if (target) {
      const unset = terminalUnset(this.d.mode, next, store);
      if (unset) this.d.connection.refuse(unset);
      else this.d.connection.connect(target);
    }

    const detail: Record<string, { old: unknown; new: unknown }> = {};
    for (const k of changed) {
      const secret = (SETTINGS_SECRET as readonly string[]).includes(k);
      detail[k] = { old: secret ? MASKED : old[k] ?? null, new: secret ? MASKED : change[k] ?? null };
    }
    this.d.auth.audit.append(by, { action: 'settings-change', target: null, detail });
    this.fileAudit.saved(store.fileValues, by);
    this.outside = null; // a supervisor saved over whatever had changed: the file is the app's again
    return { changed, restartRequired, overridden };
  }
}

/**
 * A real counter takes no money until its terminal id was set by someone — the machine policy, 初始化设置 /
 * 系统设置, or `--config` — never the schema's default (docs/release.md §7). A simulator on this machine
 * over plain http:// (development, the tests) may run on the default.
 */
export function terminalUnset(mode: CounterMode, settings: Settings, store: SettingsStore | null | undefined): AppError | null {
  if (mode !== 'real' || !store || store.isExplicit('terminalId')) return null;
  if (settings.hostUrl === null || isPlainHttpHost(settings.hostUrl)) return null;
  return new AppError('SETTINGS_TERMINAL_ID_UNSET');
}

/**
 * The host link as the settings of this start say (real mode): connected, or refusing every call with the
 * reason — no host yet (set-up), a certificate file that cannot be used, no terminal id — so that the
 * program still starts and the supervisor can correct it in 系统设置.
 */
export function connectFromSettings(connection: HostConnection, settings: Settings, store?: SettingsStore | null, vault?: ClientKeyVault): void {
  try {
    const target = hostTarget(settings, undefined, vault);
    const unset = terminalUnset('real', settings, store);
    if (unset) throw unset;
    connection.connect(target);
  } catch (e) {
    if (!isAppError(e)) throw e;
    connection.refuse(e);
  }
}
