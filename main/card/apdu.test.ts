import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import { encodeApdu, exchange, expectOk, fromHex, isOutcomeUnknown, parseResponse, statusError, toHex } from './apdu';

describe('command APDU encoding', () => {
  it('encodes case 1 (header only)', () => {
    expect(toHex(encodeApdu({ cla: 0x00, ins: 0xa4, p1: 0, p2: 0 }))).toBe('00A40000');
  });
  it('encodes case 2 (Le), with 256 written as 00', () => {
    expect(toHex(encodeApdu({ cla: 0x80, ins: 0x5c, p1: 0, p2: 2, le: 4 }))).toBe('805C000204');
    expect(toHex(encodeApdu({ cla: 0x00, ins: 0xb0, p1: 0x95, p2: 0, le: 256 }))).toBe('00B0950000');
  });
  it('encodes case 3 (Lc data)', () => {
    expect(toHex(encodeApdu({ cla: 0x00, ins: 0xa4, p1: 0, p2: 0, data: fromHex('3F00') }))).toBe('00A40000023F00');
  });
  it('encodes case 4 (Lc data Le) — the INITIALIZE FOR LOAD of vector B', () => {
    const apdu = encodeApdu({ cla: 0x80, ins: 0x50, p1: 0, p2: 2, data: fromHex('01 00001C37 000001000050'), le: 0x10 });
    expect(toHex(apdu)).toBe('805000020B0100001C3700000100005010');
  });
  it('refuses bytes out of range, Le 0 or > 256 and data longer than 255', () => {
    expect(() => encodeApdu({ cla: 0x100, ins: 0, p1: 0, p2: 0 })).toThrow(RangeError);
    expect(() => encodeApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(RangeError);
    expect(() => encodeApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 257 })).toThrow(RangeError);
    expect(() => encodeApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: Buffer.alloc(256) })).toThrow(RangeError);
  });
});

describe('hex helpers', () => {
  it('round-trips, ignores spaces, prints upper case', () => {
    expect(toHex(fromHex('80 5c 00 02 04'))).toBe('805C000204');
  });
  it('refuses odd length and non-hex', () => {
    expect(() => fromHex('ABC')).toThrow(RangeError);
    expect(() => fromHex('ZZ')).toThrow(RangeError);
  });
});

describe('response APDU', () => {
  it('splits data and SW1SW2', () => {
    const r = parseResponse(fromHex('00001C37 9000'));
    expect(toHex(r.data)).toBe('00001C37');
    expect(r.sw).toBe(0x9000);
  });
  it('treats an empty or 1-byte answer as CARD_REMOVED (vpcd reports a pulled card that way)', () => {
    for (const raw of [Buffer.alloc(0), Buffer.from([0x90])]) {
      expect(() => parseResponse(raw)).toThrow(expect.objectContaining({ code: 'CARD_REMOVED' }));
    }
  });
  it('expectOk checks the data length', () => {
    expect(() => expectOk(parseResponse(fromHex('0102 9000')), 'GET BALANCE', 4))
      .toThrow(expect.objectContaining({ code: 'CARD_BAD_RESPONSE' }));
  });
});

describe('status words (docs/card-protocol.md §2)', () => {
  it.each([
    [0x6983, 'CARD_SW_6983', '卡片密码已锁定，请联系发卡方'],
    [0x9302, 'CARD_MAC_ERROR', 'MAC2'],
    [0x9401, 'CARD_SW_9401', '余额不足'],
    [0x9402, 'CARD_SW_9402', '超限'],
    [0x9403, 'CARD_SW_9403', '密钥'],
    [0x9406, 'CARD_SW_9406', '9406'],
    [0x6a82, 'CARD_SW_6A82', '未找到所需文件'],
    [0x6a83, 'CARD_SW_6A83', '记录'],
    [0x6985, 'CARD_SW_6985', '条件不满足'],
    [0x6982, 'CARD_SW_6982', '安全状态'],
    [0x9303, 'CARD_SW_9303', '应用已锁定'],
    [0x6700, 'CARD_SW_6700', '长度错误'],
    [0x6a86, 'CARD_SW_6A86', '参数错误'],
  ])('maps %s to %s with a Chinese message', (sw, code, text) => {
    const e = statusError(sw);
    expect(e.code).toBe(code);
    expect(e.message).toContain(text);
    expect(e.params.sw).toBe(sw.toString(16).toUpperCase());
  });
  it('maps 63Cx to CARD_PIN_WRONG with the tries left', () => {
    const e = statusError(0x63c2);
    expect(e.code).toBe('CARD_PIN_WRONG');
    expect(e.params.triesLeft).toBe(2);
    expect(e.message).toBe('卡片密码错误，还可尝试 2 次');
  });
  it('maps anything else to CARD_SW_UNKNOWN showing the hex', () => {
    const e = statusError(0x6f00);
    expect(e.code).toBe('CARD_SW_UNKNOWN');
    expect(e.message).toContain('6F00');
  });
});

