import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard } from '../../sim/card/virtual-card';
import { attachVpcd } from '../../sim/card/vpcd';
import { loadKeyFile } from '../../sim/crypto/keys';
import type { Command } from './command';

/** What the command needs from outside; tests pass their own stop signal and capture the output. */
export interface SimCardDeps {
  write(text: string): void;
  warn(text: string): void;
  /** Resolves when the command should pull the card and exit (SIGINT / SIGTERM). */
  stopped(): Promise<void>;
}

const defaultDeps: SimCardDeps = {
  write: (text) => process.stdout.write(text),
  warn: (text) => process.stderr.write(text),
  stopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
};

/**
 * `etc-counter sim card --vpcd HOST:PORT --profile FILE --keys FILE [--state FILE]` — puts a virtual
 * card into a pcscd reader through vpcd and keeps it there until stopped. Without `--state` the card
 * forgets its loads when the command ends.
 */
export function simCardCommand(deps: SimCardDeps = defaultDeps): Command {
  return {
    summary: 'sim card --vpcd HOST:PORT --profile FILE --keys FILE [--state FILE]: attach a virtual card to vpcd',
    async run(argv) {
      const args = parse(argv);
      const { host, port } = parseAddress(args.vpcd);
      const profile = loadCardProfile(args.profile);
      const card = new VirtualCard(profile, loadKeyFile(args.keys), { statePath: args.state });
      const link = await attachVpcd(card, { host, port, onError: (e) => deps.warn(`vpcd: ${e.message}\n`) });
      const stopped = deps.stopped();
      deps.write(
        t('SIM_CARD_ATTACHED', {
          cardNo: card.cardNo,
          plate: profile.plate,
          balance: formatYuan(card.snapshot().balanceFen),
          address: `${host}:${port}`,
        }) + '\n',
      );
      await stopped;
      await link.close();
      return 0;
    },
  };
}

export const command: Command = simCardCommand();

interface Args {
  vpcd: string;
  profile: string;
  keys: string;
  state?: string;
}

function parse(argv: string[]): Args {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      // --config is accepted like on every command (docs/architecture.md §5); a virtual card needs no settings.
      options: { vpcd: { type: 'string' }, profile: { type: 'string' }, keys: { type: 'string' }, state: { type: 'string' }, config: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
  const { vpcd, profile, keys, state } = values;
  if (!vpcd || !profile || !keys) throw new AppError('SIM_CARD_USAGE');
  return { vpcd, profile, keys, state };
}

export function parseAddress(value: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port < 1 || port > 65535) throw new AppError('SIM_VPCD_ADDRESS', { value });
  return { host: m[1], port };
}
