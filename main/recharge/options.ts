import type { Fen } from '../../contract/money';
import type { PosMode } from '../../contract/pos';
import type { LoadKeyIndexes } from '../card/load-key';
import type { CardIdentity, CardPort } from '../card/port';
import type { Clock } from '../clock';
import type { HostLink } from '../host/port';
import type { Journal } from '../journal/port';
import type { PosTerminal } from '../pos/port';
import type { PinHoldStore } from './pin-gate';

/** What the engine uses of the journal port (main/journal/port.ts). */
export type EngineJournal = Pick<Journal, 'create' | 'append' | 'get' | 'events' | 'unfinished' | 'needsAdmin' | 'blockingFor'>;

export interface EngineOptions {
  card: CardPort;
  host: HostLink;
  journal: EngineJournal;
  clock?: Clock;
  terminalId: string;
  training: boolean;
  pin: string;
  pinEncoding: 'bcd' | 'ascii';
  /** The load keys INIT names: 3DES 01, SM4 41 on a dual-algorithm card (main/card/load-key.ts). */
  loadKeys?: LoadKeyIndexes;
  /** The card's maximum balance (by issuer network and card type: contract/settings.ts `cardMaxBalanceFor`). */
  cardMaxBalance: (card: { network: string; cardType: number }) => Fen;
  /** Why a card may not be loaded (account card, expired …) as an i18n code, or null. */
  loadRefusal: (card: CardIdentity, today: string) => string | null;
  newId?: () => string;
  /** The POS channel (docs/pos.md): how this counter takes it, and the integrated POS if one is connected. Default off. */
  pos?: { mode: PosMode; merchantNo: string | null; terminal: PosTerminal | null };
  /** One long poll's wait for a payment (default 25 s); 0 polls with backoff, for a host without long polls. */
  longPollMs?: number;
  /** Where a card's wrong-PIN answers are kept (main/journal/pin-holds.ts); in memory when not given. */
  pinHolds?: PinHoldStore;
  /** Whether a business day is closed (日结, main/journal/day-closures.ts): nothing is opened or loaded on it then. */
  dayClosed?: (date: string) => boolean;
}
