import { formatUtc } from '../core/text/plain-text.js';
import type { RichPart, RichText, TimeStyle } from '../core/text/rich-text.js';
import { SecretValues } from '../core/text/secret-values.js';

/** Escapes the three characters Slack's mrkdwn treats as control characters, so text shows as typed. */
export function escapeMrkdwn(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, (ch) => ESCAPES[ch as '&' | '<' | '>']) : text;
}

const CONTROL = /[&<>]/;
const CONTROL_ALL = /[&<>]/g;
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;' } as const;

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
 * `secrets` are redacted from the text parts before anything is cut, so no cut can leave part of one behind.
 */
export function toMrkdwn(
  message: RichText,
  max = Number.POSITIVE_INFINITY,
  secrets: SecretValues = SecretValues.none,
): string {
  const parts = secrets.size === 0 ? message.parts : message.parts.map((part) => redactPart(part, secrets));
  const pieces = parts.map(partMrkdwn);
  const whole = pieces.join('');
  if (whole.length <= max) return whole;
  const room = max - 1;
  let out = '';
  for (const [i, piece] of pieces.entries()) {
    if (out.length + piece.length <= room) {
      out += piece;
      continue;
    }
    const part = parts[i];
    const left = room - out.length;
    if (part?.kind === 'text') out += escapedPrefix(part.text, left);
    else if (part?.kind === 'markup') out += part.text.slice(0, left);
    break;
  }
  return `${out}…`;
}

function redactPart(part: RichPart, secrets: SecretValues): RichPart {
  if (part.kind !== 'text') return part;
  const text = secrets.redact(part.text);
  return text === part.text ? part : { kind: 'text', text };
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
