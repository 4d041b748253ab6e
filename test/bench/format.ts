/** A number with `digits` decimals, or `n/a` when it is missing or not a number. */
export function fmt(n: number | undefined, digits = 2): string {
  return n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
}

/** A ratio such as `1.13x`. */
export function times(ratio: number): string {
  return `${fmt(ratio)}x`;
}

/** One table line: the first cell padded to `width`, the others tab-separated. */
export function row(first: string, cells: readonly string[], width = 24): string {
  return [first.padEnd(width), ...cells].join('\t');
}
