import { describe, expect, it } from 'vitest';
import { encode0015, encode0016, encode0018 } from './files';
import { fixtureKeys, fixtureProfile, hex, send } from './testing';
import { VirtualCard } from './virtual-card';

const newCard = (name: Parameters<typeof fixtureProfile>[0] = 'normal') => new VirtualCard(fixtureProfile(name), fixtureKeys());

describe('virtual card: files and selection', () => {
  it('answers the read sequence of docs/card-protocol.md §2 with the profile’s files and balance', () => {
    const card = newCard();
    expect(send(card, '00A40000023F00').swHex).toBe('9000');
    const f16 = send(card, '00B0960037');
    expect(f16.swHex).toBe('9000');
    expect(f16.data).toEqual(encode0016(card.profile));
    expect(send(card, '00A40000021001').swHex).toBe('9000');
    const f15 = send(card, '00B0950000');
    expect(f15.swHex).toBe('9000');
    expect(f15.data).toEqual(encode0015(card.profile));
    expect(f15.data).toHaveLength(50);
    const bal = send(card, '805C000204');
    expect(bal.swHex).toBe('9000');
    expect(bal.data.readUInt32BE(0)).toBe(10000);
  });

  it('selects the toll application by its AID too', () => {
    const card = newCard();
    expect(send(card, '00A4040009A00000000386980701').swHex).toBe('9000');
    expect(send(card, '00B0950000').data).toHaveLength(50);
    expect(send(card, '00A4040009A00000000386980702').swHex).toBe('6A82');
  });

  it('keeps 0016 in the MF and 0015/0018 in ADF 1001', () => {
    const card = newCard();
    expect(send(card, '00B0950000').swHex).toBe('6A82'); // MF is current after power-on
    expect(send(card, '00B201C417').swHex).toBe('6A82');
    expect(send(card, '00A40000021001').swHex).toBe('9000');
    expect(send(card, '00B0960037').swHex).toBe('6A82');
    expect(send(card, '00A40000020016').swHex).toBe('6A82');
    expect(send(card, '00A40000020015').swHex).toBe('9000');
    expect(send(card, '00B0000003').data).toEqual(hex('B8CACB')); // READ BINARY on the current EF
    expect(send(card, '00B0003205').swHex).toBe('6B00'); // offset 50 = past the end
  });

  it('reads 0018 records newest first and answers 6A83 past the last', () => {
    const card = newCard();
    send(card, '00A40000021001');
    const log = card.profile.transactions;
    for (let n = 1; n <= log.length; n++) {
      const r = send(card, Buffer.from([0x00, 0xb2, n, 0xc4, 0x17]));
      expect(r.swHex).toBe('9000');
      expect(r.data).toEqual(encode0018(log[n - 1]!));
    }
    expect(send(card, Buffer.from([0x00, 0xb2, log.length + 1, 0xc4, 0x17])).swHex).toBe('6A83');
    expect(send(card, '00B201C400').data).toHaveLength(23); // Le 00 under T=1: the whole record
    expect(send(card, '00B201C410').swHex).toBe('6C17');
    expect(send(card, '00B200C417').swHex).toBe('6A86');
  });

  it('answers 6D00 / 6E00 / 6700 / 6A86 for unknown instruction, class, bad length and bad P1-P2', () => {
    const card = newCard();
    send(card, '00A40000021001');
    expect(send(card, '80CA000000').swHex).toBe('6D00');
    expect(send(card, 'A05C000204').swHex).toBe('6E00');
    expect(send(card, '005C000204').swHex).toBe('6E00'); // purse command with the ISO class
    expect(send(card, '00A4').swHex).toBe('6700');
    expect(send(card, '00A40000033F00').swHex).toBe('6700'); // Lc says 3, 2 bytes follow
    expect(send(card, '805000020A0100001C3700000100').swHex).toBe('6700');
    expect(send(card, '805C000104').swHex).toBe('6A86'); // P2 01 = electronic deposit: not on this card
    expect(send(card, '00A40100023F00').swHex).toBe('6A86');
    expect(send(card, '805C000202').swHex).toBe('6C04');
  });

  it('announces its protocol correctly in the ATR', () => {
    const t1 = newCard().atr;
    expect(t1[0]).toBe(0x3b);
    expect((t1[1]! & 0x80) !== 0).toBe(true); // TD1 present
    expect(t1[2]! & 0x0f).toBe(1); // TD1: T=1
    expect(t1.subarray(1).reduce((x, b) => x ^ b, 0)).toBe(0); // TCK makes T0..TCK XOR to zero
    const t0 = newCard('t0').atr;
    expect(t0[1]! & 0x80).toBe(0); // no TD1: T=0 only
    expect(t0).toHaveLength(4 + (t0[1]! & 0x0f));
  });

  it('gives no answer while unpowered or out of the reader, and a fresh session after insertion', () => {
    const card = newCard();
    send(card, '00A40000021001');
    card.powerOff();
    expect(card.transmit(hex('805C000204'))).toHaveLength(0);
    expect(card.powerOn()).toEqual(card.atr);
    expect(send(card, '805C000204').swHex).toBe('6985'); // back in the MF after a power cycle
    card.remove();
    expect(card.present).toBe(false);
    expect(card.transmit(hex('00A40000023F00'))).toHaveLength(0);
    expect(card.powerOn()).toHaveLength(0);
    card.insert();
    expect(card.present).toBe(true);
    expect(send(card, '00A40000023F00').swHex).toBe('9000');
  });
});
