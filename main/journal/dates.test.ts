import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { businessDayStart, checkWindow, dayNumber, localDateOf, localDayEnd, RECORDS_WINDOW_MAX_DAYS } from './dates';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('local dates', () => {
  it('gives the branch day, not the UTC day', () => {
    expect(localDateOf(new Date('2024-03-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2024-03-02');
    expect(localDateOf(new Date('2024-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2024-03-01');
    expect(localDateOf(new Date('2024-03-01T16:30:00Z'), 'UTC')).toBe('2024-03-01');
  });

  it('refuses what is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2024-02-30', '2024-13-01', '2024-1-01', '20240101', '', '2024-02-29T00:00']) {
      expect(code(() => dayNumber(bad)), bad).toBe('RECORDS_DATE_INVALID');
    }
    expect(dayNumber('2024-02-29') - dayNumber('2024-02-28')).toBe(1);
  });
});

describe('the records window', () => {
  it(`accepts a span of up to ${RECORDS_WINDOW_MAX_DAYS} days, as the host does: a calendar month is one query`, () => {
    expect(checkWindow('2024-03-01', '2024-03-01')).toBe(0);
    expect(checkWindow('2024-01-01', '2024-01-31')).toBe(30);
    expect(checkWindow('2024-02-14', '2024-03-15')).toBe(30); // across a leap day
  });

  it('refuses a longer span, a reversed window and a bad date', () => {
    expect(code(() => checkWindow('2024-01-01', '2024-02-01'))).toBe('RECORDS_WINDOW_TOO_LONG');
    expect(code(() => checkWindow('2024-02-14', '2024-03-16'))).toBe('RECORDS_WINDOW_TOO_LONG');
    expect(code(() => checkWindow('2024-03-02', '2024-03-01'))).toBe('RECORDS_WINDOW_REVERSED');
    expect(code(() => checkWindow('2024-03-01', '2024-03-32'))).toBe('RECORDS_DATE_INVALID');
  });
});

describe('the end of a local day', () => {
  it('is the first instant of the next local day, in the branch zone and across a DST change', () => {
    expect(localDayEnd('2024-05-06', 'Asia/Shanghai')).toBe('2024-05-06T16:00:00.000Z');
    expect(localDayEnd('2024-12-31', 'UTC')).toBe('2025-01-01T00:00:00.000Z');
    expect(localDayEnd('2024-03-09', 'America/New_York')).toBe('2024-03-10T05:00:00.000Z'); // EST
    expect(localDayEnd('2024-03-10', 'America/New_York')).toBe('2024-03-11T04:00:00.000Z'); // EDT from 02:00
    expect(code(() => localDayEnd('2024-13-01', 'UTC'))).toBe('RECORDS_DATE_INVALID');
  });
});

/** Runs `f` with this process's zone set to `tz` (Node reads TZ again when it changes). */
function inZone<T>(tz: string, f: () => T): T {
  const was = process.env.TZ;
  process.env.TZ = tz;
  try {
    return f();
  } finally {
    if (was === undefined) delete process.env.TZ;
    else process.env.TZ = was;
  }
}

describe('the business day is the Beijing day, whatever zone the counter PC is set to', () => {
  it('dates an instant, and bounds a day, the same under UTC, Beijing and New York', () => {
    for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London']) {
      inZone(tz, () => {
        // 07:30 Beijing on 1 July is 23:30 UTC on 30 June: "today" at the counter is the 1st.
        expect(localDateOf(new Date('2025-06-30T23:30:00Z')), tz).toBe('2025-07-01');
        expect(localDateOf(new Date('2025-06-30T15:59:59Z')), tz).toBe('2025-06-30');
        expect(localDayEnd('2025-06-30'), tz).toBe('2025-06-30T16:00:00.000Z');
        expect(businessDayStart('2025-07-01'), tz).toBe('2025-06-30T16:00:00.000Z');
        expect(businessDayStart('2025-07-01', 1), tz).toBe('2025-07-01T16:00:00.000Z');
      });
    }
  });

  it('counts a records window as the issuer does: at most 30 days between the two dates', () => {
    expect(checkWindow('2025-11-07', '2025-12-07')).toBe(30);
    expect(code(() => checkWindow('2025-11-06', '2025-12-07'))).toBe('RECORDS_WINDOW_TOO_LONG');
    try {
      checkWindow('2025-11-06', '2025-12-07');
    } catch (e) {
      expect((e as Error).message).toBe('开始日期与结束日期最多相隔 30 天（现相隔 31 天），请缩短日期范围');
    }
  });
});
