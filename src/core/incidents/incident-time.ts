const MINUTE_MS = 60_000;

/**
 * Rounds an instant up to the next whole minute (unchanged when already whole). Clocks are armed on whole minutes
 * and rounded up, never down, so a breach can never fire before the real deadline.
 */
export function ceilToMinute(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / MINUTE_MS) * MINUTE_MS);
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
