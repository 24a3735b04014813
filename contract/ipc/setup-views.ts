import type { EditableSetting } from '../settings';
import type { SettingsView, SignedInOperator } from './views';

/**
 * What 初始化设置 (first-run set-up) and 系统设置 (settings) answer (docs/ui.md "Set-up and settings").
 * Types only, like views.ts.
 */

/**
 * Where the counter stands before it may take money. A real counter needs its first supervisor and a host
 * address; until both exist main refuses every recharge call (SETUP_INCOMPLETE) and the window shows the
 * set-up instead of the sign-in. Training mode never needs set-up.
 */
export interface SetupStatus {
  /** True while set-up is incomplete: `step` says what is missing. */
  required: boolean;
  /** `supervisor`: no operator exists yet; `settings`: no host address (a supervisor must sign in and set it). */
  step: 'supervisor' | 'settings' | null;
  training: boolean;
  /** The host is reached over plain http:// (allowed for a simulator on this machine only): warn. */
  hostInsecure: boolean;
  /** Why the configured host cannot be used (a certificate file unreadable, …), or null. */
  hostProblem: { code: string; message: string } | null;
  /** A recovery code was issued at this start (admin bootstrap) and has not been shown yet. */
  recoveryCodePending: boolean;
}

/** The first supervisor, created from the set-up screen, and the counter's recovery code — shown this once. */
export interface SetupSupervisor { operator: SignedInOperator; recoveryCode: string }

/** A saved change: the settings now, and which changed fields wait for a restart of the program. */
export interface SettingsSaved {
  settings: SettingsView;
  changed: EditableSetting[];
  /** Changed fields this run keeps using the old value of, until the program is started again. */
  restartRequired: EditableSetting[];
  /** Changed fields a `--config` file or a command-line flag of this start overrides: the file has the new value, this run the flag's. */
  overridden: EditableSetting[];
}

export interface PrinterView { name: string; displayName: string; isDefault: boolean }

/** A test page sent to a printer: whether it went, and why not. */
export interface PrintTestResult { printed: boolean; error: { code: string; message: string } | null }
