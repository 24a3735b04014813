import { describe, expect, it } from 'vitest';
import { deriveCardKey } from '../crypto/keys';
import { SM4_HYPOTHESIS } from '../crypto/suite';
import { parseCardProfile } from './profile';
import { creditApdu, fixtureKeys, fixtureProfile, hex, hostMac2, initApdu, openApplication, parseInit, send, type InitAnswer } from './testing';
import { VirtualCard } from './virtual-card';

/**
 * A dual-algorithm card (version 5x, sim/fixtures/cards/sm4.json): its SM4 load key at index 41 with the
 * SM4 HYPOTHESIS suite (sim/crypto/sm4.ts), its 3DES key at 01; a 3DES card has no key at 41.
 */
const keys = fixtureKeys();
const DATE = '20250301';
const TIME = '091500';
const SM4 = 0x41;
const terminalId = hex('000001000050');

function ready(profile = fixtureProfile('sm4')): VirtualCard {
  const card = new VirtualCard(profile, keys);
  openApplication(card);
  return card;
}
const cardKey = (card: VirtualCard, usage: 'load' | 'tac') =>
  deriveCardKey(keys, usage, card.profile.issuerId, card.profile.internalNo, usage === 'load' ? SM4 : { alg: 'sm4' });

/** MAC2 as the host computes it with the SM4 suite, from the master key. */
function sm4Mac2(card: VirtualCard, init: InitAnswer, amountFen: number): Buffer {
  const ses = SM4_HYPOTHESIS.sessionLoadKey(cardKey(card, 'load'), init.random, init.serial);
  return SM4_HYPOTHESIS.mac2(ses, { amountFen, terminalId, hostDate: hex(DATE), hostTime: hex(TIME) });
}

describe('virtual card: dual-algorithm (SM4) load', () => {
  it('answers INIT with key index 41 with algorithm id 04, its key version and an SM4 MAC1', () => {
    const card = ready();
    const init = parseInit(send(card, initApdu(2_000, '000001000050', SM4)).data);
    expect(init).toMatchObject({ oldBalanceFen: 6_000, serial: 4, keyVersion: 1, algId: 0x04 });
    const ses = SM4_HYPOTHESIS.sessionLoadKey(cardKey(card, 'load'), init.random, init.serial);
    expect(init.mac1).toEqual(SM4_HYPOTHESIS.mac1(ses, 6_000, { amountFen: 2_000, terminalId }));
  });

  it('loads with the SM4 MAC2 and answers the SM4 TAC; a 3DES MAC2 is refused (9302) and changes nothing', () => {
    const card = ready();
    const init = parseInit(send(card, initApdu(2_000, '000001000050', SM4)).data);
    const tdes = hostMac2(card.profile, keys, init, { amountFen: 2_000, hostDate: DATE, hostTime: TIME });
    expect(send(card, creditApdu(DATE, TIME, tdes)).swHex).toBe('9302');
    expect(card.snapshot()).toMatchObject({ balanceFen: 6_000, onlineSerial: 4 });

    const again = parseInit(send(card, initApdu(2_000, '000001000050', SM4)).data);
    const credit = send(card, creditApdu(DATE, TIME, sm4Mac2(card, again, 2_000)));
    expect(credit.swHex).toBe('9000');
    expect(credit.data).toEqual(SM4_HYPOTHESIS.tac(cardKey(card, 'tac'), {
      newBalanceFen: 8_000, onlineSerial: 4, amountFen: 2_000, terminalId, hostDate: hex(DATE), hostTime: hex(TIME),
    }));
    expect(card.snapshot()).toMatchObject({ balanceFen: 8_000, onlineSerial: 5 });
    expect(card.snapshot().transactions[0]).toMatchObject({ serial: 5, amountFen: 2_000, type: 2, at: '2025-03-01T09:15:00' });
  });

  it('still loads with its 3DES key at index 01 (algorithm id 00)', () => {
    const card = ready();
    const init = parseInit(send(card, initApdu(1_000)).data);
    expect(init.algId).toBe(0);
    const mac = hostMac2(card.profile, keys, init, { amountFen: 1_000, hostDate: DATE, hostTime: TIME });
    expect(send(card, creditApdu(DATE, TIME, mac)).swHex).toBe('9000');
  });

  it('refuses a key index the card does not hold with 9403: 41 on a 3DES card, 02 on the SM4 card', () => {
    expect(send(ready(fixtureProfile('normal')), initApdu(1_000, '000001000050', SM4)).swHex).toBe('9403');
    expect(send(ready(), initApdu(1_000, '000001000050', 0x02)).swHex).toBe('9403');
  });

  it('answers the algorithm id its profile configures (UNCONFIRMED on real cards)', () => {
    const card = ready(parseCardProfile({ ...fixtureProfile('sm4'), sm4AlgId: 0x03 }));
    expect(parseInit(send(card, initApdu(1_000, '000001000050', SM4)).data).algId).toBe(0x03);
  });

  it('a torn SM4 CREDIT changes nothing; an answer lost after commit leaves the SM4 load on the card', () => {
    const torn = ready();
    const init = parseInit(send(torn, initApdu(2_000, '000001000050', SM4)).data);
    torn.setFault('tear-before-commit');
    expect(torn.transmit(creditApdu(DATE, TIME, sm4Mac2(torn, init, 2_000)))).toHaveLength(0);
    expect(torn.snapshot()).toMatchObject({ present: false, balanceFen: 6_000, onlineSerial: 4 });

    const lost = ready();
    const init2 = parseInit(send(lost, initApdu(2_000, '000001000050', SM4)).data);
    lost.setFault('lose-answer-after-commit');
    expect(lost.transmit(creditApdu(DATE, TIME, sm4Mac2(lost, init2, 2_000)))).toHaveLength(0);
    expect(lost.snapshot()).toMatchObject({ present: false, balanceFen: 8_000, onlineSerial: 5 });
  });
});
