import { t } from '../../contract/i18n';
import { describeError, type Command } from './command';
import { asSupervisor, supervisorFlags } from './supervisor-command';
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
    const v = supervisorFlags(argv, OPTIONS);
    if (v === null) return 2;
    return asSupervisor(v, 'key passphrase', async ({ s, op }) => {
      const passphrase = await processIo.secret(t('KEY_PASSPHRASE_PROMPT'));
      s.system.setKeyPassphrase(passphrase, { operatorId: op.operatorId, role: op.role });
      process.stdout.write(`${t('KEY_PASSPHRASE_SEALED')}\n`);
      const problem = s.hostConnection.problem;
      if (problem) process.stderr.write(`${describeError(problem)}\n`);
      return 0;
    });
  },
};
