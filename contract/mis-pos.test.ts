import { describe, expect, it } from 'vitest';
import { decodeAnswer, decodeRequest, encodeAnswer, encodeRequest, MIS_ANSWER_MIN, voucherOf, type MisAnswer } from './mis-pos';

const REF = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const approved: MisAnswer = {
  answerCode: '00', merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: '000012', voucherNo: '000123',
  referenceNo: '103100000123', authCode: 'A1B2C3', cardNoMasked: '622848******0018', date: '20250301', time: '103100',
  amountFen: 20_000, orderRef: REF, message: '交易成功',
};

describe('MIS-POS line (contract/mis-pos.ts)', () => {
  it('a sale request is 50 fixed-width characters: type, amount in fen, our reference', () => {
    const line = encodeRequest({ type: '00', amountFen: 20_000, orderRef: REF });
    expect(line).toBe(`00000000020000${REF}`);
    expect(line).toHaveLength(50);
    expect(decodeRequest(line)).toEqual({ type: '00', amountFen: 20_000, orderRef: REF });
    expect(decodeRequest(`XX000000020000${REF}`)).toBeNull();
    expect(decodeRequest('00')).toBeNull();
  });

  it('an answer carries every field of the slip at its width and reads back the same', () => {
    const line = encodeAnswer(approved);
    expect(line.length).toBe(MIS_ANSWER_MIN + '交易成功'.length);
    expect(line.slice(0, 2 + 15 + 8)).toBe('0089862015411000162010088');
    expect(line.slice(2 + 15 + 8 + 6 + 6 + 12 + 6, 2 + 15 + 8 + 6 + 6 + 12 + 6 + 19)).toBe('622848******0018   ');
    expect(decodeAnswer(line)).toEqual(approved);
  });

  it('the slip of an approved answer, its time read as Beijing time; a malformed field is no slip', () => {
    expect(voucherOf(approved)).toEqual({
      merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: '000012', voucherNo: '000123', referenceNo: '103100000123',
      authCode: 'A1B2C3', cardNoMasked: '622848******0018', at: '2025-03-01T10:31:00+08:00',
    });
    expect(voucherOf({ ...approved, authCode: '' })?.authCode).toBeNull();
    for (const bad of [{ batchNo: '12' }, { cardNoMasked: '6228480018' }, { date: '2025031' }, { merchantNo: '8986' }]) {
      expect(voucherOf({ ...approved, ...bad }), JSON.stringify(bad)).toBeNull();
    }
  });

  it('a short line or a non-numeric amount is no answer', () => {
    expect(decodeAnswer('00')).toBeNull();
    const line = encodeAnswer(approved);
    expect(decodeAnswer(`${line.slice(0, 88)}00000000XX00${line.slice(100)}`)).toBeNull();
  });
});
