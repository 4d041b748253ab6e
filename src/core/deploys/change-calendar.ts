import type { CalendarDate } from '../config/calendar-date.js';
import type { EnvironmentPolicy } from '../config/environment-policy-schema.js';
import { WEEKDAYS } from '../config/weekday.js';
import { calendarDate, dateParts, weekdayOf } from './local-time.js';

/** An environment's `change_window` (days, hours, blackout periods); absent means deploys are always allowed. */
export type ChangeWindow = NonNullable<EnvironmentPolicy['change_window']>;

/** A named blackout date range, inclusive, in local dates. */
export interface BlackoutEvent {
  readonly name: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * The team's calendar: time zone, public holidays (injected so the core stays pure; the adapter wraps
 * date-holidays), how many last business days of a month are blacked out, and named major events.
 */
export interface ChangeCalendar {
  readonly timeZone: string;
  holidayName(localDate: CalendarDate): string | undefined;
  readonly endOfMonthBusinessDays: number;
  readonly majorEvents: readonly BlackoutEvent[];
}

/** True for Monday–Friday dates that are not public holidays. */
export function isBusinessDay(date: CalendarDate, calendar: Pick<ChangeCalendar, 'holidayName'>): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && calendar.holidayName(date) === undefined;
}

/** The last `count` business days of the date's month, latest first (fewer if the month has fewer). */
export function lastBusinessDays(
  date: CalendarDate,
  count: number,
  calendar: Pick<ChangeCalendar, 'holidayName'>,
): CalendarDate[] {
  const { year, month } = dateParts(date);
  const days: CalendarDate[] = [];
  for (let day = dateParts(calendarDate(year, month + 1, 0)).day; day >= 1 && days.length < count; day--) {
    const candidate = calendarDate(year, month, day);
    if (isBusinessDay(candidate, calendar)) days.push(candidate);
  }
  return days;
}

/**
 * Why a whole local date is blocked, one sentence per rule: a day not in `allowed_days`, and each blackout period
 * the window lists (`holidays`, `end_of_month`, `major_events`). Empty when the date is open.
 */
export function dayReasons(date: CalendarDate, window: ChangeWindow, calendar: ChangeCalendar): string[] {
  const reasons: string[] = [];
  const weekday = WEEKDAYS[weekdayOf(date)] ?? 'sunday';
  if (!window.allowed_days.includes(weekday))
    reasons.push(`${capitalize(weekday)} is not an allowed day (${window.allowed_days.join(', ')})`);
  const blackouts = new Set(window.blackout_periods);
  const holiday = blackouts.has('holidays') ? calendar.holidayName(date) : undefined;
  if (holiday !== undefined) reasons.push(`${date} is a holiday (${holiday})`);
  const count = calendar.endOfMonthBusinessDays;
  if (blackouts.has('end_of_month') && lastBusinessDays(date, count, calendar).includes(date))
    reasons.push(
      count === 1
        ? `${date} is the last business day of the month`
        : `${date} is one of the last ${count} business days of the month`,
    );
  if (blackouts.has('major_events'))
    for (const event of calendar.majorEvents)
      if (event.from <= date && date <= event.to) reasons.push(`${event.name} (${event.from} – ${event.to})`);
  return reasons;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
