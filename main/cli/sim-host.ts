import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { loadKeyFile, type KeyFile } from '../../sim/crypto/keys';
import { simHostFileOptions, startHostSim, type SimHostFileArgs } from '../../sim/host';
import { loadSettings } from '../config';
import type { Command } from './command';

export interface SimHostArgs extends SimHostFileArgs {
  port: number;
  keys: string;
  db: string;
  /** Network number → issuer id, from repeated `--issuer 6201=B8CACBE062010001`. */
  issuers: Record<string, string>;
  listen?: string;
  publicUrl?: string;
  config?: string;
  /** Run the refund job by itself once a day (`--auto-refunds`). */
  autoRefunds?: boolean;
}

export function parseSimHostArgs(argv: string[]): SimHostArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' }, keys: { type: 'string' }, db: { type: 'string' },
        issuer: { type: 'string', multiple: true }, listen: { type: 'string' }, 'public-url': { type: 'string' },
        config: { type: 'string' }, calendar: { type: 'string' }, 'auto-refunds': { type: 'boolean' },
        'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'tls-client-ca': { type: 'string' },
        'require-client-cert': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
  if (!values.keys || !values.db) throw new AppError('HOST_SIM_USAGE');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('INVALID_INPUT', { detail: `--port ${values.port}` });
  const issuers: Record<string, string> = {};
  for (const spec of values.issuer ?? []) {
    const m = /^(\d{4})=([0-9A-Fa-f]{16})$/.exec(spec);
    if (!m?.[1] || !m[2]) throw new AppError('INVALID_INPUT', { detail: `--issuer ${spec} (NETWORK=16 hex digits)` });
    issuers[m[1]] = m[2].toUpperCase();
  }
  return {
    port, keys: values.keys, db: values.db, issuers, listen: values.listen, publicUrl: values['public-url'], config: values.config,
    calendar: values.calendar, autoRefunds: values['auto-refunds'], tlsCert: values['tls-cert'], tlsKey: values['tls-key'],
    tlsClientCa: values['tls-client-ca'], requireClientCert: values['require-client-cert'],
  };
}

/** What the command needs from outside; the test passes its own output and stop trigger. */
export interface SimHostDeps {
  write(text: string): void;
  /** Resolves when the simulator should stop. */
  stopped(): Promise<unknown>;
}

const defaultDeps: SimHostDeps = {
  write: (text) => process.stdout.write(text),
  stopped: () => new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  }),
};

function readKeys(path: string): KeyFile {
  try {
    return loadKeyFile(path);
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: `--keys ${path}: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/**
 * `etc-counter sim host --port N --keys FILE --db FILE [--issuer NETWORK=ISSUERID]… [--listen ADDR]
 * [--public-url URL] [--config FILE] [--calendar FILE] [--auto-refunds] [--tls-cert FILE --tls-key FILE
 * [--tls-client-ca FILE [--require-client-cert]]]` — the issuer-host simulator (HTTPS with the TLS flags). Its URL is the first line on stdout
 * (scripts read it, like `serve`); it runs until SIGINT/SIGTERM. The card maximum balance comes from
 * the settings, so the simulator and the counter agree on it.
 */
export function simHostCommand(deps: SimHostDeps = defaultDeps): Command {
  return {
    summary: 'sim host --port N --keys FILE --db FILE [--issuer NETWORK=ISSUERID] [--calendar FILE] [--auto-refunds] '
      + '[--tls-cert F --tls-key F [--tls-client-ca F [--require-client-cert]]]: run the issuer-host simulator; prints its URL first',
    async run(argv) {
      const args = parseSimHostArgs(argv);
      const settings = loadSettings(args.config);
      const sim = await startHostSim({
        port: args.port, host: args.listen, keys: readKeys(args.keys), dbPath: args.db, issuers: args.issuers,
        publicUrl: args.publicUrl, cardMaxBalanceFen: settings.cardMaxBalanceFen, autoRefunds: args.autoRefunds,
        ...simHostFileOptions(args),
      });
      deps.write(`${sim.url}\n`);
      await deps.stopped();
      await sim.close();
      return 0;
    },
  };
}

export const command: Command = simHostCommand();
