import { isInstalledCommand } from '../estate/installed-commands';
import { main, type CliInfo } from './index';

/**
 * The command line inside the installed app (docs/release.md §9): `etc-counter.exe journal verify …` runs
 * in Electron's main process — the RunAsNode fuse stays off — without a window. Built as an entry of its
 * own (dist/main/cli/installed.js, scripts/build-main.mjs) that the Electron entry loads by path only when
 * its arguments name one of these commands, so the window's run never loads the CLI.
 */
export async function runInstalled(argv: string[], info: CliInfo): Promise<number> {
  if (!isInstalledCommand(argv)) {
    process.stderr.write('usage: etc-counter <command> [options]   — the installed app runs: journal …, operator …, resume, card read, support bundle, key passphrase, --version\n');
    return 2;
  }
  return main(argv, info);
}
