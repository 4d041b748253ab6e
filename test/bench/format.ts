/** A number with `digits` decimals, or `n/a` when it is missing or not a number. */
export function fmt(n: number | undefined, digits = 2): string {
  return n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
}

/** A ratio such as `1.13x`. */
export function times(ratio: number): string {
  return `${fmt(ratio)}x`;
}

/** Lines of a table whose columns are as wide as their widest cell: the first left-aligned, the others right. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const cells of rows)
    for (const [i, cell] of cells.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows
    .map((cells) =>
      cells
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
