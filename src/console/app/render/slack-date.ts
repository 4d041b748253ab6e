/** How a `{token}` of a `<!date^…>` formats, with Intl in the given zone (undefined: the viewer's own). */
function part(
  token: string,
  date: Date,
  timeZone: string | undefined,
  now: number | undefined,
): string | null {
  const zone = timeZone ? { timeZone } : {};
  const fmt = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-US', { ...options, ...zone }).format(date);
  switch (token) {
    case 'date_num':
      return new Intl.DateTimeFormat('en-CA', {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        ...zone,
      }).format(date);
    case 'date':
    case 'date_pretty':
      return fmt({ year: 'numeric', month: 'long', day: 'numeric' });
    case 'date_short':
    case 'date_short_pretty':
      return fmt({ year: 'numeric', month: 'short', day: 'numeric' });
    case 'date_long':
    case 'date_long_pretty':
      return fmt({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    case 'time':
      return fmt({ hour: 'numeric', minute: '2-digit' });
    case 'time_secs':
      return fmt({ hour: 'numeric', minute: '2-digit', second: '2-digit' });
    case 'ago':
      return now === undefined ? null : ago(now - date.getTime());
    default:
      return null;
  }
}

function ago(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const words =
    minutes < 1
      ? 'a few seconds'
      : minutes < 60
        ? `${minutes} minute${minutes === 1 ? '' : 's'}`
        : minutes < 48 * 60
          ? `${Math.round(minutes / 60)} hours`
          : `${Math.round(minutes / 1440)} days`;
  return ms >= 0 ? `${words} ago` : `in ${words}`;
}

/**
 * Formats a Slack date token's format string (`{date_short} at {time}`) for `epochSec`, or returns undefined when
 * the epoch or a token cannot be read (the caller then shows the fallback text).
 */
export function formatSlackDate(
  epochSec: string,
  format: string,
  options: { timeZone?: string | undefined; now?: number | undefined } = {},
): string | undefined {
  const seconds = Number(epochSec);
  if (!Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  let failed = false;
  const text = format.replace(/\{([a-z_]+)\}/g, (_, token: string) => {
    const value = part(token, date, options.timeZone, options.now);
    if (value === null) failed = true;
    return value ?? '';
  });
  return failed ? undefined : text;
}
