import { TZDate } from '@date-fns/tz';
import type { CalendarDate } from '../config/calendar-date.js';

/** An instant as the team's wall clock shows it: local calendar date, weekday (0 = sunday) and minute of day. */
export interface LocalTime {
  readonly date: CalendarDate;
  readonly weekday: number;
  readonly minute: number;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD` for a year, a month (1–12) and a day that may overflow (day 0 is the last day of the month before). */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
  const utc = new Date(Date.UTC(year, month - 1, day));
  return `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

/** Year, month (1–12) and day of a `YYYY-MM-DD` date. */
export function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  return { year, month, day };
}

/** The date `days` later (or earlier) on the calendar; pure date arithmetic, no time zone involved. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  return calendarDate(year, month, day + days);
}

/** Weekday of a calendar date (0 = sunday); the same in every time zone. */
export function weekdayOf(date: CalendarDate): number {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/**
 * Remembers the last answers of a pure conversion. Time-zone arithmetic builds `Intl` date parts per call and is the
 * most expensive thing a change-window check does; the same minutes and dates come back on every request, so a
 * bounded memo makes the check cheap without changing any answer.
 */
function memo<T>(compute: (key: string) => T, size = 4096): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= size) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}

const MINUTE_MS = 60_000;

const localMinute = memo((key): LocalTime => {
  const [zone = '', minutes = '0'] = key.split('|');
  const local = new TZDate(Number(minutes) * MINUTE_MS, zone);
  return {
    date: calendarDate(local.getFullYear(), local.getMonth() + 1, local.getDate()),
    weekday: local.getDay(),
    minute: local.getHours() * 60 + local.getMinutes(),
  };
});

const localInstant = memo((key): number => {
  const [zone = '', date = '', minuteText = '0'] = key.split('|');
  const minute = Number(minuteText);
  const { year, month, day } = dateParts(date);
  return new TZDate(year, month - 1, day, Math.floor(minute / 60), minute % 60, zone).getTime();
});

/** The wall-clock reading of `at` in `timeZone` (daylight saving time included), to the minute. */
export function localTime(at: Date, timeZone: string): LocalTime {
  return localMinute(`${timeZone}|${Math.floor(at.getTime() / MINUTE_MS)}`);
}

/** The instant at which the wall clock in `timeZone` shows `minute` (of day, may be 1440) on `date`. */
export function instantAt(date: CalendarDate, minute: number, timeZone: string): Date {
  return new Date(localInstant(`${timeZone}|${date}|${minute}`));
}

/** `HH:MM` for a minute of the day. */
export function formatMinute(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** An instant as the team's wall clock shows it, with the zone named: `Monday 2026-12-07 10:00 Europe/Berlin`. */
export function formatLocalDateTime(at: Date, timeZone: string): string {
  const local = localTime(at, timeZone);
  return `${WEEKDAY_NAMES[local.weekday]} ${local.date} ${formatMinute(local.minute)} ${timeZone}`;
}
