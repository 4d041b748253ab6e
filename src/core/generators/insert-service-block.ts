/** The main file's text with the block in place, or why it could not be placed. */
export type InsertedBlock =
  | { readonly ok: true; readonly text: string; readonly replaced: boolean }
  | { readonly ok: false; readonly error: string; readonly exists?: boolean };

const TOP_LEVEL = /^[^\s#]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Puts a `services.<name>` block (`block`: its lines unindented, starting with `<name>:`) into a main config's
 * text without touching anything else, so every comment, anchor and blank line stays as the operator wrote it: after
 * the last line of the `services:` mapping (comments at column 0 before the next top-level key stay with that key),
 * indented like the entries already there (two spaces when there are none). A service of that name is refused, or
 * with `replace` its entry (up to the next line at its indentation or less) is swapped for the block. A `services:`
 * written inline (`services: {}`) or missing is refused with the reason: then the block is pasted by hand.
 */
export function insertServiceBlock(
  text: string,
  name: string,
  block: readonly string[],
  options: { readonly replace: boolean },
): InsertedBlock {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^services:\s*(#.*)?$/.test(line));
  if (start === -1)
    return {
      ok: false,
      error: lines.some((line) => /^services:/.test(line))
        ? 'services: is written inline in the main file; put the block under it by hand'
        : 'the main file has no services: mapping; add one with the block under it',
    };
  let end = lines.findIndex((line, i) => i > start && TOP_LEVEL.test(line));
  if (end === -1) end = lines.length;
  const body = lines.slice(start + 1, end);
  const firstEntry = body.find((line) => /^\s+[^\s#]/.test(line));
  const indent = firstEntry === undefined ? '  ' : ' '.repeat(indentOf(firstEntry));
  const indented = block.map((line) => (line === '' ? line : `${indent}${line}`));
  const entry = new RegExp(
    `^${indent}(${escapeRegExp(name)}|"${escapeRegExp(name)}"|'${escapeRegExp(name)}'):`,
  );
  const at = body.findIndex((line) => entry.test(line));
  if (at !== -1) {
    if (!options.replace)
      return { ok: false, exists: true, error: `services.${name} is already in the main file` };
    let stop = body.findIndex((line, i) => i > at && line.trim() !== '' && indentOf(line) <= indent.length);
    if (stop === -1) stop = body.length;
    while (stop > at + 1 && (body[stop - 1] ?? '').trim() === '') stop -= 1;
    const from = start + 1 + at;
    const next = [...lines.slice(0, from), ...indented, ...lines.slice(start + 1 + stop)];
    return { ok: true, text: next.join('\n'), replaced: true };
  }
  let last = -1;
  body.forEach((line, i) => {
    if (/^\s+\S/.test(line)) last = i;
  });
  const after = start + 1 + last + 1;
  const next = [...lines.slice(0, after), ...indented, ...lines.slice(after)];
  return { ok: true, text: next.join('\n'), replaced: false };
}
