import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/etc-counter.mjs', import.meta.url));

/** The supervisor the CLI tests over a real journal sign in as (main/cli/sign-in.ts: `--operator`, the password on stdin). */
export const CLI_SUPERVISOR = { id: 'S01', password: 'cli-supervisor-1' } as const;

export interface CliRun { code: number; stdout: string; stderr: string }

/** Runs `etc-counter` with the data folder `home`; `stdin` is its whole standard input (the password's line by default). */
export function runCli(home: string, args: string[], stdin = `${CLI_SUPERVISOR.password}\n`): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ETC_COUNTER_HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
    child.stdin?.end(stdin);
  });
}

/** The real journal's first account (needs no sign-in of its own): the supervisor `CLI_SUPERVISOR`. */
export async function addCliSupervisor(home: string, journal: string): Promise<void> {
  const r = await runCli(home, ['operator', 'add', '--id', CLI_SUPERVISOR.id, '--name', '测试主管', '--role', 'supervisor', '--journal', journal]);
  if (r.code !== 0) throw new Error(`operator add: ${r.stderr}`);
}
