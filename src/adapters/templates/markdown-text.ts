import { formatUtc, SHIPGATE_NAME } from '../../core/text/plain-text.js';
import type { RichText } from '../../core/text/rich-text.js';

function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/**
 * Makes text safe for one cell of a GitHub-flavoured Markdown table: backslashes and `|` are escaped so they
 * cannot end the cell, and line breaks become `<br>` so the row stays on one line.
 */
export function markdownCell(text: string): string {
  return normaliseLineEnds(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n+/g, '<br>');
}

/** Puts text on one line (every run of whitespace becomes one space), for `- Label: value` lines. */
export function markdownInline(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Keeps a multi-line bullet inside its list item: continuation lines are indented by two spaces and blank lines
 * dropped, so a second line cannot start a new paragraph or heading outside the list.
 */
export function markdownListItem(text: string): string {
  return normaliseLineEnds(text)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => (index === 0 ? line : `  ${line.trim()}`))
    .join('\n');
}

/**
 * A free-text section (root cause, impact, resolution) is kept as the author's own Markdown, only trimmed and with
 * Windows line ends normalised; empty text becomes `fallback` so the section never looks accidentally blank.
 */
export function markdownBlock(text: string, fallback: string): string {
  const block = normaliseLineEnds(text);
  return block === '' ? fallback : block;
}

/**
 * Makes text someone wrote inert in Markdown: `&`, `<` and `>` become entities (no raw HTML, no `<https://…>`
 * autolinks) and so do `[` and `]` (no link whose text disguises where it goes). Emphasis and code stay as typed.
 */
export function markdownText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;');
}

/**
 * A composed message as Markdown: Shipgate's own copy as it is, what people wrote made inert, people by `nameOf`
 * (their names are upstream text too), channels by id and times in UTC.
 */
export function richToMarkdown(message: RichText, nameOf: (userId: string) => string): string {
  return message.parts
    .map((part) => {
      switch (part.kind) {
        case 'markup':
          return part.text;
        case 'text':
          return markdownText(part.text);
        case 'user':
          return markdownText(part.id === 'shipgate' ? SHIPGATE_NAME : nameOf(part.id));
        case 'channel':
          return `#${markdownText(part.id)}`;
        case 'time':
          return formatUtc(part.at, part.style);
        default:
          return '';
      }
    })
    .join('');
}

/** Text as one inline code span: on one line, fenced with more backticks than it holds (so it cannot close early). */
export function markdownCode(text: string): string {
  const inline = markdownInline(text);
  const longest = Math.max(0, ...[...inline.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || inline.startsWith('`') || inline.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inline}${pad}${fence}`;
}

/**
 * Text from the config (checklist items, section names) made inert in Markdown like {@link markdownText}, except that
 * an `&` that starts no entity stays as written (`Code & Configuration`), since it cannot form markup on its own.
 */
export function markdownProse(text: string): string {
  return markdownText(text).replace(/&amp;(?![#a-zA-Z0-9]+;)/g, '&');
}
