import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../../contract/errors';
import type { RechargeRecord } from '../../contract/recharge';
import type { Settings } from '../../contract/settings';
import type { Services } from '../compose/services';
import { SettingsStore } from '../settings/store';
import { readEnvironment } from '../env';
import { warnPlainHttp } from './command';

/** Flags `recharge` and `resume` share (docs/architecture.md §5); `--operator` signs in (main/cli/sign-in.ts). */
export const ENGINE_OPTIONS = {
  config: { type: 'string' },
  host: { type: 'string' },
  reader: { type: 'string' },
  journal: { type: 'string' },
  operator: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Runs node's parseArgs and turns its complaint into the operator's INVALID_INPUT message. */
export function flags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Real services (PC/SC reader, HTTP host, the real journal) from the environment, settings, `--config`
 * and flags. Slips, should any be printed, go through Debian's Chromium (loaded only when this runs).
 */
export async function servicesFromFlags(
  v: { config?: string; host?: string; reader?: string; journal?: string; operator?: string },
  adjust: (s: Settings) => Settings = (s) => s,
): Promise<Services> {
  const env = readEnvironment();
  // The layers apart (policy, file, --config, flags): a real host is not used before someone set the terminal id.
  const store = SettingsStore.open(v.config, { hostUrl: v.host, readerName: v.reader, journalPath: v.journal }, env.dataDir);
  const settings = adjust(store.initial);
  warnPlainHttp(settings.hostUrl);
  const { compose } = await import('../compose');
  const { ChromiumPrinter } = await import('../print/chromium-printer');
  const services = await compose({
    settings, store, mode: 'real', dataDir: env.dataDir, adminPassword: env.adminPassword, operatorId: v.operator ?? 'counter', printer: new ChromiumPrinter(),
  });
  // No host, or one whose certificates cannot be used: said before anything is done (main/settings/host-target.ts).
  const problem = services.hostConnection.problem;
  if (problem) {
    await services.close();
    throw problem;
  }
  return services;
}

/** What `--json` prints for a recharge: the final state, amount, balances, serial and TAC. */
export function rechargeJson(r: RechargeRecord) {
  return {
    id: r.id, state: r.state, cardNo: r.cardNo, plate: r.plate, amountFen: r.amountFen, channel: r.channel,
    orderId: r.orderId, tradeNo: r.tradeNo, balanceBeforeFen: r.balanceBeforeFen, balanceAfterFen: r.balanceAfterFen,
    onlineSerial: r.onlineSerial, tac: r.tac, error: r.error, authCodeMasked: r.authCodeMasked, posVoucher: r.posVoucher,
    cardVersion: r.cardVersion, keyVersion: r.keyVersion, algId: r.algId,
  };
}

/** A recharge ends well when the money is on the card and the host knows it. */
export const SUCCESS_STATES: readonly RechargeRecord['state'][] = ['VERIFIED', 'CONFIRMED'];
