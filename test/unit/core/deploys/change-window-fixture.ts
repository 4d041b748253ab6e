import type { BlackoutPeriod } from '../../../../src/core/config/environment-policy-schema.js';
import { parseHourRange } from '../../../../src/core/config/hour-range.js';
import type { Weekday } from '../../../../src/core/config/weekday.js';
import type { ChangeCalendar, ChangeWindow } from '../../../../src/core/deploys/change-calendar.js';

export const EVERY_DAY: Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** A change window as the policy parser produces it. */
export function changeWindow(
  days: Weekday[],
  hours: string[],
  blackouts: BlackoutPeriod[] = [],
): ChangeWindow {
  const allowed_hours = hours.map((text) => {
    const range = parseHourRange(text);
    if (range === undefined) throw new Error(`bad hours ${text}`);
    return range;
  });
  return { allowed_days: days, allowed_hours, blackout_periods: blackouts };
}

/** The chapter's production window: Tue–Thu 10:00–16:00 with every blackout. */
export const PRODUCTION_WINDOW = changeWindow(
  ['tuesday', 'wednesday', 'thursday'],
  ['10:00-16:00'],
  ['holidays', 'end_of_month', 'major_events'],
);

/** German public holidays of 2026 that the tests touch (what the date-holidays adapter would answer). */
const HOLIDAYS: Record<string, string> = {
  '2026-04-03': 'Good Friday',
  '2026-04-06': 'Easter Monday',
  '2026-12-25': 'Christmas Day',
  '2026-12-26': 'Boxing Day',
};

/** Berlin, the holidays above, two end-of-month days, Black Friday; override what a test needs. */
export function berlinCalendar(overrides: Partial<ChangeCalendar> = {}): ChangeCalendar {
  return {
    timeZone: 'Europe/Berlin',
    holidayName: (date) => HOLIDAYS[date],
    endOfMonthBusinessDays: 2,
    majorEvents: [{ name: 'Black Friday', from: '2026-11-27', to: '2026-11-30' }],
    ...overrides,
  };
}
