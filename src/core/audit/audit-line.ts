import type { StoredEvent } from '../event-record.js';

/** How long a payload summary may get before it is cut with "…". */
const SUMMARY_MAX = 120;

/** Text that can be printed bare: no spaces, quotes, `=` or control characters. */
const BARE = /^[\w.:@/+,#-]+$/;

const word = (text: string) => (BARE.test(text) ? text : JSON.stringify(text));

/** `key=value …` over the payload's top-level fields, values JSON where they are not plain words, cut at 120. */
export function payloadSummary(payload: Record<string, unknown>, max = SUMMARY_MAX): string {
  const text = Object.entries(payload)
    .map(([key, value]) => `${word(key)}=${typeof value === 'string' ? word(value) : JSON.stringify(value)}`)
    .join(' ');
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * One event on one line: `<time ISO UTC> <actor> (<kind>) <subject> <type> <payload summary>`, e.g.
 * `2026-11-24T10:00:00.000Z U0BOB (human) DEP-2026-0001 deploy.approve role=team-lead`. Anything that is not a
 * plain word is JSON-quoted, so a line never breaks or runs into the next field.
 */
export function auditLine(event: StoredEvent): string {
  const time = Number.isNaN(event.at.getTime()) ? 'invalid-time' : event.at.toISOString();
  const summary = payloadSummary(event.payload);
  const fields = [
    time,
    `${word(event.actor)} (${word(event.actorKind)})`,
    word(event.subject),
    word(event.type),
  ];
  return (summary ? [...fields, summary] : fields).join(' ');
}
