import { dispatch, type CliInfo, type CommandTable } from './dispatch';

export type { CliBuild, CliInfo } from './dispatch';

/** Each command lives in its own module, loaded only when called. */
const COMMANDS: CommandTable = {
  serve: async () => (await import('./serve')).command,
  start: async () => (await import('./start')).command,
  'card read': async () => (await import('./card-read')).command,
  recharge: async () => (await import('./recharge')).command,
  resume: async () => (await import('./resume')).command,
  'sim host': async () => (await import('./sim-host')).command,
  'sim card': async () => (await import('./sim-card')).command,
  'journal export': async () => (await import('./journal-export')).command,
  'journal verify': async () => (await import('./journal-verify')).command,
  'journal reconcile': async () => (await import('./journal-reconcile')).command,
  'journal backup': async () => (await import('./journal-backup')).command,
  'journal restore': async () => (await import('./journal-restore')).command,
  'support bundle': async () => (await import('./support-bundle')).command,
  'key passphrase': async () => (await import('./key-passphrase')).command,
  'operator add': async () => (await import('../auth/cli')).addCommand,
  'operator unlock': async () => (await import('../auth/cli')).unlockCommand,
  'operator list': async () => (await import('../auth/cli')).listCommand,
  'operator disable': async () => (await import('../auth/cli-accounts')).disableCommand,
  'operator enable': async () => (await import('../auth/cli-accounts')).enableCommand,
  'operator recover': async () => (await import('../auth/cli-accounts')).recoverCommand,
  'operator recovery-code': async () => (await import('../auth/cli-accounts')).recoveryCodeCommand,
  'operator passwd': async () => (await import('../auth/cli-accounts')).passwdCommand,
  'operator reset-password': async () => (await import('../auth/cli-accounts')).resetPasswordCommand,
};

export function main(argv: string[], info: CliInfo = { version: 'unknown', build: 'development' }): Promise<number> {
  return dispatch(argv, info, COMMANDS);
}
