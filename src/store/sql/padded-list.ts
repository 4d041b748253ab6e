import { listItem } from './statement.js';

/**
 * The length a list of `count` values is padded to for an `IN (…)` list: the next power of two (1, 2, 4, 8 …), so
 * a statement made per list length (with `statementShapes`) has a handful of shapes, not one per length, and each
 * is compiled and prepared once. 0 stays 0 (the caller leaves the condition out: `IN ()` is not SQL).
 */
export function paddedLength(count: number): number {
  if (count <= 0) return 0;
  let length = 1;
  while (length < count) length *= 2;
  return length;
}

/**
 * `length` placeholders for the items of the list given as `name`, for an `IN (…)` list of a statement shaped by
 * {@link paddedLength}; the statement runs with the list itself as `name` (at least one item, at most `length`:
 * a shorter one is padded with its last item).
 */
export function listPlaceholders(name: string, length: number): never[] {
  return Array.from({ length }, (_, index) => listItem(name, index));
}
