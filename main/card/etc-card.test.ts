import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isOutcomeUnknown, toHex } from './apdu';
import { EtcCard } from './etc-card';
import { InProcessReader } from './in-process-reader';
import { readScript, SAMPLE_0015_43, ScriptedCard, type ScriptStep } from './testing';

const VECTOR_B_LOAD = '0001 000000 00001C37 02 000001000050 20140825 103100';
const PURCHASE = '0002 000000 000003E8 06 010203040506 20240101 235959';

/** An EtcCard over an in-process reader holding `card`. */
function open(card: ScriptedCard): { etc: EtcCard; reader: InProcessReader } {
  const reader = new InProcessReader(card);
  return { etc: new EtcCard(reader, reader.name), reader };
}

/** A card whose read() has already been scripted, followed by `more`. */
async function readCard(more: ScriptStep[]): Promise<{ etc: EtcCard; card: ScriptedCard; reader: InProcessReader }> {
  const card = new ScriptedCard(readScript(SAMPLE_0015_43, '00000000')).then(more);
  const { etc, reader } = open(card);
  await etc.read();
  return { etc, card, reader };
}

describe('EtcCard.read', () => {
  it('reads MF, 0016, ADF 1001, 0015, the balance and the whole 0018 log', async () => {
    const name = Buffer.concat([iconv.encode('张三', 'gbk'), Buffer.alloc(16)]);
    const file0016 = toHex(Buffer.concat([Buffer.alloc(2), name, Buffer.alloc(33)]));
    const script = readScript(SAMPLE_0015_43, '00002710', [PURCHASE, VECTOR_B_LOAD]);
    script[1] = ['00B0960037', `${file0016} 9000`];
    const card = new ScriptedCard(script);
    const info = await open(card).etc.read();
    card.assertDone();
    expect(info).toMatchObject({
      cardNo: '61011518220000249639', cardType: 0x16, cardTypeName: '储值卡', plate: '陕AOK112',
      plateColor: 0, plateColorName: '蓝', issuerProvince: '陕西', validFrom: '2016-05-26', validUntil: '2026-05-26',
      vehicleClass: null, holderName: '张三', balanceFen: 10000,
    });
    expect(info.transactions).toEqual([
      { serial: 2, overdraftFen: 0, amountFen: 1000, type: 6, terminalId: '010203040506', at: '2024-01-01T23:59:59' },
      { serial: 1, overdraftFen: 0, amountFen: 0x1c37, type: 2, terminalId: '000001000050', at: '2014-08-25T10:31:00' },
    ]);
  });

  it('selects the toll application by AID when selection by FID answers 6A82', async () => {
    const script = readScript(SAMPLE_0015_43, '00000000');
    script.splice(2, 1, ['00A40000021001', '6A82'], ['00A4040009A00000000386980701', '9000']);
    const card = new ScriptedCard(script);
    await open(card).etc.read();
    card.assertDone();
  });

  it('reads a T=0 card: 61xx fetched with GET RESPONSE, 6Cxx answered by resending with Le', async () => {
    const card = new ScriptedCard([
      ['00A40000023F00', '6112'], ['00C0000012', `${'00'.repeat(18)} 9000`],
      ['00B0960037', '6A82'],
      ['00A40000021001', '9000'],
      ['00B0950000', '6C2B'], ['00B095002B', `${SAMPLE_0015_43} 9000`],
      ['805C000204', '6104'], ['00C0000004', '00000064 9000'],
      ['00B201C417', '6A83'],
    ]);
    const info = await open(card).etc.read();
    card.assertDone();
    expect(info.balanceFen).toBe(100);
  });

  it('skips unused 0018 slots and ends the log at 6A83', async () => {
    const card = new ScriptedCard(readScript(SAMPLE_0015_43, '00000000', [VECTOR_B_LOAD, 'FF'.repeat(23)]));
    const info = await open(card).etc.read();
    card.assertDone();
    expect(info.transactions).toHaveLength(1);
  });

  it('reports a card pulled during the read as CARD_REMOVED', async () => {
    const script = readScript(SAMPLE_0015_43, '00000000');
    script[3] = ['00B0950000', ''];
    await expect(open(new ScriptedCard(script)).etc.read()).rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });

  it('says CARD_ABSENT when the reader is empty', async () => {
    const card = new ScriptedCard([]);
    card.present = false;
    await expect(open(card).etc.read()).rejects.toMatchObject({ code: 'CARD_ABSENT' });
  });
});

describe('EtcCard PIN', () => {
  it('sends the PIN as BCD, padding an odd length with F', async () => {
    const { etc, card } = await readCard([['0020000003123456', '9000'], ['00200000031234 5F', '9000']]);
    await etc.verifyPin('123456', 'bcd');
    await etc.verifyPin('12345', 'bcd');
    card.assertDone();
  });
  it('sends the PIN as ASCII when the issuer wants that', async () => {
    const { etc, card } = await readCard([['0020000006313233343536', '9000']]);
    await etc.verifyPin('123456', 'ascii');
    card.assertDone();
  });
  it('reports a wrong PIN with the tries left and never retries it', async () => {
    const { etc, card } = await readCard([['0020000003123456', '63C2']]);
    await expect(etc.verifyPin('123456', 'bcd')).rejects.toMatchObject({ code: 'CARD_PIN_WRONG', params: { triesLeft: 2 } });
    card.assertDone();
    expect(card.sent.filter((a) => a.startsWith('0020'))).toHaveLength(1);
  });
  it('reports a blocked PIN as CARD_SW_6983', async () => {
    const { etc } = await readCard([['0020000003123456', '6983']]);
    await expect(etc.verifyPin('123456', 'bcd')).rejects.toMatchObject({ code: 'CARD_SW_6983', message: '卡片密码已锁定，请联系发卡方' });
  });
  it('refuses a PIN that is not 4–12 digits without sending it', async () => {
    const { etc, card } = await readCard([]);
    await expect(etc.verifyPin('12a4', 'bcd')).rejects.toMatchObject({ code: 'CARD_PIN_FORMAT' });
    card.assertDone();
  });
});

