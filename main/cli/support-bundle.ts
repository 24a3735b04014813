import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { appVersion } from '../estate/app-info';
import { buildBundle } from '../support/bundle';
import { bundleFileName, collectBundle, runtimeVersions } from '../support/collect';
import type { Command } from './command';
import { asSupervisor, supervisorFlags } from './supervisor-command';

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
    const v = supervisorFlags(argv, OPTIONS);
    if (v === null) return 2;
    return asSupervisor(v, 'support bundle', async ({ s, op, settings, store, dataDir }) => {
      const input = await collectBundle(s, {
        versions: runtimeVersions(appVersion()), dataDir, policy: store.policy,
        estate: { locked: s.system.locked, policySources: s.system.policySources, settingsFileChanged: s.system.settingsFileChanged, clientKey: s.system.keyProtection },
      });
      const out = resolve(v.out ?? bundleFileName(settings.terminalId, input.now));
      if (existsSync(out)) throw new AppError('BACKUP_EXISTS', { file: out });
      const zip = buildBundle(input);
      writeFileSync(out, zip, { flag: 'wx', mode: 0o600 });
      s.auth.audit.append({ operatorId: op.operatorId, role: op.role }, { action: 'support-bundle', target: out, detail: { bytes: zip.length, via: 'cli' } });
      process.stdout.write(`${t('SUPPORT_BUNDLE_WRITTEN', { file: out, bytes: zip.length })}\n`);
      return 0;
    });
  },
};
