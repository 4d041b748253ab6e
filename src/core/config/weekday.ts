import { typedValue } from './typed-value.js';

/** Weekday names in `Date#getDay()` order (0 = sunday), so `WEEKDAYS[date.getDay()]` names a date's day. */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** A lower-case English weekday name as written in `change_window.allowed_days`. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Parses a weekday name, case-insensitively, into its lower-case form; `undefined` otherwise. */
export function parseWeekday(text: string): Weekday | undefined {
  const lower = text.trim().toLowerCase();
  return WEEKDAYS.find((day) => day === lower);
}

/** The `Date#getDay()` index of a weekday (0 = sunday). */
export function weekdayIndex(day: Weekday): number {
  return WEEKDAYS.indexOf(day);
}

/** What `parseWeekday` accepts, as a JSON Schema `pattern` (which has no case-insensitive flag: `[mM][oO]…`). */
export const WEEKDAY_PATTERN = `^\\s*(?:${WEEKDAYS.map((day) =>
  [...day].map((c) => `[${c}${c.toUpperCase()}]`).join(''),
).join('|')})\\s*$`;

/** Zod schema for a weekday: `expected a weekday such as tuesday, got "tusday"`. */
export const weekdaySchema = typedValue('a weekday such as tuesday', parseWeekday).meta({
  pattern: WEEKDAY_PATTERN,
});
