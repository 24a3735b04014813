import { describe, expect, it } from 'vitest';
import { parseCardProfile } from './profile';
import { fixtureKeys, fixtureProfile, hex, openApplication, send } from './testing';
import { VirtualCard } from './virtual-card';

/** A card whose keys, balance and random are those of vector B (docs/card-protocol.md §3): a real card's load log. */
function vectorBCard(protocol: 'T0' | 'T1'): VirtualCard {
  const profile = parseCardProfile({ ...fixtureProfile('normal'), balanceFen: 0, onlineSerial: 0, transactions: [], protocol });
  return new VirtualCard(profile, fixtureKeys(), {
    random: () => hex('CDEF4F20'),
    cardKeys: { dlk: hex('374598B5C0B0EAE1E1D06609AC5BB369'), dtk: hex('CAA6025290114BFCC3C9043F70F7A07A') },
  });
}

describe('virtual card: golden vector B and the T=0 exchange', () => {
  it('reproduces vector B under T=1: INIT answer with MAC1, CREDIT answer with TAC, new balance', () => {
    const card = vectorBCard('T1');
    openApplication(card);
    const init = send(card, '805000020B 01 00001C37 000001000050 10');
    expect(init.swHex).toBe('9000');
    expect(init.data.toString('hex').toUpperCase()).toBe('00000000' + '0000' + '01' + '00' + 'CDEF4F20' + '06B1BEF5');
    const credit = send(card, '805200000B 20140825 103100 0641DCD8 04');
    expect(credit.data.toString('hex').toUpperCase()).toBe('ED0F8755');
    expect(send(card, '805C000204').data).toEqual(hex('00001C37'));
  });

  it('replays the T=0 trace of vector B: 61 10 and GET RESPONSE, 61 04 and GET RESPONSE', () => {
    const card = vectorBCard('T0');
    openApplication(card);
    const trace: [string, string][] = [
      ['805000020B0100001C37000001000050', '6110'],
      ['00C0000010', '000000000000' + '0100CDEF4F2006B1BEF5' + '9000'],
      ['805200000B201408251031000641DCD8', '6104'],
      ['00C0000004', 'ED0F8755' + '9000'],
      ['805C000204', '00001C37' + '9000'],
    ];
    for (const [command, answer] of trace) {
      expect(card.transmit(hex(command)).toString('hex').toUpperCase()).toBe(answer);
    }
  });

  it('answers a wrong Le with 6Cxx under T=0 and hands data over in parts', () => {
    const card = new VirtualCard(fixtureProfile('t0'), fixtureKeys());
    send(card, '00A40000021001');
    expect(send(card, '00B0950000').swHex).toBe('6C2B'); // P3 00 asks 256 bytes; the 43-byte 0015 has fewer
    expect(send(card, '00B095002B').data).toHaveLength(43);
    expect(send(card, '805C000200').swHex).toBe('6C04');
    expect(send(card, '00B201C400').swHex).toBe('6A83'); // empty log
    send(card, '0020000003123456');
    expect(send(card, '805000020B0100000064000001000050 10').swHex).toBe('6110'); // a trailing Le is tolerated
    expect(send(card, '00C0000020').swHex).toBe('6C10');
    const part = send(card, '00C0000008');
    expect(part.swHex).toBe('6108');
    expect(part.data).toHaveLength(8);
    expect(send(card, '00C0000008').swHex).toBe('9000');
    expect(send(card, '00C0000008').swHex).toBe('6985'); // nothing left
  });

  it('drops an unfetched T=0 answer when another command comes first', () => {
    const card = new VirtualCard(fixtureProfile('t0'), fixtureKeys());
    openApplication(card);
    expect(send(card, '805000020B0100000064000001000050').swHex).toBe('6110');
    expect(send(card, '805C000204').swHex).toBe('9000');
    expect(send(card, '00C0000010').swHex).toBe('6985');
  });
});
