import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const VENDORED = 'src/sandbox/specs/slack';
const SHARED = '../shared/specs/slack';

describe('vendored Slack specs', () => {
  it('hold every method and event spec as valid JSON, identical to the shared copy where one exists', () => {
    for (const folder of ['methods', 'events']) {
      const names = readdirSync(join(VENDORED, folder)).filter((f) => f.endsWith('.json'));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const text = readFileSync(join(VENDORED, folder, name), 'utf8');
        expect(() => JSON.parse(text)).not.toThrow();
        const shared = join(SHARED, folder, name);
        if (existsSync(shared)) expect(text, `${folder}/${name}`).toBe(readFileSync(shared, 'utf8'));
      }
      if (existsSync(join(SHARED, folder))) {
        expect(names.sort()).toEqual(
          readdirSync(join(SHARED, folder))
            .filter((f) => f.endsWith('.json'))
            .sort(),
        );
      }
    }
  });
});
