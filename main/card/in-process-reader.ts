import { AppError } from '../../contract/errors';
import { toHex } from './apdu';
import {
  type CardConnection, type CardProtocol, type CardReader, type CardReaderEvent, type CardReaderEvents,
  type ConnectOptions, type ReaderState, ReaderEventHub,
} from './reader';

/**
 * What an in-process card must look like. The virtual card of sim/card has this shape; it is declared
 * here, structurally, so main/ never imports the simulator.
 */
export interface InProcessCard {
  readonly atr: Buffer;
  readonly present: boolean;
  transmit(apdu: Buffer): Buffer;
  /** Warm reset, if the card has one: called on disconnect, as PC/SC disconnects with SCARD_RESET_CARD. */
  reset?(): unknown;
}

export interface InProcessReaderOptions {
  name?: string;
  /** The protocol the connection reports; the card itself decides whether it answers 61xx. */
  protocol?: CardProtocol;
}

/**
 * A one-slot reader over an in-process card, for training mode and tests. The owner calls
 * `cardChanged()` after inserting or pulling the card so listeners and open connections learn of it.
 */
export class InProcessReader implements CardReader {
  readonly name: string;
  private readonly protocol: CardProtocol;
  private readonly events = new ReaderEventHub();
  private knownPresent: boolean;
  /** Bumped on every removal, so a connection opened before it knows its card is gone. */
  private insertion = 0;
  private closed = false;

  constructor(private readonly card: InProcessCard, options: InProcessReaderOptions = {}) {
    this.name = options.name ?? 'In-process card reader';
    this.protocol = options.protocol ?? 'T1';
    this.knownPresent = card.present;
  }

  /** Re-reads `card.present` and emits card-inserted / card-removed if it changed. */
  cardChanged(): void {
    const present = this.card.present;
    if (present === this.knownPresent) return;
    this.knownPresent = present;
    if (present) {
      this.events.emit('card-inserted', this.name, toHex(this.card.atr));
    } else {
      this.insertion++;
      this.events.emit('card-removed', this.name);
    }
  }

  async readers(): Promise<ReaderState[]> {
    if (this.closed) return [];
    const present = this.card.present;
    return [{ name: this.name, cardPresent: present, atr: present ? toHex(this.card.atr) : '' }];
  }

  async listReaders(): Promise<string[]> {
    return this.closed ? [] : [this.name];
  }

  async connect(readerName: string, options: ConnectOptions = {}): Promise<CardConnection> {
    if (this.closed || readerName !== this.name) throw new AppError('READER_NOT_FOUND', { reader: readerName });
    if (!this.card.present) throw new AppError('CARD_ABSENT', { reader: readerName });
    if (options.protocols && !options.protocols.includes(this.protocol)) {
      throw new AppError('PCSC_ERROR', { detail: `protocol ${this.protocol} not accepted` });
    }
    return new InProcessConnection(this, this.card, this.insertion);
  }

  on<E extends CardReaderEvent>(event: E, listener: CardReaderEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.events.clear();
  }

  /** @internal whether the card a connection was opened on is still the one in the slot. */
  sameInsertion(insertion: number): boolean {
    return !this.closed && insertion === this.insertion && this.card.present;
  }

  get connectionProtocol(): CardProtocol {
    return this.protocol;
  }
}

class InProcessConnection implements CardConnection {
  readonly readerName: string;
  readonly protocol: CardProtocol;
  readonly atr: string;
  private open = true;

  constructor(private readonly reader: InProcessReader, private readonly card: InProcessCard, private readonly insertion: number) {
    this.readerName = reader.name;
    this.protocol = reader.connectionProtocol;
    this.atr = toHex(card.atr);
  }

  async transmit(apdu: Buffer): Promise<Buffer> {
    if (!this.open) throw new AppError('CARD_NOT_CONNECTED');
    if (!this.reader.sameInsertion(this.insertion)) throw new AppError('CARD_REMOVED');
    let answer: Buffer;
    try {
      answer = Buffer.from(this.card.transmit(Buffer.from(apdu)));
    } catch (e) {
      // A card object that fails mid-command is, to us, a card that vanished: nobody knows what it did.
      throw new AppError('CARD_REMOVED', {}, { cause: e });
    }
    if (answer.length < 2) throw new AppError('CARD_REMOVED', { answerBytes: answer.length });
    return answer;
  }

  async disconnect(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    // Same end of session as PcscReader: PIN status and any load session are gone afterwards.
    if (this.reader.sameInsertion(this.insertion)) this.card.reset?.();
  }
}
