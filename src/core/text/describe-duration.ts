function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * A length of time as people read it, the one formatter for every message, notice and report: under a minute in
 * seconds (`37 seconds`), otherwise the chapter's "X hours Y minutes" in whole minutes, rounded down (`1 hour 2
 * minutes`, `12 minutes`, `2 hours`); hours keep counting past a day so lengths compare at a glance. A negative or
 * non-finite length is a broken invariant and throws.
 */
export function describeDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Not a duration: ${ms}`);
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return plural(totalSeconds, 'second');
  const totalMinutes = Math.floor(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return plural(minutes, 'minute');
  return minutes === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`;
}
