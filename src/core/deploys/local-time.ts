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

/** The wall-clock reading of `at` in `timeZone` (daylight saving time included). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const local = new TZDate(at.getTime(), timeZone);
  return {
    date: calendarDate(local.getFullYear(), local.getMonth() + 1, local.getDate()),
    weekday: local.getDay(),
    minute: local.getHours() * 60 + local.getMinutes(),
  };
}

/** The instant at which the wall clock in `timeZone` shows `minute` (of day, may be 1440) on `date`. */
export function instantAt(date: CalendarDate, minute: number, timeZone: string): Date {
  const { year, month, day } = dateParts(date);
  const local = new TZDate(year, month - 1, day, Math.floor(minute / 60), minute % 60, timeZone);
  return new Date(local.getTime());
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
