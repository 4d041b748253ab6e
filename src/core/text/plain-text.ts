import { formatUtcDate, formatUtcDateTime, formatUtcTime } from '../incidents/incident-time.js';
import type { RichPart, RichText, TimeStyle } from './rich-text.js';

/** How a plain rendering names people and channels; by default `@U0BOB` and `#C0DEPLOYS`. */
export interface PlainNames {
  readonly user?: (userId: string) => string;
  readonly channel?: (channelId: string) => string;
}

/** An instant in UTC in one of the styles: `2026-12-02 09:00 UTC`, `2026-12-02`, `09:00 UTC`. */
export function formatUtc(at: Date, style: TimeStyle): string {
  if (style === 'date') return formatUtcDate(at);
  if (style === 'time') return `${formatUtcTime(at)} UTC`;
  return formatUtcDateTime(at);
}

/** Shipgate's own name for itself where a person would be named. */
export const SHIPGATE_NAME = 'Shipgate';

function partText(part: RichPart, names: PlainNames): string {
  switch (part.kind) {
    case 'markup':
    case 'text':
      return part.text;
    case 'user':
      return part.id === 'shipgate' ? SHIPGATE_NAME : (names.user?.(part.id) ?? `@${part.id}`);
    case 'channel':
      return names.channel?.(part.id) ?? `#${part.id}`;
    case 'time':
      return formatUtc(part.at, part.style);
    default:
      return unreachable(part);
  }
}

function unreachable(part: never): never {
  throw new TypeError(`unknown message part ${JSON.stringify(part)}`);
}

/**
 * A message as plain text, for terminals, logs, editable drafts and tests: text as written, people and channels by
 * the given names (ids by default), instants in UTC.
 */
export function toPlainText(message: RichText, names: PlainNames = {}): string {
  return message.parts.map((part) => partText(part, names)).join('');
}
