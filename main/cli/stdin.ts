import { createInterface } from 'node:readline';
import { AppError } from '../../contract/errors';
import type { CliIo } from './sign-in';

/**
 * Standard input as the command line reads secrets from it (main/cli/sign-in.ts): at a terminal each one is
 * typed after a prompt on stderr and never echoed; from a pipe or a file they are its lines, in order, one
 * per secret, read through ONE reader for the whole process so that no line is lost between two reads.
 * A missing line is AUTH_STDIN_PASSWORD.
 */
let lines: AsyncIterator<string> | null = null;

function nextLine(): Promise<IteratorResult<string>> {
  lines ??= createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity })[Symbol.asyncIterator]();
  return lines.next();
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(`${prompt}: `);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') { done(); resolve(typed); return; }
        if (ch === '\u0003') { done(); reject(new AppError('AUTH_CLI_CANCELLED')); return; } // Ctrl+C
        if (ch === '\u0004' && typed === '') { done(); reject(new AppError('AUTH_STDIN_PASSWORD')); return; } // Ctrl+D
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

export const processIo: CliIo = {
  async secret(prompt) {
    if (process.stdin.isTTY) return readHidden(prompt);
    const next = await nextLine();
    if (next.done) throw new AppError('AUTH_STDIN_PASSWORD');
    return String(next.value).replace(/\r$/, '');
  },
};
