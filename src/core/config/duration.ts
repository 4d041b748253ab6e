import { typedValue } from './typed-value.js';

/** A length of time from the config: milliseconds for arithmetic plus the text as the operator wrote it. */
export interface Duration {
  readonly ms: number;
  readonly text: string;
}

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses `30m`, `2h`, `7d`, `90s` or combined `1h30m` (units in d-h-m-s order); `undefined` if not a positive duration. */
export function parseDuration(text: string): Duration | undefined {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (trimmed === '' || !match) return undefined;
  const ms = UNITS.reduce((sum, [, unitMs], i) => sum + Number(match[i + 1] ?? 0) * unitMs, 0);
  return ms > 0 ? { ms, text: trimmed } : undefined;
}

/** Writes milliseconds the way the config does (`1h30m`, `45s`), for human-facing messages. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  let text = '';
  for (const [unit, unitMs] of UNITS) {
    const count = Math.floor(rest / unitMs);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * unitMs;
  }
  return text === '' ? '0s' : text;
}

/** What `parseDuration` accepts, as a JSON Schema `pattern` (d-h-m-s order, at least one unit, not all zero). */
export const DURATION_PATTERN = String.raw`^\s*(?!(?:0+[dhms])+\s*$)(?=\d)(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?\s*$`;

/** Zod schema for a duration string: `expected a duration such as 30m, got "thirty minutes"`. */
export const durationSchema = typedValue('a duration such as 30m', parseDuration).meta({
  pattern: DURATION_PATTERN,
});
