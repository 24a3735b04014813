import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { launchSettings, parseLaunchArgs } from '../app/launch-args';
import { readEnvironment } from '../env';
import { NoPaperPrinter } from '../support/no-paper';
import { describeError, SignInRefused, type Command } from './command';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';

const OPTIONS = { config: { type: 'string' }, operator: { type: 'string' } } as const;

/**
 * `etc-counter key passphrase --operator ID [--config FILE]` (docs/release.md §8): the supervisor's password,
 * then the client key's passphrase (no echo at a terminal, else the next line of stdin — a deployment
 * script pipes both), checked against the key file and sealed with the OS's protection (DPAPI on Windows).
 * The same as 系统设置 → 私钥密码; audited as a settings change with the value masked.
 */
export const command: Command = {
  summary: 'key passphrase --operator ID: seals the client key\'s passphrase (DPAPI on Windows); supervisor password, then the passphrase, on stdin',
  async run(argv) {
    let v: ReturnType<typeof parse>;
    try {
      v = parse(argv);
      operatorFlag(v);
    } catch (e) {
      if (e instanceof SignInRefused) throw e;
      process.stderr.write(`${describeError(e)}\n`);
      return 2;
    }
    const env = readEnvironment();
    const { settings, store } = launchSettings(parseLaunchArgs(v.config ? ['--config', v.config] : []), env.dataDir);
    const { compose } = await import('../compose');
    const s = await compose({ settings, store, mode: 'real', dataDir: env.dataDir, printer: new NoPaperPrinter(), operatorId: v.operator });
    try {
      const op = await signInForCli(v, s.auth, processIo, { command: 'key passphrase', role: 'supervisor' });
      const passphrase = await processIo.secret(t('KEY_PASSPHRASE_PROMPT'));
      s.system.setKeyPassphrase(passphrase, { operatorId: op.operatorId, role: op.role });
      process.stdout.write(`${t('KEY_PASSPHRASE_SEALED')}\n`);
      const problem = s.hostConnection.problem;
      if (problem) process.stderr.write(`${describeError(problem)}\n`);
      return 0;
    } finally {
      await s.close();
    }
  },
};

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}
