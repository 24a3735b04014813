import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EtcCard } from '../../main/card/etc-card';
import { isOutcomeUnknown } from '../../main/card/apdu';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { ensurePcscd, hostSide, type Rig, startRig, TERMINAL, VPCD_READER, waitForCard } from './card-rig';

/**
 * The ETC card layer against a virtual card behind the real pcscd + vpcd stack, exactly as a USB reader
 * would be used: read, load, and a card pulled during CREDIT FOR LOAD in both fault modes.
 */

const keys = fixtureKeys();
const HOST_DATE = '20250102';
const HOST_TIME = '030405';
const AMOUNT = 2_345;

beforeAll(() => ensurePcscd());

describe.each([
  { protocol: 'T1' as const, fixture: 'normal' as const },
  { protocol: 'T0' as const, fixture: 't0' as const },
])('ETC card through pcscd/vpcd, $protocol', ({ protocol, fixture }) => {
  const profile = fixtureProfile(fixture);
  let rig: Rig | null = null;
  let etc: EtcCard | null = null;

  async function open(): Promise<{ rig: Rig; etc: EtcCard }> {
    rig = await startRig(profile, keys);
    etc = new EtcCard(rig.reader, VPCD_READER);
    return { rig, etc };
  }

  afterEach(async () => {
    await etc?.disconnect();
    await rig?.close();
    etc = null;
    rig = null;
  });

  /** INIT + MAC2 computed host-side; returns what CREDIT needs and what the card should answer. */
  async function authorize(card: EtcCard) {
    const init = await card.initForLoad({ amountFen: AMOUNT, terminalId: TERMINAL, keyIndex: 1 });
    const host = hostSide(profile, keys, init, AMOUNT, HOST_DATE, HOST_TIME);
    expect(init.mac1).toBe(host.mac1); // the card computed MAC1 over what we sent
    return { init, host };
  }

  it('reads everything on the card', async () => {
    const { etc: card } = await open();
    const info = await card.read();
    expect(card.protocol).toBe(protocol);
    expect(info.cardNo).toBe(`${profile.network}${profile.internalNo}`);
    expect(info.plate).toBe(profile.plate);
    expect(info.holderName).toBe(profile.holderName);
    expect(info.balanceFen).toBe(profile.balanceFen);
    expect(info.vehicleClass).toBe(profile.format === 50 ? profile.vehicleClass : null);
    expect(info.transactions.map((t) => t.at)).toEqual(profile.transactions.map((t) => t.at));
  });

  it('loads: PIN, INIT, CREDIT with a host-side MAC2; balance, serial and 0018 follow', async () => {
    const { rig: r, etc: card } = await open();
    const before = await card.read();
    await card.verifyPin(profile.pin, profile.pinEncoding);
    const { init, host } = await authorize(card);
    expect(init.oldBalanceFen).toBe(before.balanceFen);
    const { tac } = await card.creditForLoad({ hostDate: HOST_DATE, hostTime: HOST_TIME, mac2: host.mac2 });
    expect(tac).toBe(host.tac);
    expect(await card.getBalance()).toBe(before.balanceFen + AMOUNT);
    const [newest] = await card.readLog();
    expect(newest).toMatchObject({ amountFen: AMOUNT, type: 2, terminalId: TERMINAL, at: '2025-01-02T03:04:05' });
    expect(r.card.snapshot().onlineSerial).toBe(init.onlineSerial + 1);
    // A second INIT (a new session) reports the incremented serial.
    expect((await card.initForLoad({ amountFen: 1, terminalId: TERMINAL, keyIndex: 1 })).onlineSerial).toBe(init.onlineSerial + 1);
  });

  it('a wrong MAC2 is CARD_MAC_ERROR and changes nothing', async () => {
    const { rig: r, etc: card } = await open();
    await card.read();
    await card.verifyPin(profile.pin, profile.pinEncoding);
    await authorize(card);
    await expect(card.creditForLoad({ hostDate: HOST_DATE, hostTime: HOST_TIME, mac2: '00000000' }))
      .rejects.toMatchObject({ code: 'CARD_MAC_ERROR' });
    expect(r.card.snapshot().balanceFen).toBe(profile.balanceFen);
  });

  it.each([
    { fault: 'tear-before-commit' as const, loaded: false },
    { fault: 'lose-answer-after-commit' as const, loaded: true },
  ])('card pulled during CREDIT ($fault): CARD_REMOVED, and the card shows loaded=$loaded', async ({ fault, loaded }) => {
    const { rig: r, etc: card } = await open();
    const removed = new Promise<string>((resolve) => r.reader.on('card-removed', resolve));
    const before = await card.read();
    await card.verifyPin(profile.pin, profile.pinEncoding);
    const { init, host } = await authorize(card);
    r.card.setFault(fault);

    const err: unknown = await card.creditForLoad({ hostDate: HOST_DATE, hostTime: HOST_TIME, mac2: host.mac2 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CARD_REMOVED' });
    expect(isOutcomeUnknown(err)).toBe(true);
    // The next command fails at once too (vpcd: 0x80100016), never hangs.
    await expect(card.getBalance()).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(await removed).toBe(VPCD_READER);

    const snap = r.card.snapshot();
    expect(snap.balanceFen).toBe(before.balanceFen + (loaded ? AMOUNT : 0));
    expect(snap.onlineSerial).toBe(init.onlineSerial + (loaded ? 1 : 0));

    // Put the card back and decide from the card, as the resume path does (docs/card-protocol.md §4).
    r.card.insert();
    await waitForCard(r.reader, true);
    const after = await card.read();
    expect(after.balanceFen).toBe(before.balanceFen + (loaded ? AMOUNT : 0));
    const loadRecord = after.transactions.find((t) => t.type === 2 && t.amountFen === AMOUNT && t.at === '2025-01-02T03:04:05');
    expect(loadRecord !== undefined).toBe(loaded);
    await card.verifyPin(profile.pin, profile.pinEncoding); // a new card session: PIN again
    const probe = await card.initForLoad({ amountFen: AMOUNT, terminalId: TERMINAL, keyIndex: 1 });
    expect(probe.onlineSerial).toBe(init.onlineSerial + (loaded ? 1 : 0));
  });
});
