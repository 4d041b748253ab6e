import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-problem.js';
import { loadConfig } from '../../../src/config/load-config.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/config');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The valid fixture config with `extra` appended, in a temp dir. */
function configWith(extra: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-timeouts-'));
  temps.push(dir);
  const text = readFileSync(join(fixtures, 'valid.yml'), 'utf8').replace(
    'environments_dir: environments',
    `environments_dir: ${join(fixtures, 'environments')}`,
  );
  const path = join(dir, 'shipgate.yml');
  writeFileSync(path, `${text}\n${extra}\n`);
  return path;
}

function problems(path: string): string[] {
  try {
    loadConfig(path);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('timeouts in the main config', () => {
  it('gives Slack, PagerDuty and SMTP calls 10 s each when the config says nothing', () => {
    expect(loadConfig(configWith('')).config.timeouts).toEqual({
      slack: { ms: 10_000, text: '10s' },
      pagerduty: { ms: 10_000, text: '10s' },
      email: { ms: 10_000, text: '10s' },
    });
  });

  it('takes each upstream’s timeout as a duration and keeps the default for the other', () => {
    expect(loadConfig(configWith('timeouts: { slack: 3s }')).config.timeouts).toEqual({
      slack: { ms: 3000, text: '3s' },
      pagerduty: { ms: 10_000, text: '10s' },
      email: { ms: 10_000, text: '10s' },
    });
  });

  it('refuses a timeout that is not a duration and an upstream it does not know', () => {
    expect(problems(configWith('timeouts: { pagerduty: soon, deploy: 5m }'))).toEqual([
      'timeouts.pagerduty: expected a duration such as 30m, got "soon"',
      'timeouts.deploy: unknown key "deploy"; expected one of slack, pagerduty, email',
    ]);
  });
});
