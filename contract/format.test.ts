import { describe, expect, it } from 'vitest';
import { groupCardNo } from './format';

describe('card number grouping', () => {
  it('writes the 20-digit card number in five groups of four', () => {
    expect(groupCardNo('62012307150000418823')).toBe('6201 2307 1500 0041 8823');
    expect(groupCardNo('62010000000000000001')).toBe('6201 0000 0000 0000 0001');
  });

  it('groups any other run of digits from the left, the last group shorter', () => {
    expect(groupCardNo('1234567')).toBe('1234 567');
    expect(groupCardNo('1234')).toBe('1234');
  });

  it('leaves anything that is not only digits as it is', () => {
    for (const s of ['', '—', '6201 2307 1500 0041 8823', 'B8CACBE062010001']) expect(groupCardNo(s)).toBe(s);
  });
});
