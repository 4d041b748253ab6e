import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigProblem } from '../../../src/config/config-problem.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { resolveConfigPath } from '../../../src/config/resolve-config-path.js';

const repo = resolve(import.meta.dirname, '../../..');
const fixtures = resolve(repo, 'test/fixtures/config');
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-config-'));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function problemsOf(path: string): readonly ConfigProblem[] {
  try {
    loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`${path} loaded, but it should have been refused`);
}

/** A main config in a temp dir: the valid fixture with `edit` applied, using the fixture environments. */
function tempConfig(edit: (text: string) => string): string {
  const dir = tempDir();
  const text = readFileSync(join(fixtures, 'valid.yml'), 'utf8').replace(
    'environments_dir: environments',
    `environments_dir: ${join(fixtures, 'environments')}`,
  );
  const path = join(dir, 'shipgate.yml');
  writeFileSync(path, edit(text));
  return path;
}

describe('loadConfig', () => {
  it('loads the example config with both environment policies and typed values', () => {
    const loaded = loadConfig(join(repo, 'config/shipgate.example.yml'));
    expect(loaded.path).toBe(join(repo, 'config/shipgate.example.yml'));
    expect([...loaded.environments.keys()]).toEqual(['production', 'staging']);
    expect(loaded.environmentFiles.get('production')).toBe(
      join(repo, 'config/environments/production-deployment.yml'),
    );
    expect(loaded.environments.get('production')?.approval.timeout?.ms).toBe(30 * 60_000);
    const { config } = loaded;
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.roles['team-lead']).toEqual(['U0BOB', 'U0FRANK']);
    expect(config.bump_approvers).toEqual({
      major: 'engineering-lead',
      minor: 'team-lead',
      patch: 'on-call-engineer',
    });
    expect(config.incidents.severities['SEV-1']).toMatchObject({
      respond_within: { ms: 15 * 60_000 },
      page: true,
    });
    expect(config.incidents.severities['SEV-4'].update_every).toBeUndefined();
    expect(config.incidents.review_within.ms).toBe(48 * 3_600_000);
    expect(config.change_calendar.major_events).toEqual([
      { name: 'Black Friday', from: '2026-11-27', to: '2026-11-30' },
    ]);
    expect(config.paging?.pagerduty?.routing_key_env).toBe('PAGERDUTY_ROUTING_KEY');
  });

  it.each([
    {
      fixture: 'role-without-members.yml',
      file: 'environments/production.yml',
      keyPath: 'approval.approvers[1]',
      line: 11,
      message: /^role "on-call-engineer" has no members who can approve/,
    },
    {
      fixture: 'roles-not-distinct.yml',
      file: 'environments/production.yml',
      keyPath: 'approval.approvers',
      line: 9,
      message:
        /^roles team-lead, on-call-engineer cannot be filled by distinct people: between them they have only U0BOB/,
    },
    {
      fixture: 'unknown-environment.yml',
      file: 'unknown-environment.yml',
      keyPath: 'services.payments.environments[1]',
      line: 41,
      message: /^unknown environment "prod"/,
    },
    {
      fixture: 'unknown-severity-role.yml',
      file: 'unknown-severity-role.yml',
      keyPath: 'incidents.severities.SEV-1.escalate_to[1]',
      line: 52,
      message: /^unknown role "cfo"/,
    },
    {
      fixture: 'broken-environments.yml',
      file: 'bad-environments/bad-duration.yml',
      keyPath: 'approval.timeout',
      line: 12,
      message: /^expected a duration such as 30m, got "thirty minutes"$/,
    },
  ])(
    'refuses $fixture with the file, key path and line of the problem',
    ({ fixture, file, keyPath, line, message }) => {
      const problems = problemsOf(join(fixtures, fixture));
      expect(problems).toContainEqual(
        expect.objectContaining({
          file: join(fixtures, file),
          keyPath,
          line,
          message: expect.stringMatching(message),
        }),
      );
    },
  );

  it('reports every problem of a file, not just the first, in line order', () => {
    const problems = problemsOf(join(fixtures, 'bad-main-values.yml'));
    expect(problems.map((p) => [p.keyPath, p.line])).toEqual([
      ['slack_token', 3],
      ['roles.release-manager[0]', 14],
    ]);
  });

  it('points a missing key at its parent key, and a missing top-level key at no line', () => {
    const path = tempConfig((text) =>
      text.replace('  review_within: 48h\n', '').replace('timezone: Europe/Berlin\n', ''),
    );
    expect(problemsOf(path).map((p) => [p.keyPath, p.line, p.message])).toEqual([
      ['incidents.review_within', 47, 'missing; expected a duration such as 30m'],
      ['timezone', undefined, 'missing; expected an IANA time zone such as Europe/Berlin'],
    ]);
  });

  it('refuses a holiday country or state that date-holidays does not know', () => {
    const country = tempConfig((text) =>
      text.replace('holidays: { country: DE }', 'holidays: { country: XX }'),
    );
    expect(problemsOf(country)).toEqual([expect.objectContaining({ keyPath: 'holidays.country', line: 3 })]);
    const state = tempConfig((text) =>
      text.replace('holidays: { country: DE }', 'holidays: { country: DE, state: ZZ }'),
    );
    expect(problemsOf(state)[0]?.message).toMatch(/^unknown state "ZZ" for DE \(states: BB, BE/);
    const bavaria = tempConfig((text) =>
      text.replace('holidays: { country: DE }', 'holidays: { country: DE, state: BY }'),
    );
    expect(loadConfig(bavaria).config.holidays).toEqual({ country: 'DE', state: 'BY' });
  });

  it('refuses a missing environments folder and two files for the same environment', () => {
    const missing = tempConfig((text) => text.replace(/environments_dir: .*/, 'environments_dir: nowhere'));
    expect(problemsOf(missing)).toEqual([
      expect.objectContaining({
        keyPath: 'environments_dir',
        line: 4,
        message: expect.stringMatching(/^cannot read the environments folder/),
      }),
    ]);

    const dir = tempDir();
    mkdirSync(join(dir, 'environments'));
    const production = readFileSync(join(fixtures, 'environments/production.yml'), 'utf8');
    writeFileSync(join(dir, 'environments/a-production.yml'), production);
    writeFileSync(join(dir, 'environments/b-production.yml'), production);
    writeFileSync(join(dir, 'shipgate.yml'), readFileSync(join(fixtures, 'valid.yml'), 'utf8'));
    expect(problemsOf(join(dir, 'shipgate.yml'))).toContainEqual(
      expect.objectContaining({
        file: join(dir, 'environments/b-production.yml'),
        keyPath: 'environment',
        line: 3,
        message: 'environment "production" is already defined in a-production.yml',
      }),
    );
  });

  it('throws a ConfigError whose message lists the located problems', () => {
    expect(() => loadConfig(join(fixtures, 'unknown-environment.yml'))).toThrow(
      /services\.payments\.environments\[1\] \(line 41\): unknown environment "prod"/,
    );
  });
});

describe('resolveConfigPath', () => {
  it('prefers SHIPGATE_CONFIG, resolved from the working directory', () => {
    expect(resolveConfigPath({ SHIPGATE_CONFIG: 'ops/shipgate.yml' }, '/srv/app')).toBe(
      '/srv/app/ops/shipgate.yml',
    );
    expect(resolveConfigPath({ SHIPGATE_CONFIG: '/etc/shipgate.yml' }, '/srv/app')).toBe('/etc/shipgate.yml');
  });

  it('uses config/shipgate.yml when it exists, else the example', () => {
    const dir = tempDir();
    expect(resolveConfigPath({}, dir)).toBe(join(dir, 'config/shipgate.example.yml'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/shipgate.yml'), 'timezone: UTC\n');
    expect(resolveConfigPath({ SHIPGATE_CONFIG: '' }, dir)).toBe(join(dir, 'config/shipgate.yml'));
  });
});
