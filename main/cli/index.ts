import { t } from '../../contract/i18n';
import { describeError, EXIT_SIGN_IN, SignInRefused, type Command } from './command';

/** How bin/etc-counter.mjs runs this: a release's compiled dist/cli, a fresh build in a checkout, or the sources through tsx. */
export type CliBuild = 'release' | 'built' | 'development';
export interface CliInfo { version: string; build: CliBuild }
const VERSION_KEY: Record<CliBuild, string> = { release: 'CLI_VERSION_RELEASE', built: 'CLI_VERSION_BUILT', development: 'CLI_VERSION_DEV' };

/** Each command lives in its own module, loaded only when called. */
const COMMANDS: Record<string, () => Promise<Command>> = {
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

function usage(): string {
  return ['usage: etc-counter <command> [options]   (etc-counter --version)', '', 'commands:', ...Object.keys(COMMANDS).map((c) => `  ${c}`)].join('\n');
}

export async function main(argv: string[], info: CliInfo = { version: 'unknown', build: 'development' }): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    const key = VERSION_KEY[info.build];
    process.stdout.write(`${t(key, { version: info.version })}\n${t(key, { version: info.version }, 'en')}\n`);
    return 0;
  }
  const two = argv.slice(0, 2).join(' ');
  const name = two in COMMANDS ? two : argv[0] ?? '';
  const load = COMMANDS[name];
  if (!load || argv[0] === '--help') {
    process.stderr.write(usage() + '\n');
    return name === '' || argv[0] === '--help' ? 0 : 2;
  }
  const rest = argv.slice(name.split(' ').length);
  try {
    const cmd = await load();
    return await cmd.run(rest);
  } catch (e) {
    process.stderr.write(`${describeError(e)}\n`);
    return e instanceof SignInRefused ? EXIT_SIGN_IN : 1;
  }
}
