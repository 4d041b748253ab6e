import type { ChangeEntry } from './change-sections.js';

/**
 * A changelog line's words, before any escaping: `BREAKING: ` for a breaking change, the scope, the title with its
 * first letter capitalised, and the references the title does not already hold (`Login timeout on high load (#125)`).
 */
export function entryText(entry: ChangeEntry): string {
  const title = `${entry.title.charAt(0).toUpperCase()}${entry.title.slice(1)}`;
  const missing = entry.references.filter((r) => !new RegExp(`${r}\\b`).test(title));
  const refs = missing.length > 0 ? ` (${missing.join(', ')})` : '';
  const scope = entry.scope ? `${entry.scope}: ` : '';
  return `${entry.breaking ? 'BREAKING: ' : ''}${scope}${title}${refs}`;
}

/** Yes/no as the 4.4 Deployment Notes write it. */
export function yesNo(value: boolean): string {
  return value ? 'YES' : 'NO';
}
