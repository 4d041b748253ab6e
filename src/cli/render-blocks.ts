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
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'text' in value)
    return String((value as { text: unknown }).text ?? '');
  return '';
}
