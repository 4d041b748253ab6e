/** Longest piece of a query a reason quotes. */
const QUERY_CHARS = 200;

/** A query for a one-line reason: whitespace runs (a multi-line YAML query) become one space, cut at 200 chars. */
export function quoteQuery(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return `\`${flat.length > QUERY_CHARS ? `${flat.slice(0, QUERY_CHARS)}…` : flat}\``;
}
