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
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-agents-config-'));
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
    if (err instanceof ConfigError) return err.problems.map((p) => p.path.join('.'));
    throw err;
  }
  return [];
}

describe('agents in the main config', () => {
  it('allows each agent token 60 requests a minute when the config says nothing', () => {
    expect(loadConfig(configWith('')).config.agents).toEqual({ rate_limit: 60 });
  });

  it('takes agents.rate_limit in requests per minute', () => {
    expect(loadConfig(configWith('agents: { rate_limit: 5 }')).config.agents.rate_limit).toBe(5);
  });

  it('refuses a rate limit that is not a positive whole number, and unknown keys', () => {
    expect(problems(configWith('agents: { rate_limit: 0 }'))).toEqual(['agents.rate_limit']);
    expect(problems(configWith('agents: { rate_limit: 1.5 }'))).toEqual(['agents.rate_limit']);
    expect(problems(configWith('agents: { rate: 5 }'))).toEqual(['agents.rate']);
  });
});
