import type { Placeholders } from './statement.js';

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
 * `length` placeholders named `<prefix>0`, `<prefix>1` …, for an `IN (…)` list of a statement shaped by
 * {@link paddedLength}.
 */
export function listPlaceholders(p: Placeholders, prefix: string, length: number): never[] {
  return Array.from({ length }, (_, index) => p(`${prefix}${index}`));
}

/**
 * The arguments of a list of {@link listPlaceholders}: each value under its name, the list padded to `length` by
 * repeating its last value (a duplicate in an `IN` list changes nothing).
 */
export function listArgs(
  prefix: string,
  values: readonly unknown[],
  length: number,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  const last = values[values.length - 1];
  for (let index = 0; index < length; index++)
    into[`${prefix}${index}`] = index < values.length ? values[index] : last;
  return into;
}
