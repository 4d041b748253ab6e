import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceChecksums } from '../support/source-checksums.js';

const VENDORED = 'src/sandbox/specs/slack';

/** Every file of the vendored folder except its SOURCE, as paths relative to it. */
const vendoredFiles = () =>
  readdirSync(VENDORED, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !(entry.parentPath === VENDORED && entry.name === 'SOURCE'))
    .map((entry) => join(entry.parentPath, entry.name).slice(VENDORED.length + 1))
    .sort();

describe('vendored Slack specs', () => {
  it('hold every method and event spec as valid JSON', () => {
    for (const folder of ['methods', 'events']) {
      const names = readdirSync(join(VENDORED, folder)).filter((f) => f.endsWith('.json'));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const text = readFileSync(join(VENDORED, folder, name), 'utf8');
        expect(() => JSON.parse(text), `${folder}/${name}`).not.toThrow();
      }
    }
  });

  it('are exactly the files their SOURCE lists, each with the SHA-256 recorded there', () => {
    const checksums = sourceChecksums(VENDORED);
    expect(checksums.map((c) => c.path).sort()).toEqual(vendoredFiles());
    expect(checksums.filter((c) => c.actual !== c.recorded)).toEqual([]);
  });
});
