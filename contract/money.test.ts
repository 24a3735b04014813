import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan, toChineseUppercase } from './money';

describe('yuan input → fen', () => {
  it.each([
    ['100', 10000], ['100.5', 10050], ['0.01', 1], ['100000', 10_000_000], ['100000.00', 10_000_000], [' 12.30 ', 1230],
  ])('accepts %s as %i fen', (input, fen) => expect(parseYuan(input)).toEqual({ ok: true, fen }));

  it.each([
    ['', 'AMOUNT_EMPTY'], ['0', 'AMOUNT_ZERO'], ['0.00', 'AMOUNT_ZERO'], ['-1', 'AMOUNT_FORMAT'], ['abc', 'AMOUNT_FORMAT'],
    ['1e3', 'AMOUNT_FORMAT'], ['1.234', 'AMOUNT_DECIMALS'], ['100000.01', 'AMOUNT_TOO_LARGE'], ['+5', 'AMOUNT_FORMAT'],
  ])('refuses %j with %s', (input, code) => expect(parseYuan(input)).toEqual({ ok: false, code }));
});

describe('fen → paper', () => {
  it('formats yuan with two decimals', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(10050)).toBe('100.50');
    expect(formatYuan(7)).toBe('0.07');
  });
  it.each([
    [0, '零元整'], [1, '壹分'], [100, '壹元整'], [123450, '壹仟贰佰叁拾肆元伍角整'], [1000100, '壹万零壹元整'],
    [10000000, '壹拾万元整'], [10100, '壹佰零壹元整'], [100000001, '壹佰万元零壹分'], [5005, '伍拾元零伍分'],
  ])('writes %i fen in 大写 as %s', (fen, text) => expect(toChineseUppercase(fen)).toBe(text));
});
