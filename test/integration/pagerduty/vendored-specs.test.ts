import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceChecksums } from '../../support/source-checksums.js';

const VENDORED = 'src/sandbox/pagerduty/specs';

describe('vendored PagerDuty specs', () => {
  it('hold the Events API v2 spec and the served REST subset', () => {
    const events = JSON.parse(readFileSync(`${VENDORED}/events-v2-openapiv3.json`, 'utf8'));
    expect(Object.keys(events.paths)).toContain('/enqueue');
    const subset = JSON.parse(readFileSync(`${VENDORED}/rest-openapiv3.subset.json`, 'utf8'));
    expect(Object.keys(subset.paths).sort()).toEqual(['/oncalls', '/users', '/users/{id}']);
    expect(subset.components.parameters.header_Authorization.schema.pattern).toBe(
      '^(Token token=[A-Za-z0-9]+|Bearer [A-Za-z0-9]+)$',
    );
  });

  it('are the two files their SOURCE lists, each with the SHA-256 recorded there', () => {
    const checksums = sourceChecksums(VENDORED);
    expect(checksums.map((c) => c.path)).toEqual(['events-v2-openapiv3.json', 'rest-openapiv3.subset.json']);
    expect(checksums.filter((c) => c.actual !== c.recorded)).toEqual([]);
  });

  it('hold a REST subset that is closed under extract-subset.mjs: every reference resolves, nothing is extra', () => {
    const produced = execFileSync(
      process.execPath,
      [`${VENDORED}/extract-subset.mjs`, `${VENDORED}/rest-openapiv3.subset.json`],
      { encoding: 'utf8' },
    );
    expect(produced).toBe(readFileSync(`${VENDORED}/rest-openapiv3.subset.json`, 'utf8'));
  });
});
