import { typedValue } from './typed-value.js';

/** A daily time range such as `10:00-16:00`, as minutes since midnight; the end is always after the start. */
export interface HourRange {
  readonly startMinute: number;
  readonly endMinute: number;
  readonly text: string;
}

const HOURS = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

function minuteOfDay(hours: string | undefined, minutes: string | undefined, allowMidnightEnd: boolean) {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59) return undefined;
  if (h < 24 || (allowMidnightEnd && h === 24 && m === 0)) return h * 60 + m;
  return undefined;
}

/** Parses `10:00-16:00` (24-hour clock, `24:00` allowed as an end); `undefined` if malformed or not increasing. */
export function parseHourRange(text: string): HourRange | undefined {
  const trimmed = text.trim();
  const match = HOURS.exec(trimmed);
  if (!match) return undefined;
  const startMinute = minuteOfDay(match[1], match[2], false);
  const endMinute = minuteOfDay(match[3], match[4], true);
  if (startMinute === undefined || endMinute === undefined || endMinute <= startMinute) return undefined;
  return { startMinute, endMinute, text: trimmed };
}

const WHAT = 'hours such as 10:00-16:00';

const START = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d`;

/**
 * A JSON Schema `pattern` for hour ranges: valid times with `24:00` allowed as an end. That the end comes after the
 * start is beyond a pattern, so `config check` alone refuses `16:00-10:00`.
 */
export const HOUR_RANGE_PATTERN = String.raw`^\s*${START}\s*-\s*(?:${START}|24:00)\s*$`;

/** Zod schema for an hour range: `expected hours such as 10:00-16:00, got "10-16"`. */
export const hourRangeSchema = typedValue(WHAT, parseHourRange, (text) =>
  HOURS.test(text) ? `${WHAT} with valid times and the end after the start` : undefined,
).meta({ pattern: HOUR_RANGE_PATTERN });
