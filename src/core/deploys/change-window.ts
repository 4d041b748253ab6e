import type { ChangeCalendar, ChangeWindow } from './change-calendar.js';
import { dayReasons } from './change-calendar.js';
import { addCalendarDays, formatMinute, instantAt, localTime } from './local-time.js';

/** How far ahead `nextOpening` looks before giving up. */
export const NEXT_OPENING_SEARCH_DAYS = 60;

/** Open, or closed with every rule that blocks and the next instant at which all rules pass (if within 60 days). */
export type ChangeWindowStatus =
  | { readonly open: true }
  | { readonly open: false; readonly reasons: string[]; readonly nextOpening: Date | undefined };

/**
 * Checks an instant against an environment's change window (chapter 3.4) in the team's time zone: allowed days,
 * allowed hours, and the blackout periods the window lists. Closed answers carry one reason per broken rule and
 * the next opening, so a refusal can say when to come back. No window means always open.
 */
export function checkChangeWindow(
  at: Date,
  window: ChangeWindow | undefined,
  calendar: ChangeCalendar,
): ChangeWindowStatus {
  if (window === undefined) return { open: true };
  const here = localTime(at, calendar.timeZone);
  const reasons = dayReasons(here.date, window, calendar);
  const inHours = window.allowed_hours.some((r) => r.startMinute <= here.minute && here.minute < r.endMinute);
  if (!inHours)
    reasons.push(
      `${formatMinute(here.minute)} ${calendar.timeZone} is outside ${window.allowed_hours.map((r) => r.text).join(', ')}`,
    );
  if (reasons.length === 0) return { open: true };
  return { open: false, reasons, nextOpening: nextOpening(at, window, calendar) };
}

/**
 * The earliest instant at or after `at` when every rule of the window passes: the start of an allowed hour range
 * on an open day (or `at` itself when already inside one). Searches at most 60 days ahead.
 */
export function nextOpening(at: Date, window: ChangeWindow, calendar: ChangeCalendar): Date | undefined {
  const start = localTime(at, calendar.timeZone).date;
  const ranges = [...window.allowed_hours].sort((a, b) => a.startMinute - b.startMinute);
  for (let offset = 0; offset <= NEXT_OPENING_SEARCH_DAYS; offset++) {
    const date = addCalendarDays(start, offset);
    if (dayReasons(date, window, calendar).length > 0) continue;
    for (const range of ranges) {
      const opens = instantAt(date, range.startMinute, calendar.timeZone);
      const closes = instantAt(date, range.endMinute, calendar.timeZone);
      const candidate = opens.getTime() < at.getTime() ? at : opens;
      if (candidate.getTime() < closes.getTime()) return new Date(candidate.getTime());
    }
  }
  return undefined;
}
