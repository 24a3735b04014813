import type { CardInfo, CardTransaction } from '../../contract/card';
import type { Fen } from '../../contract/money';

/** What INITIALIZE FOR LOAD answered (docs/card-protocol.md §2 step 7). Hex strings upper-case. */
export interface LoadInit {
  oldBalanceFen: Fen;
  onlineSerial: number;
  keyVersion: number;
  algId: number;
  random: string; // 8 hex
  mac1: string; // 8 hex
}

/** Who the card is: its 0015 file decoded — what `readIdentity()` reads, without 0016, the balance or the log. */
export type CardIdentity = Omit<CardInfo, 'holderName' | 'balanceFen' | 'transactions'>;

/**
 * The ETC card as the recharge engine sees it: one card in one reader, one open session.
 * `read()` (re)connects and selects; the other calls use that connection, so INIT and CREDIT stay in
 * one card session. A card pulled or not answering is `AppError('CARD_REMOVED')` (`CARD_TIMEOUT` when
 * the reader itself never came back); a status word is an `AppError` with the code of main/card's
 * status-word table and `params.sw`. `isOutcomeUnknown(e)` (main/card/apdu.ts) tells the two apart:
 * only a status word or an error raised before sending proves a command did not take effect.
 */
export interface CardPort {
  /** Everything (docs/card-protocol.md §2 steps 1–6): for the screens that show the card, its holder and its log. */
  read(): Promise<CardInfo>;
  /**
   * A fresh session like `read()`, but only ADF 1001 selected and 0015 read (2 APDUs): who the card is,
   * for the checks before an order and before a load. The balance, where needed, is a GET BALANCE after it.
   */
  readIdentity(): Promise<CardIdentity>;
  verifyPin(pin: string, encoding: 'bcd' | 'ascii'): Promise<void>;
  getBalance(): Promise<Fen>;
  initForLoad(p: { amountFen: Fen; terminalId: string; keyIndex: number }): Promise<LoadInit>;
  /** Sends CREDIT FOR LOAD. An answer shorter than 2 bytes is CARD_REMOVED: outcome unknown. */
  creditForLoad(p: { hostDate: string; hostTime: string; mac2: string }): Promise<{ tac: string }>;
  readLog(): Promise<CardTransaction[]>;
  /** GET TRANSACTION PROVE: MAC2 and TAC of a past load, or null on 9406. */
  transactionProve(serial: number): Promise<{ mac2: string; tac: string } | null>;
  disconnect(): Promise<void>;
}
