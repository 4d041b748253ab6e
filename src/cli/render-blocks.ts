/**
 * Slack mrkdwn as a Slack client would show it in a terminal: mentions and channel links as `@U…` and `#C…`, date
 * tokens as their UTC fallback, links as their text, and the escaped `&`, `<`, `>` as themselves.
 */
export function displayMrkdwn(text: string): string {
  return text
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name ?? id}`)
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Turns Block Kit JSON into plain lines for a terminal: sections, fields, context, headers and buttons. */
export function renderBlocks(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  const lines: string[] = [];
  for (const block of blocks as Record<string, unknown>[]) {
    const text = textOf(block.text);
    if (text) lines.push(text);
    if (Array.isArray(block.fields)) lines.push(...block.fields.map(textOf).filter(Boolean));
    if (Array.isArray(block.elements)) {
      const parts = (block.elements as Record<string, unknown>[]).map((e) =>
        e.type === 'button' ? `[${textOf(e.text)}]` : textOf(e.text ?? e),
      );
      lines.push(parts.filter(Boolean).join('  '));
    }
    if (block.type === 'divider') lines.push('────────');
  }
  return lines;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return displayMrkdwn(value);
  if (value && typeof value === 'object' && 'text' in value) {
    const { text, type } = value as { text: unknown; type?: unknown };
    return type === 'plain_text' ? String(text ?? '') : displayMrkdwn(String(text ?? ''));
  }
  return '';
}
