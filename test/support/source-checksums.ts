import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One file a vendored folder's `SOURCE` lists, with the SHA-256 recorded there and the one on disk. */
export interface SourceChecksum {
  /** Path relative to the folder holding `SOURCE`. */
  readonly path: string;
  readonly recorded: string;
  /** SHA-256 (hex) of the file as it is now; undefined when the file is missing. */
  readonly actual: string | undefined;
}

/**
 * The checksums the `SOURCE` file of a vendored folder records, in `sha256sum` format (`<hex>  <path>` lines, the
 * rest of the file being free text about provenance), each beside the checksum of the file now on disk.
 */
export function sourceChecksums(dir: string): SourceChecksum[] {
  const lines = readFileSync(join(dir, 'SOURCE'), 'utf8').split('\n');
  return lines.flatMap((line) => {
    const match = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
    if (!match?.[1] || !match[2]) return [];
    const file = join(dir, match[2]);
    const actual = existsSync(file)
      ? createHash('sha256').update(readFileSync(file)).digest('hex')
      : undefined;
    return [{ path: match[2], recorded: match[1], actual }];
  });
}
