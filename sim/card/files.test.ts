import { describe, expect, it } from 'vitest';
import { bcd, encode0015, encode0016, encode0018, encodePin } from './files';
import { gbkFits } from './gbk';
import { parseCardProfile } from './profile';
import { fixtureProfile, hex } from './testing';

describe('card file layouts (docs/card-protocol.md §1)', () => {
  it('encodes 0015 byte for byte like the real 43-byte sample of docs/card-protocol.md', () => {
    const p = parseCardProfile({
      ...fixtureProfile('normal'),
      issuerId: 'C9C2CEF761010001',
      cardType: 0x16,
      cardVersion: 0x10,
      network: '6101',
      internalNo: '1518220000249639',
      validFrom: '20160526',
      validUntil: '20260526',
      plate: '陕AOK112',
      userType: 0,
      plateColor: 0,
      format: 43,
    });
    expect(encode0015(p).toString('hex').toUpperCase()).toBe(
      'C9C2CEF761010001' + '16' + '10' + '6101' + '1518220000249639' + '20160526' + '20260526' + 'C9C2414F4B31313200000000' + '00' + '0000',
    );
  });

  it('adds vehicle class and 6 reserved bytes in the 50-byte format', () => {
    const p = { ...fixtureProfile('normal'), vehicleClass: 12, plateColor: 11 };
    const f = encode0015(p);
    expect(f).toHaveLength(50);
    expect(f.subarray(41, 44)).toEqual(hex('000B0C'));
    expect(f.subarray(44)).toEqual(Buffer.alloc(6));
    expect(f.subarray(28, 40)).toEqual(hex('B8CA 4131 3233 3435 0000 0000')); // 甘A12345 in GBK
  });

  it('lays out 0016: flags, GBK name at 2, ASCII id number at 22, id type at 54', () => {
    const f = encode0016({ ...fixtureProfile('normal'), holderIdType: 3 });
    expect(f).toHaveLength(55);
    expect(f.subarray(0, 2)).toEqual(hex('0000'));
    expect(f.subarray(2, 6)).toEqual(hex('D5C5 C8FD')); // 张三
    expect(f.subarray(6, 22)).toEqual(Buffer.alloc(16));
    expect(f.subarray(22, 40).toString('ascii')).toBe('620102198001011234');
    expect(f[54]).toBe(3);
  });

  it('lays out a 23-byte 0018 record with BCD date and time', () => {
    const r = encode0018({ serial: 0x0102, overdraftFen: 0, amountFen: 0x1c37, type: 2, terminalId: '000001000050', at: '2014-08-25T10:31:00' });
    expect(r.toString('hex').toUpperCase()).toBe('0102' + '000000' + '00001C37' + '02' + '000001000050' + '20140825' + '103100');
  });

  it('encodes a PIN as BCD (F-padded when odd) or as ASCII digits', () => {
    expect(encodePin('123456', 'bcd')).toEqual(hex('123456'));
    expect(encodePin('12345', 'bcd')).toEqual(hex('12345F'));
    expect(encodePin('123456', 'ascii')).toEqual(hex('313233343536'));
    expect(bcd('6201')).toEqual(hex('6201'));
  });

  it('measures text in GBK bytes and refuses what GBK cannot hold', () => {
    expect(gbkFits('甘A12345', 12)).toBe(true);
    expect(gbkFits('甘A1234567890', 12)).toBe(false);
    expect(gbkFits('😀', 12)).toBe(false);
  });
});
