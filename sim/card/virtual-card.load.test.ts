import { describe, expect, it } from 'vitest';
import { deriveCardKey } from '../crypto/keys';
import { mac1, sessionLoadKey, tac } from '../crypto/pboc';
import { parseCardProfile, type CardProfile } from './profile';
import { creditApdu, fixtureKeys, fixtureProfile, hex, hostMac2, initApdu, openApplication, parseInit, send } from './testing';
import { VirtualCard } from './virtual-card';

const keys = fixtureKeys();
const DATE = '20241120';
const TIME = '143005';

function ready(profile: CardProfile = fixtureProfile('normal')): VirtualCard {
  const card = new VirtualCard(profile, keys);
  openApplication(card);
  return card;
}

/** INIT + host MAC2 + CREDIT, as the counter and the host do it; returns the CREDIT reply and the INIT answer. */
function load(card: VirtualCard, amountFen: number, time = TIME) {
  const r = send(card, initApdu(amountFen));
  expect(r.swHex).toBe('9000');
  const init = parseInit(r.data);
  const mac = hostMac2(card.profile, keys, init, { amountFen, hostDate: DATE, hostTime: time });
  return { init, mac, credit: send(card, creditApdu(DATE, time, mac)) };
}

describe('virtual card: load (圈存)', () => {
  it('answers INITIALIZE FOR LOAD with balance, serial, key version, algorithm, fresh random and a MAC1 the host can check', () => {
    const card = ready();
    const r = send(card, initApdu(5000));
    expect(r.swHex).toBe('9000');
    expect(r.data).toHaveLength(16);
    const init = parseInit(r.data);
    expect(init).toMatchObject({ oldBalanceFen: 10000, serial: 2, keyVersion: 1, algId: 0 });
    const dlk = deriveCardKey(keys, 'load', card.profile.issuerId, card.profile.internalNo, 1);
    const ses = sessionLoadKey(dlk, init.random, init.serial);
    expect(init.mac1).toEqual(mac1(ses, 10000, { amountFen: 5000, terminalId: hex('000001000050') }));
    expect(parseInit(send(card, initApdu(5000)).data).random).not.toEqual(init.random);
  });

  it('loads with the host’s MAC2: balance, serial and a type-02 0018 record change together, TAC checks out', () => {
    const card = ready();
    const { init, credit } = load(card, 5000);
    expect(credit.swHex).toBe('9000');
    const dtk = deriveCardKey(keys, 'tac', card.profile.issuerId, card.profile.internalNo);
    const expectTac = tac(dtk, {
      newBalanceFen: 15000, onlineSerial: init.serial, amountFen: 5000,
      terminalId: hex('000001000050'), hostDate: hex(DATE), hostTime: hex(TIME),
    });
    expect(credit.data).toEqual(expectTac);
    const snap = card.snapshot();
    expect(snap.balanceFen).toBe(15000);
    expect(snap.onlineSerial).toBe(3);
    expect(snap.transactions[0]).toEqual({
      serial: 3, overdraftFen: 0, amountFen: 5000, type: 2, terminalId: '000001000050', at: '2024-11-20T14:30:05',
    });
    expect(send(card, '805C000204').data.readUInt32BE(0)).toBe(15000);
    expect(send(card, '00B201C417').data.subarray(0, 10)).toEqual(hex('0003 000000 00001388 02'));
  });

  it('refuses a wrong MAC2 with 9302, changes nothing and uses up the session', () => {
    const card = ready();
    const before = card.snapshot();
    const init = parseInit(send(card, initApdu(5000)).data);
    const good = hostMac2(card.profile, keys, init, { amountFen: 5000, hostDate: DATE, hostTime: TIME });
    const bad = Buffer.from(good.map((b, i) => (i === 0 ? b ^ 1 : b)));
    expect(send(card, creditApdu(DATE, TIME, bad)).swHex).toBe('9302');
    expect(card.snapshot()).toEqual(before);
    expect(send(card, creditApdu(DATE, TIME, good)).swHex).toBe('6985');
    expect(card.snapshot()).toEqual(before);
  });

  it('refuses CREDIT FOR LOAD without a preceding INIT with 6985', () => {
    const card = ready();
    expect(send(card, creditApdu(DATE, TIME, hex('00000000'))).swHex).toBe('6985');
  });

  it('makes an older MAC2 useless after a new INIT, a reselect or a reset', () => {
    const card = ready();
    const first = parseInit(send(card, initApdu(5000)).data);
    const oldMac = hostMac2(card.profile, keys, first, { amountFen: 5000, hostDate: DATE, hostTime: TIME });
    send(card, initApdu(5000));
    expect(send(card, creditApdu(DATE, TIME, oldMac)).swHex).toBe('9302');

    const again = parseInit(send(card, initApdu(5000)).data);
    const mac = hostMac2(card.profile, keys, again, { amountFen: 5000, hostDate: DATE, hostTime: TIME });
    send(card, '00A40000021001');
    expect(send(card, creditApdu(DATE, TIME, mac)).swHex).toBe('6985');

    openApplication(card);
    const third = parseInit(send(card, initApdu(5000)).data);
    const mac3 = hostMac2(card.profile, keys, third, { amountFen: 5000, hostDate: DATE, hostTime: TIME });
    card.reset();
    send(card, '00A40000021001');
    expect(send(card, creditApdu(DATE, TIME, mac3)).swHex).toBe('6985');
    expect(card.snapshot().balanceFen).toBe(10000);
  });

  it('answers 9403 for a key index the card does not have', () => {
    expect(send(ready(), initApdu(100, '000001000050', 0x41)).swHex).toBe('9403');
  });

  it('refuses at INIT a load that would pass the card cap, with the profile’s status word', () => {
    const card = ready(fixtureProfile('near-max')); // 4990.00 of 5000.00 yuan
    expect(send(card, initApdu(1001)).swHex).toBe('9402');
    expect(send(card, initApdu(1000)).swHex).toBe('9000');
    const other = ready(parseCardProfile({ ...fixtureProfile('near-max'), maxBalanceSw: '9401' }));
    expect(send(other, initApdu(1001)).swHex).toBe('9401');
  });

  it('keeps a cyclic 0018 log: the oldest record falls out at capacity', () => {
    const card = ready(parseCardProfile({ ...fixtureProfile('normal'), transactions: [], logCapacity: 3 }));
    for (const [i, amount] of [100, 200, 300, 400].entries()) {
      expect(load(card, amount, `14300${i}`).credit.swHex).toBe('9000');
    }
    expect(card.snapshot().transactions.map((t) => t.amountFen)).toEqual([400, 300, 200]);
    expect(send(card, '00B203C417').data.readUInt32BE(5)).toBe(200);
    expect(send(card, '00B204C417').swHex).toBe('6A83');
  });

  it('proves the last load by the serial INIT answered (N) and answers 9406 for any other', () => {
    const card = ready();
    expect(send(card, '805A0002020002 08').swHex).toBe('9406'); // no load yet
    const { init, mac, credit } = load(card, 5000);
    const prove = send(card, Buffer.from([0x80, 0x5a, 0x00, 0x02, 0x02, 0x00, init.serial, 0x08]));
    expect(prove.swHex).toBe('9000');
    expect(prove.data).toEqual(Buffer.concat([mac, credit.data]));
    expect(send(card, Buffer.from([0x80, 0x5a, 0x00, 0x02, 0x02, 0x00, init.serial + 1, 0x08])).swHex).toBe('9406');
  });

  it('proves by N+1 when the profile says the issuer’s cards count that way', () => {
    const card = ready(parseCardProfile({ ...fixtureProfile('normal'), proveSerial: 'N+1' }));
    const { init } = load(card, 5000);
    expect(send(card, Buffer.from([0x80, 0x5a, 0x00, 0x02, 0x02, 0x00, init.serial + 1, 0x08])).swHex).toBe('9000');
    expect(send(card, Buffer.from([0x80, 0x5a, 0x00, 0x02, 0x02, 0x00, init.serial, 0x08])).swHex).toBe('9406');
  });
});
