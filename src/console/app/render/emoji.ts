import shortcodes from 'emojibase-data/en/shortcodes/iamcal.json' with { type: 'json' };

/** Slack's shortcodes (iamcal's emoji data, as emojibase ships it) to the emoji they stand for. */
const BY_NAME: ReadonlyMap<string, string> = buildIndex(shortcodes as Record<string, string | string[]>);

function buildIndex(data: Record<string, string | string[]>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [hexcode, names] of Object.entries(data)) {
    const emoji = String.fromCodePoint(...hexcode.split('-').map((part) => Number.parseInt(part, 16)));
    for (const name of typeof names === 'string' ? [names] : names) index.set(name, emoji);
  }
  return index;
}

/** The emoji for a Slack shortcode without colons (`white_check_mark` → ✅), or undefined when unknown. */
export function emojiFor(name: string): string | undefined {
  const base = name.replace(/::skin-tone-\d$/, '');
  return BY_NAME.get(base);
}
