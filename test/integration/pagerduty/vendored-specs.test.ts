import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const VENDORED = 'src/sandbox/pagerduty/specs';
const SHARED = '/work/shared/specs/pagerduty';

describe('vendored PagerDuty specs', () => {
  it('hold the Events API v2 spec byte for byte as the shared copy (when present) and a served subset', () => {
    const text = readFileSync(`${VENDORED}/events-v2-openapiv3.json`, 'utf8');
    expect(Object.keys(JSON.parse(text).paths)).toContain('/enqueue');
    if (existsSync(`${SHARED}/events-v2-openapiv3.json`)) {
      expect(text).toBe(readFileSync(`${SHARED}/events-v2-openapiv3.json`, 'utf8'));
    }
    const subset = JSON.parse(readFileSync(`${VENDORED}/rest-openapiv3.subset.json`, 'utf8'));
    expect(Object.keys(subset.paths).sort()).toEqual(['/oncalls', '/users', '/users/{id}']);
    expect(subset.components.parameters.header_Authorization.schema.pattern).toBe(
      '^(Token token=[A-Za-z0-9]+|Bearer [A-Za-z0-9]+)$',
    );
  });

  it.runIf(existsSync(`${SHARED}/rest-openapiv3.json`))(
    'hold exactly the REST subset that extract-subset.mjs produces from the shared full spec',
    () => {
      const produced = execFileSync(
        process.execPath,
        [`${VENDORED}/extract-subset.mjs`, `${SHARED}/rest-openapiv3.json`],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      expect(readFileSync(`${VENDORED}/rest-openapiv3.subset.json`, 'utf8')).toBe(produced);
    },
  );
});
