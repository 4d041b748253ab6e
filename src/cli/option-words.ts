/** The words of a comma- or space-separated option value (`--env qa,staging`), without empties; undefined when unset. */
export function optionWords(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(/[\s,]+/).filter((w) => w !== '');
}
