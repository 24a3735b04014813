import { describe, expect, it } from 'vitest';
import { businessDate, businessStamp, calendarDay, daysBefore, groupCardNo, normalizePlate, payWayOf } from './format';

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

describe('business dates and times (Beijing, whatever this computer\'s zone)', () => {
  it('writes an instant as staff read it, never as an ISO string, in Beijing time under any zone', () => {
    const was = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York']) {
        process.env.TZ = tz;
        expect(businessStamp('2026-12-06T23:40:47.812Z'), tz).toBe('2026-12-07 07:40:47');
        expect(businessDate('2026-12-06T23:40:47.812Z'), tz).toBe('2026-12-07');
        expect(businessDate(new Date('2026-12-06T15:59:59Z')), tz).toBe('2026-12-06');
      }
    } finally {
      if (was === undefined) delete process.env.TZ;
      else process.env.TZ = was;
    }
    expect(businessStamp('not a time')).toBe('not a time');
  });

  it('counts calendar days without the computer\'s zone', () => {
    expect(calendarDay('2025-12-07') - calendarDay('2025-11-07')).toBe(30);
    expect(daysBefore('2025-03-01', 1)).toBe('2025-02-28');
    expect(daysBefore('2024-03-01', 30)).toBe('2024-01-31');
    expect(calendarDay('2025-02-3')).toBeNaN();
  });
});

describe('plates as typed', () => {
  it('finds 甘A12345 however it was typed', () => {
    for (const typed of ['甘a12345', ' 甘A 12345 ', '甘A·12345', '甘ａ１２３４５', '甘a-12345']) expect(normalizePlate(typed), typed).toBe('甘A12345');
  });
});

describe('the way a recharge was paid', () => {
  it('tells a payment code from a QR order of the same channel, and knows only the channel of a host order', () => {
    expect(payWayOf({ channel: 'wechat', authCodeMasked: null })).toBe('wechat_qr');
    expect(payWayOf({ channel: 'alipay', authCodeMasked: '2812********3456' })).toBe('alipay_code');
    expect(payWayOf({ channel: 'pos', authCodeMasked: null })).toBe('pos');
    expect(payWayOf({ channel: 'wechat' })).toBe('wechat');
  });
});
