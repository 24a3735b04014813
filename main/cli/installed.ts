import { INSTALLED_COMMANDS } from '../estate/installed-commands';
import { dispatch, type CliInfo, type CommandTable } from './dispatch';

/**
 * The command line inside the installed app (docs/release.md §9): `etc-counter.exe journal verify …` runs
 * in Electron's main process — the RunAsNode fuse stays off — without a window. Built as an entry of its
 * own (dist/main/cli/installed.js, scripts/build-main.mjs) that the Electron entry loads by path only when
 * its arguments name one of these commands, so the window's run never loads the CLI; its table names the
 * counter's own commands only (no simulators, no browser mode, nothing that needs Chromium).
 */
const TABLE: CommandTable = {
  'card read': async () => (await import('./card-read')).command,
  'journal export': async () => (await import('./journal-export')).command,
  'journal verify': async () => (await import('./journal-verify')).command,
  'journal reconcile': async () => (await import('./journal-reconcile')).command,
  'journal backup': async () => (await import('./journal-backup')).command,
  'journal restore': async () => (await import('./journal-restore')).command,
  'operator add': async () => (await import('../auth/cli')).addCommand,
  'operator unlock': async () => (await import('../auth/cli')).unlockCommand,
  'operator list': async () => (await import('../auth/cli')).listCommand,
  'operator disable': async () => (await import('../auth/cli-accounts')).disableCommand,
  'operator enable': async () => (await import('../auth/cli-accounts')).enableCommand,
  'operator recover': async () => (await import('../auth/cli-accounts')).recoverCommand,
  'operator recovery-code': async () => (await import('../auth/cli-accounts')).recoveryCodeCommand,
  'support bundle': async () => (await import('./support-bundle')).command,
  'key passphrase': async () => (await import('./key-passphrase')).command,
} satisfies Record<(typeof INSTALLED_COMMANDS)[number], unknown>;

export function runInstalled(argv: string[], info: CliInfo): Promise<number> {
  return dispatch(argv, info, TABLE);
}
