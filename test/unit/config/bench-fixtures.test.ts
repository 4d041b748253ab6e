import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../../src/config/check-config-file.js';

/** `npm run bench` is not part of `npm test`, so its configs are checked here: a bench must start on what it loads. */
describe('the benchmark configs', () => {
  const dir = 'test/bench/fixtures';
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

  it('has configs to check', () => {
    expect(files).toContain('shipgate.yml');
  });

  it.each(files)('%s passes config check', (file) => {
    const result = checkConfigFile(join(dir, file));
    expect(result.output).toMatch(/^OK /);
    expect(result.ok).toBe(true);
  });
});
