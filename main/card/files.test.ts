import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fromHex } from './apdu';
import { cardTypeName, isEmptyRecord, parse0015, parse0016, parse0018, plateColorName } from './files';
import { SAMPLE_0015_43 } from './testing';

describe('0015 issuer file', () => {
  it('decodes the real 43-byte sample of docs/card-protocol.md §1', () => {
    const f = parse0015(fromHex(SAMPLE_0015_43));
    expect(f).toEqual({
      issuerId: 'C9C2CEF761010001',
      issuerProvince: '陕西',
      cardType: 0x16,
      cardTypeName: '储值卡',
      cardVersion: 0x10,
      network: '6101',
      internalNo: '1518220000249639',
      cardNo: '61011518220000249639',
      validFrom: '2016-05-26',
      validUntil: '2026-05-26',
      plate: '陕AOK112',
      userType: 0,
      plateColor: 0,
      plateColorName: '蓝',
      vehicleClass: null,
    });
  });

  it('decodes the 50-byte 2019 format with vehicle class, plate colour and a Gansu issuer', () => {
    const plate = Buffer.concat([iconv.encode('甘A12345', 'gbk'), Buffer.alloc(4)]);
    const b = Buffer.concat([
      fromHex('B8CACBE062010001 17 50 6201 0000000000000001 20200101 20301231'),
      plate,
      fromHex('0E 000B 03 000000000000'),
    ]);
    expect(b.length).toBe(50);
    const f = parse0015(b);
    expect(f.issuerProvince).toBe('甘肃');
    expect(f.cardNo).toBe('62010000000000000001');
    expect(f.cardType).toBe(0x17);
    expect(f.cardTypeName).toBe('记账卡');
    expect(f.cardVersion).toBe(0x50);
    expect(f.plate).toBe('甘A12345');
    expect(f.userType).toBe(14);
    expect(f.plateColor).toBe(11);
    expect(f.plateColorName).toBe('绿');
    expect(f.vehicleClass).toBe(3);
    expect(f.validUntil).toBe('2030-12-31');
  });

  it('refuses a file shorter than 43 bytes and dates that are not BCD', () => {
    expect(() => parse0015(Buffer.alloc(42))).toThrow(expect.objectContaining({ code: 'CARD_FILE_FORMAT' }));
    const b = fromHex(SAMPLE_0015_43);
    b[24] = 0xff;
    expect(() => parse0015(b)).toThrow(expect.objectContaining({ code: 'CARD_FILE_FORMAT' }));
  });

  it('names unknown card types and plate colours instead of failing', () => {
    expect(cardTypeName(0x15)).toBe('通行卡');
    expect(cardTypeName(0x99)).toBe('未知卡类型（0x99）');
    expect(plateColorName(4)).toBe('渐变绿');
    expect(plateColorName(13)).toBe('未知颜色（13）');
  });
});

describe('0016 cardholder file', () => {
  it('decodes the GBK name and the ID number', () => {
    const b = Buffer.concat([
      fromHex('00 01'),
      iconv.encode('张三', 'gbk'), Buffer.alloc(16),
      Buffer.from('62010219900101123X'.padEnd(32, '\0'), 'latin1'),
      fromHex('00'),
    ]);
    expect(b.length).toBe(55);
    expect(parse0016(b)).toEqual({ holderIdentity: 0, staffFlag: 1, holderName: '张三', idNumber: '62010219900101123X', idType: 0 });
  });
  it('gives null for an empty name', () => {
    expect(parse0016(Buffer.alloc(55)).holderName).toBeNull();
  });
});

describe('0018 transaction record', () => {
  it('decodes the load of vector B', () => {
    const rec = fromHex('0001 000000 00001C37 02 000001000050 20140825 103100');
    expect(parse0018(rec)).toEqual({
      serial: 1, overdraftFen: 0, amountFen: 0x1c37, type: 2, terminalId: '000001000050', at: '2014-08-25T10:31:00',
    });
  });
  it('recognises unused slots (all 00 or all FF)', () => {
    expect(isEmptyRecord(Buffer.alloc(23))).toBe(true);
    expect(isEmptyRecord(Buffer.alloc(23, 0xff))).toBe(true);
    expect(isEmptyRecord(fromHex('0001 000000 00001C37 02 000001000050 20140825 103100'))).toBe(false);
  });
  it('refuses a short record', () => {
    expect(() => parse0018(Buffer.alloc(22))).toThrow(expect.objectContaining({ code: 'CARD_FILE_FORMAT' }));
  });
});
