/** A deploy id's parts: `DEP-2026-0042` is year 2026, sequence 42. */
export interface DeployIdParts {
  readonly year: number;
  readonly sequence: number;
}

const DEPLOY_ID = /^DEP-(\d{4})-(\d{4,})$/;

/**
 * Formats a deploy id `DEP-YYYY-NNNN` (the sequence padded to at least 4 digits, longer when it grows), the id
 * people type in `/deploy status` and `/deploy cancel`. Throws for a year outside 1000–9999 or a sequence below 1.
 */
export function formatDeployId(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`deploy id year ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`deploy id sequence ${sequence}`);
  return `DEP-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Reads a deploy id (case-insensitive, as typed in Slack); only the canonical form is accepted, else `undefined`. */
export function parseDeployId(text: string): DeployIdParts | undefined {
  const id = text.trim().toUpperCase();
  const match = DEPLOY_ID.exec(id);
  if (!match) return undefined;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (year < 1000 || sequence < 1 || !Number.isSafeInteger(sequence)) return undefined;
  return formatDeployId(year, sequence) === id ? { year, sequence } : undefined;
}
