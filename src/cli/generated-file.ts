import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';

/** A file a generator is about to write, with what was there before (to put back when the result is refused). */
export interface PlannedWrite {
  readonly path: string;
  readonly text: string;
  readonly previous: string | undefined;
}

/** A path as the user reads it: relative to `cwd` when it lies inside it, else absolute. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Plans writing `text` to `path`: refused (the reason) when the file exists and `force` is not set, so a generator
 * never overwrites someone's edits unasked.
 */
export function planWrite(path: string, text: string, force: boolean, cwd: string): PlannedWrite | string {
  const exists = existsSync(path);
  if (exists && !force) return `${shownPath(path, cwd)} exists; pass --force to overwrite it`;
  return { path, text, previous: exists ? readFileSync(path, 'utf8') : undefined };
}

/** Writes the planned files (creating their folders). */
export function applyWrites(writes: readonly PlannedWrite[]): void {
  for (const write of writes) {
    mkdirSync(dirname(write.path), { recursive: true });
    writeFileSync(write.path, write.text);
  }
}

/** Puts back what the planned files held before (removing the ones that did not exist). */
export function undoWrites(writes: readonly PlannedWrite[]): void {
  for (const write of [...writes].reverse()) {
    if (write.previous === undefined) rmSync(write.path, { force: true });
    else writeFileSync(write.path, write.previous);
  }
}