describe('EtcCard load (vector B)', () => {
  const init = ['805000020B0100001C3700000100005010', '00000000 0000 01 00 CDEF4F20 06B1BEF5 9000'] as ScriptStep;
  const credit = ['805200000B201408251031000641DCD804', 'ED0F8755 9000'] as ScriptStep;

  it('sends INITIALIZE FOR LOAD and decodes the answer', async () => {
    const { etc, card } = await readCard([init]);
    const r = await etc.initForLoad({ amountFen: 0x1c37, terminalId: '000001000050', keyIndex: 1 });
    card.assertDone();
    expect(r).toEqual({ oldBalanceFen: 0, onlineSerial: 0, keyVersion: 1, algId: 0, random: 'CDEF4F20', mac1: '06B1BEF5' });
  });

  it('sends CREDIT FOR LOAD and returns the TAC', async () => {
    const { etc, card } = await readCard([init, credit]);
    await etc.initForLoad({ amountFen: 0x1c37, terminalId: '000001000050', keyIndex: 1 });
    expect(await etc.creditForLoad({ hostDate: '20140825', hostTime: '103100', mac2: '0641DCD8' })).toEqual({ tac: 'ED0F8755' });
    card.assertDone();
  });

  it('follows the T=0 trace of vector B (61 10 / 61 04)', async () => {
    const { etc, card } = await readCard([
      [init[0], '6110'], ['00C0000010', init[1]],
      [credit[0], '6104'], ['00C0000004', credit[1]],
    ]);
    await etc.initForLoad({ amountFen: 0x1c37, terminalId: '000001000050', keyIndex: 1 });
    expect((await etc.creditForLoad({ hostDate: '20140825', hostTime: '103100', mac2: '0641DCD8' })).tac).toBe('ED0F8755');
    card.assertDone();
  });

  it('reports CREDIT with an empty answer as CARD_REMOVED, an unknown outcome', async () => {
    const { etc } = await readCard([init, [credit[0], '']]);
    await etc.initForLoad({ amountFen: 0x1c37, terminalId: '000001000050', keyIndex: 1 });
    const e: unknown = await etc.creditForLoad({ hostDate: '20140825', hostTime: '103100', mac2: '0641DCD8' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'CARD_REMOVED' });
    expect(isOutcomeUnknown(e)).toBe(true);
  });

  it('reports a rejected MAC2 as CARD_MAC_ERROR, a definite "not loaded"', async () => {
    const { etc } = await readCard([init, [credit[0], '9302']]);
    await etc.initForLoad({ amountFen: 0x1c37, terminalId: '000001000050', keyIndex: 1 });
    const e: unknown = await etc.creditForLoad({ hostDate: '20140825', hostTime: '103100', mac2: '0641DCD8' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'CARD_MAC_ERROR' });
    expect(isOutcomeUnknown(e)).toBe(false);
  });

  it('refuses bad parameters before sending anything', async () => {
    const { etc, card } = await readCard([]);
    await expect(etc.initForLoad({ amountFen: 0, terminalId: '000001000050', keyIndex: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(etc.initForLoad({ amountFen: 1.5, terminalId: '000001000050', keyIndex: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(etc.initForLoad({ amountFen: 100, terminalId: '0001', keyIndex: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(etc.creditForLoad({ hostDate: '2014-08-25', hostTime: '103100', mac2: '0641DCD8' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(etc.creditForLoad({ hostDate: '20140825', hostTime: '103100', mac2: 'XYZ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    card.assertDone();
  });
});

describe('EtcCard transaction prove and session', () => {
  it('returns MAC2 and TAC of a past load', async () => {
    const { etc, card } = await readCard([['805A0002020001 08', '0641DCD8 ED0F8755 9000']]);
    expect(await etc.transactionProve(1)).toEqual({ mac2: '0641DCD8', tac: 'ED0F8755' });
    card.assertDone();
  });
  it('returns null when the card answers 9406', async () => {
    const { etc } = await readCard([['805A000202000108', '9406']]);
    expect(await etc.transactionProve(1)).toBeNull();
  });
  it('needs read() before any other command', async () => {
    const { etc } = open(new ScriptedCard([]));
    await expect(etc.getBalance()).rejects.toMatchObject({ code: 'CARD_NOT_CONNECTED' });
  });
  it('answers CARD_REMOVED once the card was pulled, without sending', async () => {
    const { etc, card, reader } = await readCard([]);
    card.present = false;
    reader.cardChanged();
    card.present = true; // a card put back is a new session: the old one stays dead
    reader.cardChanged();
    await expect(etc.getBalance()).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    card.assertDone();
  });
  it('after disconnect() a command is CARD_NOT_CONNECTED', async () => {
    const { etc } = await readCard([]);
    await etc.disconnect();
    await expect(etc.getBalance()).rejects.toMatchObject({ code: 'CARD_NOT_CONNECTED' });
  });
});
