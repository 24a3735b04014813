import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isAppError } from '../../contract/errors';
import type { Services } from '../compose/services';
import { logPathFor } from '../app/log-file';
import type { Policy } from '../settings/policy';
import type { BundleInput } from './bundle';

const describe = (e: unknown): { error: string } => ({ error: isAppError(e) ? `${e.code}: ${e.english}` : e instanceof Error ? e.message : String(e) });

/**
 * What the support bundle takes from main's services (the window's 导出支持包 and `etc-counter support
 * bundle` alike): each part asked for separately, and a part that cannot be had (no PC/SC service, no
 * CUPS) is written as its error rather than stopping the bundle.
 */
export async function collectBundle(s: Services, o: {
  versions: Record<string, string>; dataDir: string; policy: Policy | null; estate?: Record<string, unknown>;
}): Promise<BundleInput> {
  const now = s.clock.now();
  const from = new Date(now.getTime() - 30 * 86_400_000).toLocaleDateString('sv-SE');
  const to = new Date(now.getTime() + 86_400_000).toLocaleDateString('sv-SE');
  let verify: BundleInput['verify'];
  try { verify = s.journal.verifyChains(); } catch (e) { verify = describe(e); }
  let readers: BundleInput['readers'];
  try { readers = await s.readers.listReaders(); } catch (e) { readers = describe(e); }
  let printers: BundleInput['printers'];
  try { printers = (await s.print.listPrinters()).map((p) => ({ name: p.name, isDefault: p.isDefault })); } catch (e) { printers = describe(e); }
  const backupDir = s.backups.dir;
  return {
    now, versions: o.versions, mode: s.mode, dataDir: o.dataDir, settings: s.settings, policy: o.policy, verify,
    pending: s.engine.pending(), readers, printers,
    audit: s.auth.audit.list({ from, to }),
    backups: { last: s.backups.last, files: existsSync(backupDir) ? readdirSync(backupDir).sort() : [] },
    logDir: dirname(logPathFor(s.mode, o.dataDir)),
    estate: o.estate,
  };
}

/** The versions a bundle names: the app's, and the runtime's (Electron's where it runs in Electron). */
export function runtimeVersions(app: string): Record<string, string> {
  const v = process.versions as Record<string, string | undefined>;
  let sqlite: string | undefined;
  try {
    const db = new Database(':memory:');
    sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v; // better-sqlite3's own SQLite
    db.close();
  } catch { /* the addon did not load: the bundle says so by its absence */ }
  return Object.fromEntries(Object.entries({
    app, node: v.node, electron: v.electron, chrome: v.chrome, modules: v.modules, sqlite, openssl: v.openssl,
  }).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export const bundleFileName = (terminalId: string, at: Date): string =>
  `etc-support-${terminalId}-${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}.zip`;


