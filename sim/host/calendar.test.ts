import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { addDays, BusinessCalendar, loadCalendarFile } from './calendar';

const cal2024 = new BusinessCalendar(loadCalendarFile(fileURLToPath(new URL('../fixtures/calendar-2024.json', import.meta.url))));

describe('business calendar', () => {
  it('works Monday to Friday, not on holidays, and on the weekend days worked in exchange', () => {
    expect(['2024-05-20', '2024-05-24'].map((d) => cal2024.isWorkingDay(d))).toEqual([true, true]);
    expect(['2024-05-25', '2024-05-26'].map((d) => cal2024.isWorkingDay(d))).toEqual([false, false]);
    expect(cal2024.isWorkingDay('2024-10-02')).toBe(false); // 国庆节, a Wednesday
    expect(cal2024.isWorkingDay('2024-10-12')).toBe(true); // worked Saturday
    expect(cal2024.holidayOn('2024-02-12')?.name).toBe('春节');
  });

  it('refunds on the next working day, and after a statutory holiday on the second working day after it', () => {
    expect(cal2024.refundDate('2024-05-21')).toBe('2024-05-22');
    expect(cal2024.refundDate('2024-05-24')).toBe('2024-05-27'); // Friday → Monday
    expect(cal2024.refundDate('2024-09-30')).toBe('2024-10-09'); // back Oct 8, within two days
    expect(cal2024.refundDate('2024-10-07')).toBe('2024-10-09');
    expect(cal2024.refundDate('2024-04-03')).toBe('2024-04-08'); // 清明 Apr 4–6, Apr 7 worked: back Apr 7, second day Apr 8
    expect(cal2024.refundDate('2024-06-07')).toBe('2024-06-12'); // Friday before 端午 (Mon Jun 10): back Jun 11, second day Jun 12
    expect(new BusinessCalendar().refundDate('2024-06-07')).toBe('2024-06-10'); // no holidays configured
  });

  it('refuses a calendar that contradicts itself or is not one', () => {
    expect(() => new BusinessCalendar({ holidays: [{ from: '2024-05-03', to: '2024-05-01', name: 'x' }] })).toThrow(/from after to/);
    expect(() => new BusinessCalendar({ holidays: [{ from: '2024-05-01', to: '2024-05-05', name: 'x' }], workdays: ['2024-05-04'] }))
      .toThrow(/inside a holiday/);
    expect(() => new BusinessCalendar({ workdays: ['2024-02-30'] })).toThrow(/calendar date/);
    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    writeFileSync(join(dir, 'bad.json'), '{"holidays": [{"from": "2024-01-01"}]}');
    let error: unknown;
    try {
      loadCalendarFile(join(dir, 'bad.json'));
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'SIM_CALENDAR_INVALID')).toBe(true);
    expect((error as Error).message).toContain('holidays.0.to');
  });

  it('adds days across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});
