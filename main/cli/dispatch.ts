import { t } from '../../contract/i18n';
import { setInstallKind } from '../config';
import { setAppVersion } from '../estate/app-info';
import { describeError, EXIT_SIGN_IN, SignInRefused, type Command } from './command';

/** How bin/etc-counter.mjs runs this: a release's compiled dist/cli, a fresh build in a checkout, or the sources through tsx. */
export type CliBuild = 'release' | 'built' | 'development';
export interface CliInfo { version: string; build: CliBuild }
const VERSION_KEY: Record<CliBuild, string> = { release: 'CLI_VERSION_RELEASE', built: 'CLI_VERSION_BUILT', development: 'CLI_VERSION_DEV' };

/** A command table: each command's module, loaded only when called. */
export type CommandTable = Record<string, () => Promise<Command>>;

function usage(commands: CommandTable): string {
  return ['usage: etc-counter <command> [options]   (etc-counter --version)', '', 'commands:', ...Object.keys(commands).map((c) => `  ${c}`)].join('\n');
}

/**
 * Runs one command of `commands` (docs/architecture.md §5): `--version`, usage, the command's module, and
 * its failure as one line on stderr with the exit code (4 for a refused sign-in). Shared by the command
 * line (index.ts) and the installed app's (installed.ts), which differ only in their tables.
 */
export async function dispatch(argv: string[], info: CliInfo, commands: CommandTable): Promise<number> {
  // A release keeps one data folder per machine (main/config.ts); the version goes into support bundles.
  if (info.build === 'release') setInstallKind('release');
  setAppVersion(info.version);
  if (argv[0] === '--version' || argv[0] === '-v') {
    const key = VERSION_KEY[info.build];
    process.stdout.write(`${t(key, { version: info.version })}\n${t(key, { version: info.version }, 'en')}\n`);
    return 0;
  }
  const two = argv.slice(0, 2).join(' ');
  const name = two in commands ? two : argv[0] ?? '';
  const load = commands[name];
  if (!load || argv[0] === '--help') {
    process.stderr.write(usage(commands) + '\n');
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
