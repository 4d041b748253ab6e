import { describe, expect, it } from 'vitest';
import { isBusinessDay, lastBusinessDays } from '../../../../src/core/deploys/change-calendar.js';
import { addCalendarDays, instantAt, localTime } from '../../../../src/core/deploys/local-time.js';
import { berlinCalendar } from './change-window-fixture.js';

const calendar = berlinCalendar();

describe('business days', () => {
  it('counts Monday to Friday that are not holidays', () => {
    expect(isBusinessDay('2026-11-27', calendar)).toBe(true);
    expect(isBusinessDay('2026-11-28', calendar)).toBe(false);
    expect(isBusinessDay('2026-12-25', calendar)).toBe(false);
  });

  it('finds the last business days of a month that ends on a Saturday', () => {
    expect(lastBusinessDays('2026-10-05', 2, calendar)).toEqual(['2026-10-30', '2026-10-29']);
  });

  it('skips holidays at the end of a month', () => {
    const closedOnFriday = berlinCalendar({
      holidayName: (d) => (d === '2026-07-31' ? 'Company day' : undefined),
    });
    expect(lastBusinessDays('2026-07-01', 3, closedOnFriday)).toEqual([
      '2026-07-30',
      '2026-07-29',
      '2026-07-28',
    ]);
  });
});

describe('local time', () => {
  it('adds calendar days across a year end and a leap day', () => {
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('reads the wall clock in the team zone', () => {
    expect(localTime(new Date('2026-12-24T23:30:00Z'), 'Europe/Berlin')).toEqual({
      date: '2026-12-25',
      weekday: 5,
      minute: 30,
    });
  });

  it('maps local wall-clock times to instants with the right offset on both sides of a change', () => {
    expect(instantAt('2026-10-24', 600, 'Europe/Berlin')).toEqual(new Date('2026-10-24T08:00:00Z'));
    expect(instantAt('2026-10-25', 600, 'Europe/Berlin')).toEqual(new Date('2026-10-25T09:00:00Z'));
    expect(instantAt('2026-11-10', 1440, 'Europe/Berlin')).toEqual(new Date('2026-11-10T23:00:00Z'));
  });
});
