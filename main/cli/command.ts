import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../contract/errors';
import { isPlainHttpHost } from '../../contract/host-url';
import { t } from '../../contract/i18n';

/**
 * What every CLI command module exports (docs/architecture.md §5), and how an error reads on stderr. Its
 * own module so that the commands never import the dispatcher (index.ts), which loads them lazily.
 */
export interface Command {
  summary: string;
  /** Parses its own arguments; returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/**
 * A command's sign-in was refused (main/cli/sign-in.ts): no operator named, no password, a wrong one, a
 * locked or disabled account, the wrong role. The dispatcher exits with EXIT_SIGN_IN for it; nothing was done.
 */
export class SignInRefused extends AppError {}
/** Exit status of a refused sign-in (1: could not run, 2: bad arguments, 3: journal chain broken). */
export const EXIT_SIGN_IN = 4;

/** One line for stderr: the Chinese message an operator reads, the code and English for support. */
export function describeError(e: unknown): string {
  if (e instanceof AppError) return `错误 ${e.code}: ${e.message} (${e.english})`;
  if (e instanceof Error) return `错误: ${e.message}`;
  return `错误: ${String(e)}`;
}

/** A real host reached over plain http:// (allowed for the simulator on this machine only) is said on stderr. */
export function warnPlainHttp(hostUrl: string | null, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (isPlainHttpHost(hostUrl)) log(`${t('CLI_HOST_PLAIN_HTTP', { url: hostUrl ?? '' })} (${t('CLI_HOST_PLAIN_HTTP', { url: hostUrl ?? '' }, 'en')})`);
}

/** A command's options as parseArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;
/** The values parseArgs gives for `options`. */
export type ParsedFlags<O extends FlagOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>>['values'];

/** A command's flags by node:util's parseArgs (strict, no positionals); a bad or unknown flag is INVALID_INPUT. */
export function parseFlags<O extends FlagOptions>(argv: string[], options: O): ParsedFlags<O> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Reads a command's flags with `read` (parseFlags and its own checks): a bad one is said on stderr and null
 * returned, for the command to exit 2; a refused sign-in (no operator named) is thrown on to the dispatcher.
 */
export function readFlags<V>(read: () => V): V | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof SignInRefused) throw e;
    process.stderr.write(`${describeError(e)}\n`);
    return null;
  }
}
