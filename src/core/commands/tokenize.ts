/** What separates words: any whitespace a reader sees as a space, but not the invisible U+FEFF. */
const SEPARATOR = /[^\S\uFEFF]/;

/** Why a command text could not be split into words. */
export class TokenizeError extends Error {}

/**
 * Splits slash-command text into words the way a shell would: whitespace separates, "double" or 'single' (and
 * Slack's curly “smart” quotes) group, and a quote left open is an error rather than a guess. The zero-width BOM
 * U+FEFF, which JavaScript counts as whitespace, separates nothing: it stays in its word, to be refused there.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: string | undefined;
  for (const ch of text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'")) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (SEPARATOR.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote !== undefined) throw new TokenizeError(`a quote (${quote}) is opened but never closed`);
  if (inToken) tokens.push(current);
  return tokens;
}
