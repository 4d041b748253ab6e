import Holidays from 'date-holidays';
import { holidayCalendarIssues } from '../../config/holiday-calendar-issues.js';
import type { ShipgateConfig } from '../../core/config/shipgate-config-schema.js';

/** Which public holidays apply: the main config's `holidays:` keys (`{ country: DE, state: BY }`). */
export type HolidayCalendarPlace = NonNullable<ShipgateConfig['holidays']>;

/** Answers whether a local calendar day is a public holiday, for the `holidays` blackout period. */
export interface HolidayCalendar {
  /** The English name of the public holiday on `localDate` (`YYYY-MM-DD`), or undefined on an ordinary day. */
  holidayName(localDate: string): string | undefined;
}

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-\d{2}-\d{2}$/;

/**
 * A holiday calendar backed by the `date-holidays` data set. Only `public` holidays count (not bank, school,
 * optional or observance days); holidays lasting several days cover each of them. Each year is computed once.
 * Throws for a country, state or region the data set does not know (the config check refuses those first).
 */
export function createHolidayCalendar(place: HolidayCalendarPlace): HolidayCalendar {
  const problems = holidayCalendarIssues(place);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  const data = new Holidays(place.country, place.state ?? '', place.region ?? '', { types: ['public'] });
  const years = new Map<number, ReadonlyMap<string, string>>();
  const daysOf = (year: number): ReadonlyMap<string, string> => {
    let days = years.get(year);
    if (days === undefined) {
      days = publicHolidayDays(data, year);
      years.set(year, days);
    }
    return days;
  };
  return {
    holidayName(localDate) {
      const match = LOCAL_DATE.exec(localDate);
      if (!match) throw new Error(`expected a date such as 2026-12-25, got "${localDate}"`);
      const year = Number(match[1]);
      // A holiday starting late in December can run into January.
      return daysOf(year).get(localDate) ?? daysOf(year - 1).get(localDate);
    },
  };
}

/** Every local day covered by a public holiday starting in `year`, with its name. */
function publicHolidayDays(data: Holidays, year: number): Map<string, string> {
  const days = new Map<string, string>();
  for (const holiday of data.getHolidays(year, 'en')) {
    if (holiday.type !== 'public') continue;
    const first = Date.parse(`${holiday.date.slice(0, 10)}T00:00:00Z`);
    const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
    for (let i = 0; i < length; i++) {
      const day = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
      if (!days.has(day)) days.set(day, holiday.name);
    }
  }
  return days;
}
