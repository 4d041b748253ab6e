/** How an instant is shown: date and time, the date alone, or the time of day alone. */
export type TimeStyle = 'datetime' | 'date' | 'time';

/**
 * One piece of a message. `markup` is Shipgate's own copy (its formatting is kept); `text` is anything a user or an
 * upstream wrote, which every renderer escapes; mentions, channel links and instants are typed so each renderer can
 * show them its own way (a Slack mention and date token, a display name in a report, UTC in a terminal).
 */
export type RichPart =
  | { readonly kind: 'markup'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'user'; readonly id: string }
  | { readonly kind: 'channel'; readonly id: string }
  | { readonly kind: 'time'; readonly at: Date; readonly style: TimeStyle };

/**
 * A message as Shipgate composes it, before it is rendered for Slack, a terminal or a Markdown file. Built with the
 * {@link rich} tag so that interpolated strings are user text by default: escaping is the safe default, and only
 * Shipgate's literal copy and its typed mentions, channels and times carry markup.
 */
export class RichText {
  constructor(readonly parts: readonly RichPart[]) {}

  /** True when the message has no visible content. */
  get isEmpty(): boolean {
    return this.parts.every((p) => (p.kind === 'markup' || p.kind === 'text') && p.text === '');
  }
}

/** What may be placed into a message: user text (a string), a number, or a piece already composed. */
export type RichValue = RichText | string | number;

function partsOf(value: RichValue): readonly RichPart[] {
  if (value instanceof RichText) return value.parts;
  if (typeof value === 'number') return [{ kind: 'markup', text: String(value) }];
  return [{ kind: 'text', text: value }];
}

/**
 * Composes a message: the literal parts of the template are Shipgate's own markup, every interpolated string is user
 * text (escaped wherever it is rendered), numbers are shown as they are, and {@link RichText} values (mentions,
 * channel links, times, other messages) keep their meaning.
 */
export function rich(strings: TemplateStringsArray, ...values: readonly RichValue[]): RichText {
  const parts: RichPart[] = [];
  strings.forEach((literal, i) => {
    if (literal !== '') parts.push({ kind: 'markup', text: literal });
    const value = values[i];
    if (value !== undefined) parts.push(...partsOf(value));
  });
  return new RichText(parts);
}

/** Text a user or an upstream wrote, as a message of its own. */
export function plain(text: string): RichText {
  return new RichText([{ kind: 'text', text }]);
}

/** Shipgate's own copy with its formatting kept (never pass user text here). */
export function markup(text: string): RichText {
  return new RichText([{ kind: 'markup', text }]);
}

/** A person, shown as a mention in Slack and by name elsewhere. */
export function mention(userId: string): RichText {
  return new RichText([{ kind: 'user', id: userId }]);
}

/** A channel, shown as a link in Slack. */
export function channelLink(channelId: string): RichText {
  return new RichText([{ kind: 'channel', id: channelId }]);
}

/** An instant, shown in each reader's own time zone in Slack and in UTC elsewhere. */
export function instant(at: Date, style: TimeStyle = 'datetime'): RichText {
  return new RichText([{ kind: 'time', at, style }]);
}

/** Values joined by a separator of Shipgate's own (`', '`, `' · '`, a line break). */
export function joinRich(values: readonly RichValue[], separator: string): RichText {
  const parts: RichPart[] = [];
  values.forEach((value, i) => {
    if (i > 0 && separator !== '') parts.push({ kind: 'markup', text: separator });
    parts.push(...partsOf(value));
  });
  return new RichText(parts);
}

/** Mentions of several people joined with `or` (`@bob or @frank`), or `fallback` when there is nobody. */
export function mentionList(userIds: readonly string[], fallback: string, separator = ' or '): RichText {
  return userIds.length ? joinRich(userIds.map(mention), separator) : markup(fallback);
}

/** The message as a value: a string becomes user text, a message stays what it is. */
export function toRich(value: RichValue): RichText {
  return value instanceof RichText ? value : new RichText(partsOf(value));
}

/**
 * A channel as the config names it: `#name` is shown as written, a channel id (`C…`, `G…`) as a link, so no reply
 * ever prints a raw id.
 */
export function configuredChannel(nameOrId: string): RichText {
  return /^[CGD][A-Z0-9]{2,}$/.test(nameOrId) ? channelLink(nameOrId) : plain(nameOrId);
}
