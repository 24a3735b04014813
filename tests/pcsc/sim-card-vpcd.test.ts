import { execFileSync, spawnSync } from 'node:child_process';
import pcsclite from 'pcsclite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile, hex } from '../../sim/card/testing';
import { VirtualCard } from '../../sim/card/virtual-card';
import { attachVpcd, type VpcdLink } from '../../sim/card/vpcd';

/**
 * The virtual card behind the real pcscd + vsmartcard vpcd driver, talked to through the `pcsclite`
 * addon as the app talks to a USB reader. Uses the second vpcd slot (port 35964, "Virtual PCD 00 01").
 */

const PORT = 35964;
const READER = 'Virtual PCD 00 01';
const SCARD_E_NOT_TRANSACTED = '0x80100016';

type Pcsc = ReturnType<typeof pcsclite>;
type Reader = Parameters<Parameters<Pcsc['on']>[1]>[0] & { name: string };

let pcsc: Pcsc;
let reader: Reader;
/** The reader's last reported state, kept current by its status events. */
let last: { state: number; atr?: Buffer } = { state: 0 };
const links: VpcdLink[] = [];

function ensurePcscd(): void {
  if (spawnSync('pgrep', ['-x', 'pcscd']).status === 0) return;
  execFileSync('pcscd'); // forks into the background; root in CI and in the dev container
}

async function until(what: string, ok: () => boolean, limitMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const present = () => (last.state & reader.SCARD_STATE_PRESENT) !== 0;
const empty = () => (last.state & reader.SCARD_STATE_EMPTY) !== 0;

function connect(): Promise<number> {
  return new Promise((resolve, reject) =>
    reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
  );
}

function disconnect(): Promise<void> {
  return new Promise((resolve) => reader.disconnect(reader.SCARD_LEAVE_CARD, () => resolve()));
}

function transmit(apdu: string, protocol: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    reader.transmit(hex(apdu), 258, protocol, (e: Error | null, d: Buffer) => (e ? reject(e) : resolve(d))),
  );
}

async function attach(card: VirtualCard): Promise<VpcdLink> {
  const link = await attachVpcd(card, { port: PORT, connectTimeoutMs: 15_000 });
  links.push(link);
  return link;
}

beforeAll(async () => {
  ensurePcscd();
  pcsc = pcsclite();
  reader = await new Promise<Reader>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pcscd lists no reader "${READER}" (is vsmartcard-vpcd installed?)`)), 15_000);
    pcsc.on('error', (e: Error) => reject(e));
    pcsc.on('reader', (r: Reader) => {
      if (r.name !== READER) return;
      clearTimeout(timer);
      resolve(r);
    });
  });
  reader.on('status', (s: { state: number; atr?: Buffer }) => (last = s));
  reader.on('error', () => undefined); // status polling errors while the slot changes are expected
  await until('the slot to be empty before the test', empty);
});

afterAll(async () => {
  for (const l of links) await l.close();
  const all = (pcsc as unknown as { readers: Record<string, { close(): void }> }).readers;
  for (const r of Object.values(all)) r.close();
  pcsc.close();
});

describe('virtual card behind pcscd (vpcd slot 00 01)', () => {
  it('shows up in the reader with its ATR, answers GET BALANCE, and is gone when pulled', async () => {
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    const link = await attach(card);
    await until('the reader to report a card', present);
    expect(last.atr).toEqual(card.atr);
    const protocol = await connect();
    expect(protocol).toBe(reader.SCARD_PROTOCOL_T1);
    expect((await transmit('00A40000021001', protocol)).toString('hex')).toBe('9000');
    expect((await transmit('805C000204', protocol)).toString('hex')).toBe('000027109000');
    await disconnect();
    await link.close();
    await until('the reader to report no card', empty);
  });

  it('reports a card that vanishes mid-command as an empty answer, then 0x80100016; the card comes back when inserted', async () => {
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    const link = await attach(card);
    await until('the reader to report a card', present);
    const protocol = await connect();
    await transmit('00A40000021001', protocol);
    card.setFault('lose-answer-after-commit', 0x5c);
    expect(await transmit('805C000204', protocol)).toHaveLength(0);
    await expect(transmit('805C000204', protocol)).rejects.toThrow(SCARD_E_NOT_TRANSACTED);
    await until('the reader to report no card', empty);
    await disconnect();
    card.insert();
    await until('the reader to report the card again', present);
    const again = await connect();
    expect((await transmit('00A40000021001', again)).toString('hex')).toBe('9000');
    await disconnect();
    await link.close();
    await until('the reader to report no card', empty);
  });

  it('connects a T=0 card as T=0; the card answers 61xx and GET RESPONSE hands the data over', async () => {
    const card = new VirtualCard(fixtureProfile('t0'), fixtureKeys());
    const link = await attach(card);
    await until('the reader to report a card', present);
    const protocol = await connect();
    expect(protocol).toBe(reader.SCARD_PROTOCOL_T0);
    await transmit('00A40000021001', protocol);
    expect((await transmit('0020000003123456', protocol)).toString('hex')).toBe('9000');
    expect((await transmit('805000020B0100000064000001000050', protocol)).toString('hex')).toBe('6110');
    const init = await transmit('00C0000010', protocol);
    expect(init).toHaveLength(18);
    expect(init.subarray(0, 4)).toEqual(hex('00002710'));
    await disconnect();
    await link.close();
    await until('the reader to report no card', empty);
  });
});
