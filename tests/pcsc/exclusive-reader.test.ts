import pcsclite from 'pcsclite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EtcCard } from '../../main/card/etc-card';
import { PcscReader } from '../../main/card/pcsc-reader';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { ensurePcscd, hostSide, type Rig, startRig, TERMINAL, VPCD_READER } from './card-rig';

/**
 * A load holds the card exclusively from INITIALIZE FOR LOAD to CREDIT FOR LOAD (PcscReader.connect):
 * a second PC/SC client — a raw `pcsclite` one, as any other program on the computer, and another
 * PcscReader, as `etc-counter card read` would be — tries to reach the card in between. It is refused
 * (SCARD_E_SHARING_VIOLATION, CARD_IN_USE in the app's words), not one of its APDUs reaches the card,
 * and the load completes: balance + amount, serial + 1.
 */

const keys = fixtureKeys();
const profile = fixtureProfile('normal');
const AMOUNT = 1_234;
const HOST_DATE = '20250102';
const HOST_TIME = '030405';
const SHARING_VIOLATION = /0x8010000B/i;

type Pcsc = ReturnType<typeof pcsclite>;
type RawReader = Parameters<Parameters<Pcsc['on']>[1]>[0] & { name: string };

let rig: Rig | null = null;
let etc: EtcCard | null = null;
let pcsc: Pcsc | null = null;

beforeAll(() => ensurePcscd());
afterEach(async () => {
  await etc?.disconnect();
  closeRaw();
  await rig?.close();
  rig = null;
  etc = null;
});

/** Every reader of the raw client first, then its context (as tests/pcsc/sim-card-vpcd.test.ts does). */
function closeRaw(): void {
  if (!pcsc) return;
  for (const r of Object.values((pcsc as unknown as { readers: Record<string, { close(): void }> }).readers)) r.close();
  pcsc.close();
  pcsc = null;
}

/**
 * Another program's view of the vpcd reader, through its own PC/SC context. Readers are closed only at
 * the end: closing one pcsclite has just announced can block on its status thread forever.
 */
function rawClient(): Promise<RawReader> {
  pcsc = pcsclite();
  const client = pcsc;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${VPCD_READER} not listed to the second client`)), 10_000);
    client.on('error', (e: Error) => reject(e));
    client.on('reader', (r: RawReader) => {
      r.on('error', () => undefined); // status polling errors while the slot changes are expected
      if (r.name !== VPCD_READER) return;
      clearTimeout(timer);
      resolve(r);
    });
  });
}

function rawConnect(r: RawReader, share: number): Promise<number> {
  return new Promise((resolve, reject) => r.connect({ share_mode: share }, (e: Error | null, p: number) => (e ? reject(e) : resolve(p))));
}

function rawTransmit(r: RawReader, apdu: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => r.transmit(apdu, 258, r.SCARD_PROTOCOL_T1, (e: Error | null, d: Buffer) => (e ? reject(e) : resolve(d))));
}

describe('the card is held exclusively during a load (PC/SC, vpcd)', () => {
  it('refuses a second client between INIT and CREDIT; the load is unaffected', async () => {
    rig = await startRig(profile, keys);
    const seen: string[] = [];
    const transmit = rig.card.transmit.bind(rig.card);
    rig.card.transmit = (apdu: Buffer) => {
      seen.push(apdu.toString('hex').toUpperCase());
      return transmit(apdu);
    };
    etc = new EtcCard(rig.reader, VPCD_READER);
    const before = await etc.read();
    await etc.verifyPin(profile.pin, profile.pinEncoding);
    const init = await etc.initForLoad({ amountFen: AMOUNT, terminalId: TERMINAL, keyIndex: 1 });
    const commandsAtInit = seen.length;

    // Another program, shared or exclusive, is refused at once; without a connection it cannot send.
    const other = await rawClient();
    await expect(rawConnect(other, other.SCARD_SHARE_SHARED)).rejects.toThrow(SHARING_VIOLATION);
    await expect(rawConnect(other, other.SCARD_SHARE_EXCLUSIVE)).rejects.toThrow(SHARING_VIOLATION);
    await expect(rawTransmit(other, Buffer.from('805C000204', 'hex'))).rejects.toThrow(/not connected/);
    // `etc-counter card read` while the counter app is loading: a clear message, in Chinese first.
    const cli = new PcscReader();
    try {
      const err: unknown = await cli.connect(VPCD_READER).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CARD_IN_USE', params: { reader: VPCD_READER } });
      expect((err as Error).message).toContain(`读卡器 ${VPCD_READER} 正被另一个程序独占使用`);
    } finally {
      await cli.close();
    }
    expect(seen).toHaveLength(commandsAtInit); // nothing reached the card in between

    const host = hostSide(profile, keys, init, AMOUNT, HOST_DATE, HOST_TIME);
    const { tac } = await etc.creditForLoad({ hostDate: HOST_DATE, hostTime: HOST_TIME, mac2: host.mac2 });
    expect(tac).toBe(host.tac);
    expect(await etc.getBalance()).toBe(before.balanceFen + AMOUNT);
    expect(rig.card.snapshot()).toMatchObject({ balanceFen: before.balanceFen + AMOUNT, onlineSerial: init.onlineSerial + 1 });

    // The session over, the other program gets the card.
    await etc.disconnect();
    const protocol = await rawConnect(other, other.SCARD_SHARE_SHARED);
    expect(protocol).toBe(other.SCARD_PROTOCOL_T1);
    const balance = await rawTransmit(other, Buffer.from('00A40000023F00', 'hex'));
    expect(balance.subarray(-2).toString('hex')).toBe('9000');
    await new Promise<void>((resolve) => other.disconnect(other.SCARD_LEAVE_CARD, () => resolve()));
  });

  it('is refused itself while another program holds the card, and says so', async () => {
    rig = await startRig(profile, keys);
    const other = await rawClient();
    await rawConnect(other, other.SCARD_SHARE_EXCLUSIVE);
    etc = new EtcCard(rig.reader, VPCD_READER);
    await expect(etc.read()).rejects.toMatchObject({ code: 'CARD_IN_USE' });
    await new Promise<void>((resolve) => other.disconnect(other.SCARD_LEAVE_CARD, () => resolve()));
    expect((await etc.read()).balanceFen).toBe(profile.balanceFen);
  });
});
