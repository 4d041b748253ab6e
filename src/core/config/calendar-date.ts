import { typedValue } from './typed-value.js';

/** A calendar date `YYYY-MM-DD` with no time zone attached (the team's zone is applied where it is used). */
export type CalendarDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Accepts a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is refused); `undefined` otherwise. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const trimmed = text.trim();
  const match = DATE.exec(trimmed);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? trimmed : undefined;
}

/** A JSON Schema `pattern` for `YYYY-MM-DD`; which months have a 30th or 31st is left to `config check`. */
export const CALENDAR_DATE_PATTERN = String.raw`^\s*\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\s*$`;

/** Zod schema for a date: `expected a date such as 2026-11-27, got "27.11.2026"`. */
export const calendarDateSchema = typedValue('a date such as 2026-11-27', parseCalendarDate).meta({
  pattern: CALENDAR_DATE_PATTERN,
});
