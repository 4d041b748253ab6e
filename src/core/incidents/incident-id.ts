/** An incident id's parts: `INC-2026-0007` is year 2026, sequence 7. */
export interface IncidentIdParts {
  readonly year: number;
  readonly sequence: number;
}

const INCIDENT_ID = /^INC-(\d{4})-(\d{4,})$/;

/**
 * Formats an incident id `INC-YYYY-NNNN` (chapter 6.3): the sequence padded to at least 4 digits and growing past
 * 9999 rather than wrapping, so ids stay unique and sort by number within a year. Throws for a year outside
 * 1000–9999 or a sequence below 1 (a broken invariant of whoever allocates them).
 */
export function formatIncidentId(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`incident id year ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`incident id sequence ${sequence}`);
  return `INC-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Reads an incident id as typed in Slack (case-insensitive, trimmed); only the canonical form, else `undefined`. */
export function parseIncidentId(text: string): IncidentIdParts | undefined {
  const id = text.trim().toUpperCase();
  const match = INCIDENT_ID.exec(id);
  if (!match) return undefined;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (year < 1000 || sequence < 1 || !Number.isSafeInteger(sequence)) return undefined;
  return formatIncidentId(year, sequence) === id ? { year, sequence } : undefined;
}
