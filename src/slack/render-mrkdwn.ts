import { formatUtc } from '../core/text/plain-text.js';
import type { RichPart, RichText, TimeStyle } from '../core/text/rich-text.js';

/** Escapes the three characters Slack's mrkdwn treats as control characters, so text shows as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const TOKEN_FORMAT: Record<TimeStyle, string> = {
  datetime: '{date_short_pretty} {time}',
  date: '{date_short_pretty}',
  time: '{time}',
};

/**
 * Slack's date token: each reader sees the instant in their own time zone (`<!date^1795946520^{date_short_pretty}
 * {time}|2026-12-02 09:00 UTC>`); clients that cannot render it show the UTC fallback.
 */
export function slackDate(at: Date, style: TimeStyle = 'datetime'): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${TOKEN_FORMAT[style]}|${formatUtc(at, style)}>`;
}

function partMrkdwn(part: RichPart): string {
  switch (part.kind) {
    case 'markup':
      return part.text;
    case 'text':
      return escapeMrkdwn(part.text);
    case 'user':
      return part.id === 'shipgate' ? 'Shipgate' : `<@${escapeMrkdwn(part.id)}>`;
    case 'channel':
      return `<#${escapeMrkdwn(part.id)}>`;
    case 'time':
      return slackDate(part.at, part.style);
    default:
      return unreachable(part);
  }
}

function unreachable(part: never): never {
  throw new TypeError(`unknown message part ${JSON.stringify(part)}`);
}

/**
 * A message as Slack mrkdwn: Shipgate's own markup kept, everything people or upstreams wrote escaped (so
 * `<!channel>` never pings and `<https://evil|bank>` never disguises a link), mentions and channel links as such,
 * times as date tokens. With `max`, cut to at most that many characters without breaking a token or an escape.
 */
export function toMrkdwn(message: RichText, max = Number.POSITIVE_INFINITY): string {
  let out = '';
  for (const part of message.parts) {
    const piece = partMrkdwn(part);
    if (out.length + piece.length <= max) {
      out += piece;
      continue;
    }
    const room = max - out.length - 1;
    if (room > 0 && (part.kind === 'text' || part.kind === 'markup')) {
      const cut = part.kind === 'text' ? escapedPrefix(part.text, room) : part.text.slice(0, room);
      out += cut;
    }
    return `${out}…`;
  }
  return out;
}

/** The longest escaped prefix of `text` that fits in `room` characters. */
function escapedPrefix(text: string, room: number): string {
  let out = '';
  for (const char of text) {
    const escaped = escapeMrkdwn(char);
    if (out.length + escaped.length > room) break;
    out += escaped;
  }
  return out;
}

/** Splits a rendered message into Slack section-sized chunks (at most `max` characters), at line breaks when it can. */
export function chunkMrkdwn(text: string, max = 3000): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') chunks.push(current);
    current = line.length <= max ? line : `${line.slice(0, max - 1)}…`;
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks;
}
