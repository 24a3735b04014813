import { connect, type Socket } from 'node:net';
import type { VirtualCard } from './virtual-card';

/**
 * Puts a virtual card into a pcscd reader through the vsmartcard `vpcd` driver. The driver listens
 * (127.0.0.1:35963 = "Virtual PCD 00 00", 35964 = "… 00 01") and the card connects as a client; an
 * open socket is a card in the reader, closing it pulls the card.
 *
 * Wire format, both ways: 2-byte big-endian length, then payload. From vpcd, a 1-byte payload is a
 * control code — 0 power off, 1 power on, 2 reset (none answered), 4 "send your ATR"; a longer one
 * is a command APDU, answered with the R-APDU.
 *
 * A card that vanishes mid-command is a closed socket: vpcd then reads end-of-stream, ejects the
 * card and reports that transmit as a success with zero bytes; the next call fails (docs/architecture.md §6).
 */

const CTRL_POWER_OFF = 0;
const CTRL_POWER_ON = 1;
const CTRL_RESET = 2;
const CTRL_ATR = 4;

export interface VpcdOptions {
  host?: string;
  port?: number;
  /** Pause between connection attempts while vpcd is not listening (pcscd starting or restarting). */
  retryMs?: number;
  /** Give up the first connection after this long (default: keep trying). */
  connectTimeoutMs?: number;
  /** Told about socket errors other than "not listening yet"; the link keeps retrying. */
  onError?: (e: Error) => void;
}

export interface VpcdLink {
  /** True while the socket to vpcd is open, i.e. pcscd can see the card. */
  readonly connected: boolean;
  /** Pulls the card (closes the socket) and stops reconnecting. */
  close(): Promise<void>;
}

/**
 * Inserts `card` (if it is not in already) and connects it to vpcd, retrying until vpcd listens.
 * Afterwards the link follows the card: when it vanishes (a fault, `remove()`) the socket closes; when
 * it is inserted again the link reconnects; if vpcd drops the socket while the card is in (pcscd
 * restarted) it reconnects too.
 */
export function attachVpcd(card: VirtualCard, opts: VpcdOptions = {}): Promise<VpcdLink> {
  const link = new Link(card, opts);
  return link.start().then(() => link);
}

class Link implements VpcdLink {
  private socket: Socket | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private inbox = Buffer.alloc(0);
  private readonly host: string;
  private readonly port: number;
  private readonly retryMs: number;
  private firstConnect: (() => void) | null = null;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly card: VirtualCard,
    private readonly opts: VpcdOptions,
  ) {
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 35963;
    this.retryMs = opts.retryMs ?? 250;
  }

  get connected(): boolean {
    return this.socket !== null && !this.socket.connecting && !this.socket.destroyed;
  }

  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const limit = this.opts.connectTimeoutMs;
      const timer =
        limit === undefined
          ? null
          : setTimeout(() => {
              this.firstConnect = null;
              void this.close();
              reject(new Error(`vpcd at ${this.host}:${this.port} did not accept a connection within ${limit} ms`));
            }, limit);
      this.firstConnect = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.unsubscribe = this.card.onPresenceChange((present) => (present ? this.connect() : this.drop()));
      if (this.card.present) this.connect();
      else this.card.insert(); // its presence listener connects
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const s = this.socket;
    this.socket = null;
    this.card.remove();
    if (s && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.destroy();
      });
    }
  }

  private connect(): void {
    if (this.closed || this.socket || this.retry || !this.card.present) return;
    const s = connect({ host: this.host, port: this.port });
    this.socket = s;
    this.inbox = Buffer.alloc(0);
    s.setNoDelay(true);
    s.on('connect', () => {
      const first = this.firstConnect;
      this.firstConnect = null;
      first?.();
    });
    s.on('data', (chunk: Buffer) => this.receive(s, chunk));
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNREFUSED' && e.code !== 'ECONNRESET') this.opts.onError?.(e);
    });
    s.on('close', () => {
      if (this.socket !== s) return; // dropped on purpose
      this.socket = null;
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry || !this.card.present) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect();
    }, this.retryMs);
  }

  /** The card left the reader: close the socket so vpcd sees it gone. */
  private drop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const s = this.socket;
    this.socket = null;
    s?.destroy();
  }

  private receive(s: Socket, chunk: Buffer): void {
    this.inbox = Buffer.concat([this.inbox, chunk]);
    while (this.socket === s && this.inbox.length >= 2) {
      const len = this.inbox.readUInt16BE(0);
      if (this.inbox.length < 2 + len) return;
      const payload = this.inbox.subarray(2, 2 + len);
      this.inbox = this.inbox.subarray(2 + len);
      this.handle(s, payload);
    }
  }

  private handle(s: Socket, payload: Buffer): void {
    if (payload.length === 1) {
      const code = payload[0];
      if (code === CTRL_POWER_OFF) this.card.powerOff();
      else if (code === CTRL_POWER_ON) this.card.powerOn();
      else if (code === CTRL_RESET) this.card.reset();
      else if (code === CTRL_ATR) send(s, this.card.atr);
      return;
    }
    let answer: Buffer;
    try {
      answer = this.card.transmit(Buffer.from(payload));
    } catch (e) {
      // A simulator failure (e.g. the state file cannot be written) looks to the reader like a dead card.
      this.opts.onError?.(e instanceof Error ? e : new Error(String(e)));
      this.card.remove();
      return;
    }
    // An empty answer means the card vanished; its presence listener has already closed the socket.
    if (answer.length > 0 && this.socket === s) send(s, answer);
  }
}

function send(s: Socket, payload: Buffer): void {
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  s.write(frame);
}