/** A transmit that replays answers in order and records what was sent. */
function replay(answers: string[]): { sent: string[]; transmit: (apdu: Buffer) => Promise<Buffer> } {
  const sent: string[] = [];
  return {
    sent,
    transmit: async (apdu) => {
      sent.push(toHex(apdu));
      const next = answers.shift();
      if (next === undefined) throw new Error('no more answers');
      return fromHex(next);
    },
  };
}

describe('T=0 handling', () => {
  it('fetches a 61xx answer with GET RESPONSE (vector B trace)', async () => {
    const t = replay(['6110', '00000000 0000 01 00 CDEF4F20 06B1BEF5 9000']);
    const r = await exchange(t.transmit, { cla: 0x80, ins: 0x50, p1: 0, p2: 2, data: fromHex('0100001C37000001000050'), le: 0x10 });
    expect(t.sent).toEqual(['805000020B0100001C3700000100005010', '00C0000010']);
    expect(toHex(r.data)).toBe('0000000000000100CDEF4F2006B1BEF5');
    expect(r.sw).toBe(0x9000);
  });
  it('repeats GET RESPONSE while the card says 61xx and joins the pieces', async () => {
    const t = replay(['6102', 'AAAA 6103', 'BBBBBB 9000']);
    const r = await exchange(t.transmit, { cla: 0, ins: 0xb0, p1: 0x95, p2: 0, le: 256 });
    expect(t.sent).toEqual(['00B0950000', '00C0000002', '00C0000003']);
    expect(toHex(r.data)).toBe('AAAABBBBBB');
  });
  it('resends with Le = xx after 6Cxx', async () => {
    const t = replay(['6C2B', `${'11'.repeat(43)} 9000`]);
    const r = await exchange(t.transmit, { cla: 0, ins: 0xb0, p1: 0x95, p2: 0, le: 256 });
    expect(t.sent).toEqual(['00B0950000', '00B095002B']);
    expect(r.data.length).toBe(43);
  });
  it('gives up on an endless 61xx chain', async () => {
    const t = replay(Array.from({ length: 40 }, () => '6101'));
    await expect(exchange(t.transmit, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 }))
      .rejects.toMatchObject({ code: 'CARD_BAD_RESPONSE' });
  });
  it('reports CARD_REMOVED when the GET RESPONSE gets no answer', async () => {
    const t = replay(['6104', '']);
    await expect(exchange(t.transmit, { cla: 0x80, ins: 0x52, p1: 0, p2: 0, data: Buffer.alloc(11), le: 4 }))
      .rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });
  it('passes other status words through untouched', async () => {
    const t = replay(['9302']);
    const r = await exchange(t.transmit, { cla: 0x80, ins: 0x52, p1: 0, p2: 0, data: Buffer.alloc(11), le: 4 });
    expect(r.sw).toBe(0x9302);
  });
});

describe('isOutcomeUnknown', () => {
  it('is false for a status word and for errors raised before sending', () => {
    expect(isOutcomeUnknown(statusError(0x9302))).toBe(false);
    expect(isOutcomeUnknown(new AppError('CARD_NOT_CONNECTED'))).toBe(false);
    expect(isOutcomeUnknown(new AppError('INVALID_INPUT', { detail: 'x' }))).toBe(false);
  });
  it('is true for no answer, a timeout, a PC/SC failure or a plain Error', () => {
    expect(isOutcomeUnknown(new AppError('CARD_REMOVED'))).toBe(true);
    expect(isOutcomeUnknown(new AppError('CARD_TIMEOUT'))).toBe(true);
    expect(isOutcomeUnknown(new AppError('PCSC_ERROR', { detail: 'x' }))).toBe(true);
    expect(isOutcomeUnknown(new Error('boom'))).toBe(true);
  });
});
