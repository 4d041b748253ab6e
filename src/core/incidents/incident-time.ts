const MINUTE_MS = 60_000;

/**
 * Rounds an instant up to the next whole minute (unchanged when already whole). Clocks are armed on whole minutes
 * and rounded up, never down, so a breach can never fire before the real deadline.
 */
export function ceilToMinute(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** Cuts an instant down to its minute, as the `HH:MM` a reader sees. */
export function floorToMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** `HH:MM` of an instant in UTC: the report's and the timeline's time column (chapter 6.3). */
export function formatUtcTime(at: Date): string {
  return at.toISOString().slice(11, 16);
}

/** `YYYY-MM-DD` of an instant in UTC. */
export function formatUtcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM UTC`, the chapter's start and end time format. */
export function formatUtcDateTime(at: Date): string {
  return `${formatUtcDate(at)} ${formatUtcTime(at)} UTC`;
}

/**
 * Milliseconds between two instants as their `HH:MM` readings show it: both are cut to the minute first, so a report
 * reading 10:00 → 11:02 says 1 hour 2 minutes even when the seconds would round differently. Never negative.
 */
export function elapsedBetween(from: Date, to: Date): number {
  return Math.max(0, floorToMinute(to).getTime() - floorToMinute(from).getTime());
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * A length of time as the chapter writes it, "X hours Y minutes" in whole minutes (rounded down): `1 hour 40
 * minutes`, `12 minutes`, `2 hours`; hours keep counting past a day so durations compare at a glance.
 */
export function formatElapsed(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}
