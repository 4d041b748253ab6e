import { formatIncidentId, parseIncidentId } from './incident-id.js';

/** Slack's longest channel name (conversations.create, "Naming"). */
export const CHANNEL_NAME_MAX = 80;

/** What Slack accepts as a channel name: lowercase letters, digits, `-` and `_`, at most 80 characters. */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;

/** Latin letters that Unicode decomposition does not split into a base letter and accents. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
};

/** Cuts a slug to `max` characters at the last `-` that fits; a single word longer than `max` is cut hard. */
function cutOnWord(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  if (max <= 0) return '';
  const boundary = slug.slice(0, max + 1).lastIndexOf('-');
  return slug.slice(0, boundary > 0 ? boundary : max).replace(/-+$/, '');
}

/**
 * A title as a channel-name fragment: accents folded to ASCII (`Zahlungsausfall – Café` → `zahlungsausfall-cafe`),
 * lowercase, every run of other characters (spaces, punctuation, `_`, emoji, non-Latin scripts) turned into one
 * `-`, no `-` at either end, then cut to `maxLength` on a word boundary. May be empty (`"!!!"`, `"支付"`).
 */
export function slugify(title: string, maxLength: number = CHANNEL_NAME_MAX): string {
  const folded = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøđðþłıħ]/g, (letter) => LETTERS[letter] ?? letter);
  const slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cutOnWord(slug, maxLength);
}

/**
 * The Slack channel for an incident: `inc-2026-0007-checkout-down`. `attempt` counts earlier `name_taken` answers:
 * 0 gives the plain name, 1 appends `-2`, 2 appends `-3`… The title is shortened (on a word boundary) so the id and
 * suffix always fit in 80 characters; a title with nothing usable gives `inc-2026-0007` (plus the suffix). The
 * result always satisfies {@link CHANNEL_NAME_PATTERN}. Throws for an id that is not `INC-YYYY-NNNN` or an attempt
 * that is not a whole number ≥ 0.
 */
export function incidentChannelName(id: string, title: string, attempt = 0): string {
  const parts = parseIncidentId(id);
  if (!parts) throw new RangeError(`not an incident id: ${id}`);
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError(`channel name attempt ${attempt}`);
  const prefix = formatIncidentId(parts.year, parts.sequence).toLowerCase();
  const suffix = attempt === 0 ? '' : `-${attempt + 1}`;
  const slug = slugify(title, CHANNEL_NAME_MAX - prefix.length - 1 - suffix.length);
  return slug === '' ? `${prefix}${suffix}` : `${prefix}-${slug}${suffix}`;
}
