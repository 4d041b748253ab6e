const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads a time given to an audit filter, never through the machine's time zone: `YYYY-MM-DD` is 00:00 UTC of that
 * day, and an ISO date-time must carry its offset (`2026-11-24T10:00Z`, `2026-11-24T11:00:00+01:00`). Anything else,
 * a date-time without an offset included, or a day or hour that does not exist, is undefined.
 */
export function parseAuditTime(text: string): Date | undefined {
  const day = DATE.exec(text);
  if (day) return utc(Number(day[1]), Number(day[2]), Number(day[3]), 0, 0, 0, 0, 0);
  const full = DATE_TIME.exec(text);
  if (!full) return undefined;
  const [, y, mo, d, h, mi, s, ms, zone] = full;
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : offsetMinutes(zone);
  if (offset === undefined) return undefined;
  return utc(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((ms ?? '0').padEnd(3, '0')),
    offset,
  );
}

function offsetMinutes(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function utc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
): Date | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  return new Date(wall - offset * 60_000);
}
