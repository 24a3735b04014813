import type { SignedInOperator } from '../../contract/ipc';
import type { Settings } from '../../contract/settings';
import { launchSettings, parseLaunchArgs } from '../app/launch-args';
import type { Services } from '../compose/services';
import { readEnvironment } from '../env';
import type { SettingsStore } from '../settings/store';
import { NoPaperPrinter } from '../support/no-paper';
import { parseFlags, readFlags, type FlagOptions, type ParsedFlags } from './command';
import { operatorFlag, signInForCli, type SignInFlags } from './sign-in';
import { processIo } from './stdin';

/** What a supervisor's command gets: the real services, who signed in, and where they came from. */
export interface SupervisorRun {
  s: Services;
  op: SignedInOperator;
  settings: Settings;
  store: SettingsStore;
  dataDir: string;
}

/**
 * A supervisor's command over the counter's real services, the app closed (the journal is locked to one
 * program): the settings' layers as the app reads them (`--config` over the file, the machine policy),
 * the supervisor signed in (password on stdin, audited with `command`), `body` run, the services closed.
 */
export async function asSupervisor(v: SignInFlags & { config?: string }, command: string, body: (run: SupervisorRun) => Promise<number>): Promise<number> {
  const env = readEnvironment();
  const { settings, store } = launchSettings(parseLaunchArgs(v.config ? ['--config', v.config] : []), env.dataDir);
  const { compose } = await import('../compose');
  const s = await compose({ settings, store, mode: 'real', dataDir: env.dataDir, printer: new NoPaperPrinter(), operatorId: v.operator });
  try {
    const op = await signInForCli(v, s.auth, processIo, { command, role: 'supervisor' });
    return await body({ s, op, settings, store, dataDir: env.dataDir });
  } finally {
    await s.close();
  }
}

/** A supervisor's command's flags: parsed, the operator named (else refused); null when a flag is bad (exit 2). */
export function supervisorFlags<O extends FlagOptions>(argv: string[], options: O): ParsedFlags<O> | null {
  return readFlags(() => {
    const flags = parseFlags(argv, options);
    operatorFlag(flags as SignInFlags);
    return flags;
  });
}
