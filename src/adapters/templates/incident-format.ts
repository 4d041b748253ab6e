/** Formats an instant the way the chapter's templates show times: `YYYY-MM-DD HH:MM UTC`. */
export function formatUtcDateTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Formats the UTC calendar day of an instant as `YYYY-MM-DD` (due dates, sign-off dates). */
export function formatUtcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Formats the UTC wall-clock time of an instant as `HH:MM` (the report's timeline column). */
export function formatUtcTime(at: Date): string {
  return at.toISOString().slice(11, 16);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * Formats a length of time in milliseconds as the chapter's "X hours Y minutes" (whole minutes, rounded down);
 * under a minute it shows seconds, since acknowledge times for a SEV-1 are often that short.
 * A negative or non-finite length is a broken invariant and throws.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Not a duration: ${ms}`);
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return plural(totalSeconds, 'second');
  const totalMinutes = Math.floor(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours === 0 ? plural(minutes, 'minute') : `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`;
}
