import { describe, expect, it } from 'vitest';
import { checkChangeWindow } from '../../../../src/core/deploys/change-window.js';
import { berlinCalendar, changeWindow, EVERY_DAY, PRODUCTION_WINDOW } from './change-window-fixture.js';

const calendar = berlinCalendar();
const check = (iso: string, window = PRODUCTION_WINDOW, cal = calendar) =>
  checkChangeWindow(new Date(iso), window, cal);

function closed(status: ReturnType<typeof checkChangeWindow>) {
  if (status.open) throw new Error('expected the window to be closed');
  return status;
}

describe('checkChangeWindow', () => {
  it('is always open without a change window', () => {
    expect(checkChangeWindow(new Date('2026-12-25T03:00:00Z'), undefined, calendar)).toEqual({ open: true });
  });

  it('opens on an allowed day inside allowed hours', () => {
    expect(check('2026-11-10T10:00:00Z')).toEqual({ open: true });
  });

  it('refuses a day that is not allowed and names the allowed days', () => {
    const status = closed(check('2026-11-14T11:00:00Z'));
    expect(status.reasons).toEqual(['Saturday is not an allowed day (tuesday, wednesday, thursday)']);
  });

  it('refuses a time outside the allowed hours, in the team time zone', () => {
    const status = closed(check('2026-11-10T16:30:00Z'));
    expect(status.reasons).toEqual(['17:30 Europe/Berlin is outside 10:00-16:00']);
    expect(status.nextOpening).toEqual(new Date('2026-11-11T09:00:00Z'));
  });

  it('treats the start of the hours as inside and the end as outside', () => {
    expect(check('2026-11-10T09:00:00Z').open).toBe(true);
    expect(check('2026-11-10T14:59:59Z').open).toBe(true);
    expect(check('2026-11-10T08:59:59Z').open).toBe(false);
    expect(check('2026-11-10T15:00:00Z').open).toBe(false);
  });

  it('lists every hour range when there are several, and opens at the next one the same day', () => {
    const window = changeWindow(['tuesday'], ['14:00-16:00', '10:00-12:00']);
    const status = closed(check('2026-11-10T11:30:00Z', window));
    expect(status.reasons).toEqual(['12:30 Europe/Berlin is outside 14:00-16:00, 10:00-12:00']);
    expect(status.nextOpening).toEqual(new Date('2026-11-10T13:00:00Z'));
  });

  describe('daylight saving time', () => {
    const tueToThu = changeWindow(['tuesday', 'wednesday', 'thursday'], ['10:00-16:00']);

    it('reads the same UTC time as 09:30 in winter and 10:30 in summer', () => {
      expect(closed(check('2026-03-24T08:30:00Z', tueToThu)).reasons).toEqual([
        '09:30 Europe/Berlin is outside 10:00-16:00',
      ]);
      expect(check('2026-03-31T08:30:00Z', tueToThu)).toEqual({ open: true });
    });

    it('reads the same UTC time as 16:30 before the autumn change and 15:30 after it', () => {
      expect(closed(check('2026-10-20T14:30:00Z', tueToThu)).reasons).toEqual([
        '16:30 Europe/Berlin is outside 10:00-16:00',
      ]);
      expect(check('2026-10-27T14:30:00Z', tueToThu)).toEqual({ open: true });
    });

    it('gives the next opening across the spring change in local time', () => {
      const status = closed(check('2026-03-26T16:00:00Z', tueToThu));
      expect(status.nextOpening).toEqual(new Date('2026-03-31T08:00:00Z'));
    });

    it('keeps the end-of-month blackout on the first summer-time days', () => {
      const status = closed(check('2026-03-26T16:00:00Z'));
      expect(status.nextOpening).toEqual(new Date('2026-04-01T08:00:00Z'));
    });

    it('opens at the right instant on the night the clocks go forward', () => {
      const window = changeWindow(EVERY_DAY, ['01:00-05:00']);
      const status = closed(check('2026-03-28T23:30:00Z', window));
      expect(status.reasons).toEqual(['00:30 Europe/Berlin is outside 01:00-05:00']);
      expect(status.nextOpening).toEqual(new Date('2026-03-29T00:00:00Z'));
      expect(check('2026-03-29T02:30:00Z', window).open).toBe(true);
      expect(check('2026-03-29T03:00:00Z', window).open).toBe(false);
    });
  });

  describe('holidays', () => {
    const everyDay = changeWindow(EVERY_DAY, ['09:00-18:00'], ['holidays']);

    it('refuses a public holiday by name', () => {
      expect(closed(check('2026-12-25T10:00:00Z', everyDay)).reasons).toEqual([
        '2026-12-25 is a holiday (Christmas Day)',
      ]);
    });

    it('ignores holidays when the window does not list them', () => {
      expect(check('2026-12-25T10:00:00Z', changeWindow(EVERY_DAY, ['09:00-18:00'])).open).toBe(true);
    });

    it('uses the local date, not the UTC date, to find the holiday', () => {
      const night = changeWindow(EVERY_DAY, ['00:00-24:00'], ['holidays']);
      expect(closed(check('2026-12-24T23:30:00Z', night)).reasons).toEqual([
        '2026-12-25 is a holiday (Christmas Day)',
      ]);
    });
  });

  describe('end of month', () => {
    const everyDay = changeWindow(EVERY_DAY, ['09:00-18:00'], ['end_of_month']);

    it('refuses the last business days of the month', () => {
      expect(closed(check('2026-11-30T10:00:00Z', everyDay)).reasons).toEqual([
        '2026-11-30 is one of the last 2 business days of the month',
      ]);
      expect(check('2026-11-27T10:00:00Z', everyDay).open).toBe(false);
      expect(check('2026-11-26T10:00:00Z', everyDay).open).toBe(true);
    });

    it('counts back from a month that ends on a weekend', () => {
      expect(check('2026-10-31T10:00:00Z', everyDay).open).toBe(true);
      expect(check('2026-10-30T10:00:00Z', everyDay).open).toBe(false);
      expect(check('2026-10-29T10:00:00Z', everyDay).open).toBe(false);
      expect(check('2026-10-28T10:00:00Z', everyDay).open).toBe(true);
    });

    it('skips holidays, so the blackout reaches further back', () => {
      const newYearsEve = berlinCalendar({
        holidayName: (d) => (d === '2026-12-31' ? "New Year's Eve" : undefined),
      });
      expect(check('2026-12-29T10:00:00Z', everyDay, newYearsEve).open).toBe(false);
      expect(check('2026-12-29T10:00:00Z', everyDay).open).toBe(true);
    });

    it('says "the last business day" when only one is blacked out', () => {
      const one = berlinCalendar({ endOfMonthBusinessDays: 1 });
      expect(closed(check('2026-11-30T10:00:00Z', everyDay, one)).reasons).toEqual([
        '2026-11-30 is the last business day of the month',
      ]);
      expect(check('2026-11-27T10:00:00Z', everyDay, one).open).toBe(true);
    });
  });

  describe('major events', () => {
    const everyDay = changeWindow(EVERY_DAY, ['09:00-18:00'], ['major_events']);

    it('refuses every day of an event, both ends included', () => {
      for (const day of ['2026-11-27', '2026-11-28', '2026-11-30'])
        expect(closed(check(`${day}T10:00:00Z`, everyDay)).reasons).toEqual([
          'Black Friday (2026-11-27 – 2026-11-30)',
        ]);
      expect(check('2026-11-26T10:00:00Z', everyDay).open).toBe(true);
      expect(check('2026-12-01T10:00:00Z', everyDay).open).toBe(true);
    });

    it('ignores events when the window does not list them', () => {
      expect(check('2026-11-28T10:00:00Z', changeWindow(EVERY_DAY, ['09:00-18:00'])).open).toBe(true);
    });
  });

  it('gives every reason at once', () => {
    const status = closed(check('2026-11-28T16:30:00Z'));
    expect(status.reasons).toEqual([
      'Saturday is not an allowed day (tuesday, wednesday, thursday)',
      'Black Friday (2026-11-27 – 2026-11-30)',
      '17:30 Europe/Berlin is outside 10:00-16:00',
    ]);
  });

  describe('next opening', () => {
    it('opens later the same day before the hours start', () => {
      expect(closed(check('2026-11-10T06:00:00Z')).nextOpening).toEqual(new Date('2026-11-10T09:00:00Z'));
    });

    it('skips a weekend and an Easter holiday to the next allowed day', () => {
      const weekdays = changeWindow(
        ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        ['10:00-16:00'],
        ['holidays'],
      );
      const status = closed(check('2026-04-02T14:30:00Z', weekdays));
      expect(status.nextOpening).toEqual(new Date('2026-04-07T08:00:00Z'));
    });

    it('skips Black Friday and the end of month to the first open Tuesday in December', () => {
      const status = closed(check('2026-11-26T15:00:00Z'));
      expect(status.nextOpening).toEqual(new Date('2026-12-01T09:00:00Z'));
    });

    it('skips Christmas Day and the weekend to the Tuesday after', () => {
      const status = closed(check('2026-12-24T16:00:00Z'));
      expect(status.nextOpening).toEqual(new Date('2026-12-29T09:00:00Z'));
    });

    it('skips the year-end blackout into January', () => {
      const status = closed(check('2026-12-29T15:30:00Z'));
      expect(status.nextOpening).toEqual(new Date('2027-01-05T09:00:00Z'));
    });

    it('gives no next opening when nothing opens within 60 days', () => {
      const freeze = berlinCalendar({
        majorEvents: [{ name: 'Freeze', from: '2026-11-01', to: '2027-02-28' }],
      });
      const status = closed(check('2026-11-10T10:00:00Z', PRODUCTION_WINDOW, freeze));
      expect(status.reasons).toEqual(['Freeze (2026-11-01 – 2027-02-28)']);
      expect(status.nextOpening).toBeUndefined();
    });

    it('finds an opening exactly 60 days ahead but not 61', () => {
      const everyDay = changeWindow(EVERY_DAY, ['10:00-16:00'], ['major_events']);
      const sixty = berlinCalendar({
        majorEvents: [{ name: 'Freeze', from: '2026-06-01', to: '2026-07-30' }],
      });
      expect(closed(check('2026-06-01T12:00:00Z', everyDay, sixty)).nextOpening).toEqual(
        new Date('2026-07-31T08:00:00Z'),
      );
      const sixtyOne = berlinCalendar({
        majorEvents: [{ name: 'Freeze', from: '2026-06-01', to: '2026-07-31' }],
      });
      expect(closed(check('2026-06-01T12:00:00Z', everyDay, sixtyOne)).nextOpening).toBeUndefined();
    });
  });
});
