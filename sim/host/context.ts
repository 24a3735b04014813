import type { KeyFile } from '../crypto/keys';
import type { AcquirerLedger } from './acquirer';
import type { BusinessCalendar } from './calendar';
import type { Now } from './clock';
import type { MicropayKnobs } from './micropay-knobs';
import type { HostStore } from './store';

/** Everything the host's business rules read: settings, store, clock, calendar, the acquirer's ledger. */
export interface HostConfig {
  keys: KeyFile;
  /** Network number (first 4 digits of the card number) → 16-hex issuer id, the first diversification factor. */
  issuers: Map<string, string>;
  orderTtlMs: number;
  perLoadLimitFen: number;
  cardMaxBalanceFen: number;
  sessionTtlMs: number;
  recordsMaxDays: number;
  /** The algorithm id SM4 cards answer INIT with (docs/card-protocol.md §3: most likely 04, UNCONFIRMED). */
  sm4AlgId: number;
  /** Run the refund job by itself, as of each request's Beijing day (else only on `POST /sim/refunds/run`). */
  autoRefunds: boolean;
}

export interface HostContext {
  store: HostStore;
  now: Now;
  config: HostConfig;
  calendar: BusinessCalendar;
  acquirer: AcquirerLedger;
  micropay: MicropayKnobs;
  publicUrl(): string;
  /** Runs `fn` after `ms` of real time, unless the host closes first. */
  later(ms: number, fn: () => void): void;
}
