/**
 * The card reader as the ETC card layer sees it: PC/SC in production (pcsc-reader.ts), an in-process
 * virtual card in training mode and unit tests (in-process-reader.ts).
 */

export type CardProtocol = 'T0' | 'T1';

export interface ReaderState {
  name: string;
  cardPresent: boolean;
  /** ATR of the present card, upper-case hex; '' when there is none. */
  atr: string;
}

export interface ConnectOptions {
  /** Which protocols to accept; default both, the reader and card pick one. */
  protocols?: readonly CardProtocol[];
  /**
   * `exclusive` (default): no other program reaches the card while this connection is open, so a load's
   * INIT and CREDIT cannot be interleaved (PC/SC SCARD_SHARE_EXCLUSIVE). `shared` for diagnostics only.
   */
  share?: 'exclusive' | 'shared';
}

/** One open connection to the card in one reader. */
export interface CardConnection {
  readonly readerName: string;
  readonly protocol: CardProtocol;
  /** Upper-case hex. */
  readonly atr: string;
  /**
   * Sends raw APDU bytes and resolves with the raw answer, at least SW1SW2. A card pulled mid-command is
   * `AppError('CARD_REMOVED')` (also when the driver "succeeds" with fewer than 2 bytes); no answer within
   * `timeoutMs` is `AppError('CARD_TIMEOUT')`. Both mean the outcome is unknown.
   */
  transmit(apdu: Buffer, timeoutMs?: number): Promise<Buffer>;
  /** Ends the connection and resets the card; safe to call twice or after the card is gone. */
  disconnect(): Promise<void>;
}

/** Typed notifications; each listener gets the reader name. */
export interface CardReaderEvents {
  'reader-added': (reader: string) => void;
  'reader-removed': (reader: string) => void;
  'card-inserted': (reader: string, atr: string) => void;
  'card-removed': (reader: string) => void;
}
export type CardReaderEvent = keyof CardReaderEvents;

export interface CardReader {
  /** Every reader with whether it holds a card. */
  readers(): Promise<ReaderState[]>;
  listReaders(): Promise<string[]>;
  /**
   * Connects, exclusively unless `options.share` says otherwise. No card: CARD_ABSENT; unknown reader:
   * READER_NOT_FOUND; held by another program: CARD_IN_USE.
   */
  connect(readerName: string, options?: ConnectOptions): Promise<CardConnection>;
  /** Subscribes; returns the function that unsubscribes. */
  on<E extends CardReaderEvent>(event: E, listener: CardReaderEvents[E]): () => void;
  /** Ends every connection and stops watching readers. */
  close(): Promise<void>;
}

/** Default time a single APDU may take before it is CARD_TIMEOUT: generous, real cards answer in < 1 s. */
export const DEFAULT_TRANSMIT_TIMEOUT_MS = 15_000;

/** A small typed listener registry the reader implementations share. */
export class ReaderEventHub {
  private readonly listeners = new Map<CardReaderEvent, Set<unknown>>();

  on<E extends CardReaderEvent>(event: E, listener: CardReaderEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends CardReaderEvent>(event: E, ...args: Parameters<CardReaderEvents[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      // A listener that throws must not stop the others nor the reader's own bookkeeping.
      try {
        (listener as (...a: Parameters<CardReaderEvents[E]>) => void)(...args);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
