import { createRequire } from 'node:module';
import { AppError } from '../../contract/errors';
import { toHex } from './apdu';
import { mapPcscError } from './pcsc-errors';
import {
  type CardConnection, type CardProtocol, type CardReader, type CardReaderEvent, type CardReaderEvents,
  type ConnectOptions, DEFAULT_TRANSMIT_TIMEOUT_MS, type ReaderState, ReaderEventHub,
} from './reader';

/** The part of the `pcsclite` addon we use, typed here (its own .d.ts types errors as `any`). */
type Callback<T> = (err: Error | null | undefined, value: T) => void;
interface NativeReader {
  readonly name: string;
  connected: boolean;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_RESET_CARD: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'end', listener: () => void): void;
  connect(options: { share_mode: number; protocol: number }, cb: Callback<number>): void;
  disconnect(disposition: number, cb: (err: Error | null | undefined) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: Callback<Buffer>): void;
  close(): void;
}
interface NativePcsc {
  on(event: 'reader', listener: (reader: NativeReader) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  start(cb: Callback<Buffer>): void;
  close(): void;
}

/** Largest short answer: 256 data bytes + SW1SW2. */
const MAX_ANSWER = 258;

export interface PcscReaderOptions {
  transmitTimeoutMs?: number;
  /** How long to wait for pcscd to list the readers and their first status before giving up. */
  readyTimeoutMs?: number;
}

interface Slot {
  native: NativeReader;
  present: boolean;
  atr: string;
  state: number;
  seen: boolean;
  connection: PcscConnection | null;
}

/**
 * `CardReader` over pcscd through the `pcsclite` addon. Reader and card events come from pcsclite's
 * status threads; right after construction every reader is reported once as added and, if it holds a
 * card, once as inserted. Call `close()` when done: pcsclite's threads otherwise keep the process alive.
 * (Longer than most files here, and kept whole: the addon's callbacks, reader states and the exclusive
 * card session are one piece of state that is easier to follow in one place than split across files.)
 */
export class PcscReader implements CardReader {
  private readonly pcsc: NativePcsc;
  private readonly slots = new Map<string, Slot>();
  private readonly events = new ReaderEventHub();
  private readonly transmitTimeoutMs: number;
  private readonly readyPromise: Promise<void>;
  private enumerated = false;
  private startError: AppError | null = null;
  private notifyReady: () => void = () => undefined;
  private closing = false;

