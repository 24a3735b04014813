/**
 * The commands the installed app runs without a window (`etc-counter.exe journal verify …`,
 * docs/release.md §9): the counter's own — no simulators, no browser mode, and none that prints (`recharge`,
 * `resume`: paper goes through Debian's Chromium on the command line, which the installed app does not ship;
 * the app's 待处理 finishes recharges). Shared by the Electron entry (which recognises them) and the CLI's
 * installed entry (main/cli/installed.ts, which runs them).
 */
export const INSTALLED_COMMANDS = [
  'card read', 'journal export', 'journal verify', 'journal reconcile', 'journal backup', 'journal restore',
  'operator add', 'operator unlock', 'operator list', 'operator disable', 'operator enable', 'operator recover', 'operator recovery-code',
  'support bundle', 'key passphrase',
] as const;

/** `argv` (without the executable) names an installed command, or asks for the version: run it without a window. */
export function isInstalledCommand(argv: readonly string[]): boolean {
  if (argv[0] === '--version' || argv[0] === '-v') return true;
  const two = argv.slice(0, 2).join(' ');
  return (INSTALLED_COMMANDS as readonly string[]).includes(two) || (INSTALLED_COMMANDS as readonly string[]).includes(argv[0] ?? '');
}
