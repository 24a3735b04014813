import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { launchSettings, parseLaunchArgs } from '../app/launch-args';
import { readEnvironment } from '../env';
import { NoPaperPrinter } from '../support/no-paper';
import { appVersion } from '../estate/app-info';
import { buildBundle } from '../support/bundle';
import { bundleFileName, collectBundle, runtimeVersions } from '../support/collect';
import { describeError, SignInRefused, type Command } from './command';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';

const OPTIONS = { out: { type: 'string' }, config: { type: 'string' }, operator: { type: 'string' } } as const;

/**
 * `etc-counter support bundle --operator ID [--out FILE.zip] [--config FILE]` (docs/release.md §10): the same
 * zip as 系统设置 → 导出支持包, made with the app closed (the journal is locked to one program): logs,
 * versions, redacted settings and policy, `journal verify`, the pending list, readers, printers, the last
 * audit rows and backups. A supervisor's; audited (`support-bundle`).
 */
export const command: Command = {
  summary: 'support bundle --operator ID [--out FILE.zip]: logs, versions, redacted settings, journal verify, pending list, devices, audit; supervisor password first',
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
      const op = await signInForCli(v, s.auth, processIo, { command: 'support bundle', role: 'supervisor' });
      const input = await collectBundle(s, {
        versions: runtimeVersions(appVersion()), dataDir: env.dataDir, policy: store.policy,
        estate: { locked: s.system.locked, policySources: s.system.policySources, settingsFileChanged: s.system.settingsFileChanged, clientKey: s.system.keyProtection },
      });
      const out = resolve(v.out ?? bundleFileName(settings.terminalId, input.now));
      if (existsSync(out)) throw new AppError('BACKUP_EXISTS', { file: out });
      const zip = buildBundle(input);
      writeFileSync(out, zip, { flag: 'wx', mode: 0o600 });
      s.auth.audit.append({ operatorId: op.operatorId, role: op.role }, { action: 'support-bundle', target: out, detail: { bytes: zip.length, via: 'cli' } });
      process.stdout.write(`${t('SUPPORT_BUNDLE_WRITTEN', { file: out, bytes: zip.length })}\n`);
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
