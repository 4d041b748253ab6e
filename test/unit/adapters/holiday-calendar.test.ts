import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../../src/adapters/holidays/holiday-calendar.js';

describe('createHolidayCalendar', () => {
  const germany = createHolidayCalendar({ country: 'DE' });

  it('names German public holidays on their local dates', () => {
    expect(germany.holidayName('2026-12-25')).toBe('Christmas Day');
    expect(germany.holidayName('2026-12-26')).toBe('Boxing Day');
    expect(germany.holidayName('2026-10-03')).toBe('National Holiday');
    expect(germany.holidayName('2027-01-01')).toBe("New Year's Day");
  });

  it('answers undefined for ordinary days and for days that are not public holidays', () => {
    expect(germany.holidayName('2026-11-24')).toBeUndefined();
    // Christmas Eve is a bank holiday (afternoon) and Advent Sundays are observances, not public holidays.
    expect(germany.holidayName('2026-12-24')).toBeUndefined();
    expect(germany.holidayName('2026-12-20')).toBeUndefined();
  });

  it('includes state holidays only for the configured state', () => {
    expect(germany.holidayName('2026-01-06')).toBeUndefined();
    expect(createHolidayCalendar({ country: 'DE', state: 'BY' }).holidayName('2026-01-06')).toBe('Epiphany');
  });

  it('covers every day of a holiday lasting several days', () => {
    const emirates = createHolidayCalendar({ country: 'AE' });
    const days = ['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23'];

    expect(days.map((day) => emirates.holidayName(day))).toEqual([
      undefined,
      'End of Ramadan (Eid al-Fitr)',
      'End of Ramadan (Eid al-Fitr)',
      'End of Ramadan (Eid al-Fitr)',
      undefined,
    ]);
  });

  it.each(['constructor', 'toString', '__proto__'])(
    'refuses a state or region named %s like any unknown one',
    (name) => {
      expect(() => createHolidayCalendar({ country: 'DE', state: name })).toThrow(
        `unknown state "${name}" for DE`,
      );
      expect(() => createHolidayCalendar({ country: 'DE', state: 'BY', region: name })).toThrow(
        `unknown region "${name}" for DE-BY`,
      );
    },
  );

  it('refuses an unknown country or state, and a malformed date', () => {
    expect(() => createHolidayCalendar({ country: 'XX' })).toThrow('unknown holiday calendar country "XX"');
    expect(() => createHolidayCalendar({ country: 'DE', state: 'ZZ' })).toThrow(/unknown state "ZZ" for DE/);
    expect(() => germany.holidayName('25.12.2026')).toThrow(
      'expected a date such as 2026-12-25, got "25.12.2026"',
    );
  });
});