  constructor(options: PcscReaderOptions = {}) {
    this.transmitTimeoutMs = options.transmitTimeoutMs ?? DEFAULT_TRANSMIT_TIMEOUT_MS;
    try {
      // Loaded on first use so nothing that merely imports main/card needs the native addon or pcscd.
      const factory = createRequire(import.meta.url)('pcsclite') as () => NativePcsc;
      this.pcsc = factory();
    } catch (e) {
      throw mapPcscError(e, 'start');
    }
    // pcsclite starts enumerating on the next tick and has no "enumeration done" event (with no reader
    // it emits nothing at all), so its start callback is wrapped to learn when the first list arrived.
    const start = this.pcsc.start.bind(this.pcsc);
    this.pcsc.start = (cb) => start((err, names) => {
      cb(err, names);
      this.enumerated = true;
      this.checkReady();
    });
    this.pcsc.on('reader', (native) => this.addReader(native));
    this.pcsc.on('error', (err) => {
      if (this.closing) return; // close() cancels pcsclite's wait, which it reports as an error
      if (!this.enumerated) this.startError = mapPcscError(err, 'start');
      this.enumerated = true;
      this.checkReady();
    });
    const readyTimeout = options.readyTimeoutMs ?? 5_000;
    this.readyPromise = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AppError('PCSC_UNAVAILABLE', { detail: 'no reader list from pcscd' })), readyTimeout);
      this.notifyReady = () => {
        clearTimeout(timer);
        if (this.startError) reject(this.startError);
        else resolve();
      };
    });
    this.readyPromise.catch(() => undefined); // observed by callers of ready(); never an unhandled rejection
  }

  async readers(): Promise<ReaderState[]> {
    await this.readyPromise;
    return [...this.slots.entries()].map(([name, s]) => ({ name, cardPresent: s.present, atr: s.atr }));
  }

  async listReaders(): Promise<string[]> {
    await this.readyPromise;
    return [...this.slots.keys()];
  }

  /**
   * Exclusive unless `options.share` says otherwise: until disconnect no other PC/SC client reaches the
   * card, so nothing comes between INIT and CREDIT FOR LOAD (docs/card-protocol.md §2; pcsclite has no
   * SCardBeginTransaction). Others get SCARD_E_SHARING_VIOLATION = CARD_IN_USE, as we do when they hold it.
   */
  async connect(readerName: string, options: ConnectOptions = {}): Promise<CardConnection> {
    await this.readyPromise;
    const slot = this.slots.get(readerName);
    if (!slot || this.closing) throw new AppError('READER_NOT_FOUND', { reader: readerName });
    // pcsclite holds one handle per reader: a new connection replaces the old one.
    await slot.connection?.disconnect();
    const { native } = slot;
    const wanted = options.protocols ?? ['T0', 'T1'];
    const mask = (wanted.includes('T0') ? native.SCARD_PROTOCOL_T0 : 0) | (wanted.includes('T1') ? native.SCARD_PROTOCOL_T1 : 0);
    const protocol = await new Promise<number>((resolve, reject) => {
      const shareMode = options.share === 'shared' ? native.SCARD_SHARE_SHARED : native.SCARD_SHARE_EXCLUSIVE;
      native.connect({ share_mode: shareMode, protocol: mask }, (err, p) => {
        if (err) reject(mapPcscError(err, 'connect', readerName));
        else resolve(p);
      });
    });
    const name: CardProtocol = protocol === native.SCARD_PROTOCOL_T0 ? 'T0' : 'T1';
    const connection = new PcscConnection(native, readerName, name, protocol, slot.atr, this.transmitTimeoutMs, () => {
      if (slot.connection === connection) slot.connection = null;
    });
    slot.connection = connection;
    return connection;
  }

  on<E extends CardReaderEvent>(event: E, listener: CardReaderEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    // Readers announced after close() would start status threads nobody closes, keeping the process
    // alive: let the first enumeration finish (or fail) before shutting down.
    await this.readyPromise.catch(() => undefined);
    this.closing = true;
    await Promise.all([...this.slots.values()].map((s) => s.connection?.disconnect()));
    for (const slot of this.slots.values()) slot.native.close();
    this.pcsc.close();
    this.events.clear();
  }

  private addReader(native: NativeReader): void {
    const name = native.name;
    if (this.closing) {
      native.close();
      return;
    }
    const slot: Slot = { native, present: false, atr: '', state: 0, seen: false, connection: null };
    this.slots.set(name, slot);
    native.on('status', (status) => this.onStatus(name, slot, status.state, status.atr));
    native.on('error', () => {
      // The status thread failed; the reader is as good as gone and 'end' follows.
      slot.seen = true;
      this.checkReady();
    });
    native.on('end', () => {
      if (this.slots.get(name) === slot) this.slots.delete(name);
      slot.connection?.lost();
      if (!this.closing) this.events.emit('reader-removed', name);
      this.checkReady();
    });
    this.events.emit('reader-added', name);
  }

  private onStatus(name: string, slot: Slot, state: number, atr: Buffer | undefined): void {
    const present = (state & slot.native.SCARD_STATE_PRESENT) !== 0;
    // pcsc-lite counts card events in the high 16 bits: a changed count while "present" both times
    // means the card was swapped between two status reports.
    const swapped = slot.seen && slot.present && present && state >>> 16 !== slot.state >>> 16;
    slot.state = state;
    slot.seen = true;
    if (slot.present && (!present || swapped)) {
      slot.present = false;
      slot.atr = '';
      slot.connection?.lost();
      if (!this.closing) this.events.emit('card-removed', name);
    }
    if (present && !slot.present) {
      slot.present = true;
      slot.atr = atr ? toHex(atr) : '';
      if (!this.closing) this.events.emit('card-inserted', name, slot.atr);
    }
    this.checkReady();
  }

  private checkReady(): void {
    if (this.enumerated && [...this.slots.values()].every((s) => s.seen)) this.notifyReady();
  }
}

class PcscConnection implements CardConnection {
  private open = true;
  private cardGone = false;

  constructor(
    private readonly native: NativeReader,
    readonly readerName: string,
    readonly protocol: CardProtocol,
    private readonly protocolCode: number,
    readonly atr: string,
    private readonly timeoutMs: number,
    private readonly onClosed: () => void,
  ) {}

  /** The card (or reader) went away: every later transmit is CARD_REMOVED without touching the driver. */
  lost(): void {
    this.cardGone = true;
  }

  transmit(apdu: Buffer, timeoutMs = this.timeoutMs): Promise<Buffer> {
    if (!this.open) return Promise.reject(new AppError('CARD_NOT_CONNECTED', { reader: this.readerName }));
    if (this.cardGone) return Promise.reject(new AppError('CARD_REMOVED', { reader: this.readerName }));
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      // SCardTransmit cannot be cancelled; on timeout we stop waiting and the late answer is dropped.
      const timer = setTimeout(() => {
        settled = true;
        reject(new AppError('CARD_TIMEOUT', { reader: this.readerName, ms: timeoutMs }));
      }, timeoutMs);
      this.native.transmit(apdu, MAX_ANSWER, this.protocolCode, (err, data) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(mapPcscError(err, 'transmit', this.readerName));
        // vpcd reports a card pulled mid-command as success with an empty answer (docs/architecture.md §6).
        else if (data.length < 2) reject(new AppError('CARD_REMOVED', { reader: this.readerName, answerBytes: data.length }));
        else resolve(data);
      });
    });
  }

  async disconnect(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.onClosed();
    await new Promise<void>((resolve) => {
      // Bounded: a driver stuck in a timed-out transmit holds pcsclite's lock, and close must not hang.
      const timer = setTimeout(done, 3_000);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      // RESET ends any PIN or load session on the card, so the next connection starts from a clean state.
      this.native.disconnect(this.native.SCARD_RESET_CARD, (err) => {
        // After a failed SCardDisconnect pcsclite still thinks it is connected and would skip the next
        // SCardConnect; the handle is unusable either way.
        if (err) this.native.connected = false;
        done();
      });
    });
  }
}
