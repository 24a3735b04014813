import { describe, expect, it } from 'vitest';
import { channelOfAuthCode, maskAuthCode } from './payment-code';

describe('channelOfAuthCode', () => {
  it('knows WeChat codes: 18 digits starting 10–15', () => {
    for (const p of ['10', '11', '12', '13', '14', '15']) expect(channelOfAuthCode(`${p}${'3'.repeat(16)}`)).toBe('wechat');
    expect(channelOfAuthCode('134567890123456789')).toBe('wechat');
  });

  it('knows Alipay codes: 16–24 digits starting 25–30', () => {
    for (const p of ['25', '26', '27', '28', '29', '30']) expect(channelOfAuthCode(`${p}${'7'.repeat(14)}`)).toBe('alipay');
    expect(channelOfAuthCode(`28${'1'.repeat(22)}`)).toBe('alipay'); // 24 digits
  });

  it('refuses every other shape', () => {
    for (const bad of [
      '', '16' + '1'.repeat(16), '09' + '1'.repeat(16), '13' + '1'.repeat(15), '13' + '1'.repeat(17), // WeChat lengths, prefixes
      '24' + '1'.repeat(14), '31' + '1'.repeat(14), '25' + '1'.repeat(13), '25' + '1'.repeat(23), // Alipay lengths, prefixes
      ' 134567890123456789', '13456789012345678a', '１３4567890123456789',
    ]) {
      expect(channelOfAuthCode(bad), bad).toBeNull();
    }
  });
});

describe('maskAuthCode', () => {
  it('keeps the first and last four digits', () => {
    expect(maskAuthCode('134567890123456789')).toBe('1345**********6789');
    expect(maskAuthCode('1234')).toBe('****');
  });
});
