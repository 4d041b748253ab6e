/** Time formats shared with the incident domain: `YYYY-MM-DD HH:MM UTC`, `YYYY-MM-DD`, `HH:MM`. */
export { formatUtcDate, formatUtcDateTime, formatUtcTime } from '../../core/incidents/incident-time.js';

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
