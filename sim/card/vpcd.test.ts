import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile, hex } from './testing';
import { VirtualCard } from './virtual-card';
import { attachVpcd, type VpcdLink } from './vpcd';

/**
 * The vpcd wire protocol against a stand-in for the driver's listening socket (no pcscd here; the real
 * driver is exercised in tests/pcsc/sim-card-vpcd.test.ts). The stand-in speaks as vpcd does: it sends
 * length-prefixed control codes and APDUs and reads length-prefixed answers.
 */

interface FakeVpcd {
  server: Server;
  /** Resolves with the next card connection. */
  nextClient(): Promise<Peer>;
}

class Peer {
  private buf = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  ended = false;
  readonly closed: Promise<void>;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiting?.();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        this.waiting?.();
        resolve();
      }),
    );
  }

  send(payload: Buffer): void {
    const f = Buffer.alloc(2 + payload.length);
    f.writeUInt16BE(payload.length, 0);
    payload.copy(f, 2);
    this.socket.write(f);
  }

  /** The next framed answer, or null when the card closed the connection instead. */
  async read(): Promise<Buffer | null> {
    for (;;) {
      if (this.buf.length >= 2 && this.buf.length >= 2 + this.buf.readUInt16BE(0)) {
        const len = this.buf.readUInt16BE(0);
        const out = this.buf.subarray(2, 2 + len);
        this.buf = this.buf.subarray(2 + len);
        return out;
      }
      if (this.ended) return null;
      await new Promise<void>((r) => (this.waiting = r));
      this.waiting = null;
    }
  }

  async exchange(apdu: string): Promise<Buffer | null> {
    this.send(hex(apdu));
    return this.read();
  }
}

function listen(port = 0): Promise<FakeVpcd> {
  const queue: Peer[] = [];
  const waiters: ((p: Peer) => void)[] = [];
  const server = createServer((s) => {
    const peer = new Peer(s);
    const w = waiters.shift();
    if (w) w(peer);
    else queue.push(peer);
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        server,
        nextClient: () => new Promise((r) => (queue.length ? r(queue.shift()!) : waiters.push(r))),
      }),
    ),
  );
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(name: 't0' | 'normal' = 'normal'): Promise<{ card: VirtualCard; link: VpcdLink; vpcd: FakeVpcd; peer: Peer }> {
  const vpcd = await listen();
  cleanup.push(() => new Promise((r) => vpcd.server.close(() => r())));
  const card = new VirtualCard(fixtureProfile(name), fixtureKeys());
  const link = await attachVpcd(card, { port: (vpcd.server.address() as AddressInfo).port, retryMs: 20 });
  cleanup.push(() => link.close());
  return { card, link, vpcd, peer: await vpcd.nextClient() };
}

describe('vpcd link', () => {
  it('answers the ATR request and APDUs, and follows power control codes', async () => {
    const { card, peer } = await setup();
    peer.send(Buffer.from([4]));
    expect(await peer.read()).toEqual(card.atr);
    expect((await peer.exchange('00A40000021001'))?.toString('hex')).toBe('9000');
    expect((await peer.exchange('805C000204'))?.toString('hex')).toBe('000027109000');
    peer.send(Buffer.from([0])); // power off: unanswered
    peer.send(Buffer.from([1])); // power on: unanswered, a fresh session in the MF
    expect((await peer.exchange('805C000204'))?.toString('hex')).toBe('6985');
  });

  it('closes the connection when the card vanishes mid-command, and reconnects when it is inserted again', async () => {
    const { card, link, vpcd, peer } = await setup();
    peer.send(Buffer.from([1]));
    card.setFault('tear-before-commit', 0xa4);
    expect(await peer.exchange('00A40000021001')).toBeNull();
    await peer.closed;
    expect(link.connected).toBe(false);
    card.insert();
    const again = await vpcd.nextClient();
    again.send(Buffer.from([4]));
    expect(await again.read()).toEqual(card.atr);
    expect(link.connected).toBe(true);
  });

  it('keeps trying until vpcd listens, as when pcscd is still starting', async () => {
    const probe = await listen();
    const port = (probe.server.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.server.close(() => r()));
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    const attached = attachVpcd(card, { port, retryMs: 20 });
    let linked = false;
    void attached.then(() => (linked = true));
    await new Promise((r) => setTimeout(r, 100)); // several refused attempts
    expect(linked).toBe(false);
    const vpcd = await listen(port);
    cleanup.push(() => new Promise((r) => vpcd.server.close(() => r())));
    const link = await attached;
    cleanup.push(() => link.close());
    const peer = await vpcd.nextClient();
    peer.send(Buffer.from([4]));
    expect(await peer.read()).toEqual(card.atr);
  });

  it('pulls the card on close: the socket ends and the card is out of the reader', async () => {
    const { card, link, peer } = await setup();
    await link.close();
    await peer.closed;
    expect(card.present).toBe(false);
    expect(link.connected).toBe(false);
  });

  it('gives up the first connection after connectTimeoutMs when asked to', async () => {
    const probe = await listen();
    const port = (probe.server.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.server.close(() => r()));
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    await expect(attachVpcd(card, { port, retryMs: 20, connectTimeoutMs: 100 })).rejects.toThrow(/did not accept/);
  });

  it('passes T=0 answers through unchanged: 61xx, then GET RESPONSE', async () => {
    const { peer } = await setup('t0');
    peer.send(Buffer.from([1]));
    await peer.exchange('00A40000021001');
    await peer.exchange('0020000003123456');
    expect((await peer.exchange('805000020B0100000064000001000050'))?.toString('hex')).toBe('6110');
    expect(await peer.exchange('00C0000010')).toHaveLength(18);
  });
});
