/**
 * `text` cut to at most `max` characters at a word boundary, ending in `…` when cut, so a title never stops in the
 * middle of a number ("limit 0.") or a word; a single word longer than `max` is cut where it must be.
 */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.search(/\s\S*$/);
  const cut = (space > max / 2 ? room.slice(0, space) : room).replace(/[\s,;:(\-–—]+$/, '');
  return `${cut}…`;
}
