import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { GeneratorContext, GeneratorResult } from '../../../src/cli/generator-result.js';
import { newDeployConfig } from '../../../src/cli/new-deploy-config.js';
import { newEnvironment } from '../../../src/cli/new-environment.js';
import { newService } from '../../../src/cli/new-service.js';
import { schemaComment } from '../../../src/cli/schema-comment.js';
import { cliWorkspace, REPO, runCli } from '../../support/cli-workspace.js';
import { schemaValidator } from '../../support/config-schema-validator.js';

const MAIN = 'config/shipgate.example.yml';

/** Runs a generator function in `cwd` the way the CLI does (no SHIPGATE_CONFIG, so the example config). */
function inDir(cwd: string): GeneratorContext {
  return { cwd, env: {}, now: new Date('2026-11-24T10:00:00Z') };
}

function code(result: GeneratorResult) {
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** The schema folder a generated file's modeline points at, resolved from the file's folder. */
function schemaTarget(file: string): string {
  const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
  const match = /^# yaml-language-server: \$schema=(.+)\/environment\.schema\.json$/.exec(first);
  if (!match?.[1]) throw new Error(`no schema modeline in ${file}: ${first}`);
  return resolve(dirname(file), match[1]);
}

/** The main file's text without the `services.<name>` entry (its line and every line indented deeper after it). */
function withoutEntry(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  let end = start + 1;
  while (end < lines.length && /^ {3,}/.test(lines[end] ?? '')) end += 1;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

describe('npx shipgate new environment / service / deploy-config', { timeout: 90_000 }, () => {
  it('writes an environment and a service block into a copy of config/ that config check then accepts', () => {
    const dir = cliWorkspace('new-config');
    const before = read(dir, MAIN);
    const environment = runCli(dir, ['new', 'environment', 'qa', '--strategy', 'canary']);
    expect(environment.stderr).toBe('');
    expect(environment.code).toBe(0);
    expect(environment.stdout).toContain('Wrote config/environments/qa-deployment.yml\n');
    expect(environment.stdout).toContain(
      'config check: OK config/shipgate.example.yml: 3 environments (production, qa, staging)',
    );
    const policyFile = join(dir, 'config/environments/qa-deployment.yml');
    expect(schemaTarget(policyFile)).toBe(join(REPO, 'schema'));
    expect(read(dir, 'config/environments/qa-deployment.yml')).toContain('deployment_strategy: canary');

    const service = runCli(dir, ['new', 'service', 'billing', '--env', 'qa', '--write']);
    expect(service.code).toBe(0);
    expect(service.stdout).toContain('Wrote config/shipgate.example.yml\n');
    expect(service.stdout).toContain('3 services');
    const main = read(dir, MAIN);
    const data = parse(main) as { services: Record<string, { environments: string[] }> };
    const original = parse(before) as { services: Record<string, unknown> };
    expect(Object.keys(data.services)).toEqual([...Object.keys(original.services), 'billing']);
    expect(data.services.billing?.environments).toEqual(['qa']);
    expect(withoutEntry(main, 'billing')).toBe(before);

    const check = runCli(dir, ['config', 'check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(
      /^OK .*shipgate\.example\.yml: 3 environments \(production, qa, staging\), 3 services/,
    );

    // What editors check as you type: the committed JSON Schemas accept both generated files.
    expect(schemaValidator('environment')(parse(read(dir, 'config/environments/qa-deployment.yml')))).toEqual(
      [],
    );
    expect(schemaValidator('main')(data)).toEqual([]);
  });

  it('refuses to overwrite without --force, and overwrites with it', () => {
    const dir = cliWorkspace('new-force');
    expect(newEnvironment('qa', {}, inDir(dir)).exitCode).toBe(0);
    writeFileSync(
      join(dir, 'config/environments/qa-deployment.yml'),
      `${read(dir, 'config/environments/qa-deployment.yml')}# mine\n`,
    );
    const again = code(newEnvironment('qa', {}, inDir(dir)));
    expect(again).toMatchObject({
      code: 1,
      stderr: 'shipgate new: config/environments/qa-deployment.yml exists; pass --force to overwrite it\n',
    });
    expect(read(dir, 'config/environments/qa-deployment.yml')).toContain('# mine');
    expect(newEnvironment('qa', { force: true, approvers: 'team-lead' }, inDir(dir)).exitCode).toBe(0);
    expect(read(dir, 'config/environments/qa-deployment.yml')).not.toContain('# mine');
    expect(parse(read(dir, 'config/environments/qa-deployment.yml')).approval).toEqual({
      required: true,
      approvers: ['team-lead'],
      timeout: '30m',
      escalation_on_timeout: 'engineering-lead',
    });

    expect(newService('billing', { env: 'qa', write: true }, inDir(dir)).exitCode).toBe(0);
    expect(code(newService('billing', { env: 'qa', write: true }, inDir(dir)))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'services.billing is already in config/shipgate.example.yml; pass --force',
      ),
    });
    const replaced = newService('billing', { env: 'qa,staging', write: true, force: true }, inDir(dir));
    expect(replaced.exitCode).toBe(0);
    expect(parse(read(dir, MAIN)).services.billing.environments).toEqual(['qa', 'staging']);
    expect(newEnvironment('production', {}, inDir(dir)).exitCode).toBe(1);
    expect(code(newService('x', { env: 'moon' }, inDir(dir)))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown environment moon (environments: production, qa, staging)'),
    });
  });

  it('writes where --out says, with the schema modeline relative to it, and checks the file on its own', () => {
    const dir = cliWorkspace('new-out');
    const run = runCli(dir, ['new', 'environment', 'perf', '--out', 'elsewhere/deep/perf.yml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'Wrote elsewhere/deep/perf.yml\nconfig check: OK elsewhere/deep/perf.yml: environment perf (rolling, no approval required); roles are checked with the main config\n',
    );
    const file = join(dir, 'elsewhere/deep/perf.yml');
    expect(schemaTarget(file)).toBe(join(REPO, 'schema'));
    expect(read(dir, 'elsewhere/deep/perf.yml').split('\n')[0]).toBe(schemaComment(file, 'environment'));
    expect(existsSync(join(dir, 'config/environments/perf-deployment.yml'))).toBe(false);
  });

  it('prints the service block without --write and leaves the main file alone', () => {
    const dir = cliWorkspace('new-print');
    const before = read(dir, MAIN);
    const run = runCli(dir, ['new', 'service', 'billing', '--env', 'production', '--channel', '#billing']);
    expect(run.code).toBe(0);
    expect(
      run.stdout.startsWith('  billing:\n    channel: "#billing"\n    environments: [production]\n'),
    ).toBe(true);
    expect(run.stderr).toContain(
      'paste this under services: in config/shipgate.example.yml, or run again with --write',
    );
    expect(Object.keys(parse(`services:\n${run.stdout}`).services.billing)).toEqual([
      'channel',
      'environments',
      'deploy',
      'validations',
      'watch',
    ]);
    expect(read(dir, MAIN)).toBe(before);
  });

  it('writes the pair for one service with deploy-config, keeping an existing environment policy', () => {
    const dir = cliWorkspace('new-pair');
    const production = read(dir, 'config/environments/production-deployment.yml');
    const existing = newDeployConfig('shop', { env: 'production' }, inDir(dir));
    expect(existing.exitCode).toBe(0);
    expect(existing.stdout).toContain(
      'Kept config/environments/production-deployment.yml (environment production exists; --force rewrites it)\nWrote config/shipgate.example.yml\n',
    );
    expect(read(dir, 'config/environments/production-deployment.yml')).toBe(production);
    const fresh = newDeployConfig(
      'search',
      { env: 'preprod', strategy: 'blue-green', approvers: 'team-lead' },
      inDir(dir),
    );
    expect(fresh.exitCode).toBe(0);
    expect(fresh.stdout).toContain(
      'Wrote config/environments/preprod-deployment.yml\nWrote config/shipgate.example.yml\n',
    );
    expect(fresh.stdout).toContain('3 environments (preprod, production, staging), 4 services');
    const data = parse(read(dir, MAIN));
    expect(data.services.shop.environments).toEqual(['production']);
    expect(data.services.search.environments).toEqual(['preprod']);
    expect(Object.keys(data.services.search.deploy.steps)).toEqual([
      'deploy',
      'smoke_test',
      'switch_traffic',
      'health_check',
      'document_rollback',
    ]);
    expect(runCli(dir, ['config', 'check']).code).toBe(0);
    expect(
      code(newDeployConfig('other', { env: 'production', strategy: 'canary' }, inDir(dir))),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('environment production already exists'),
    });
  });

  it('takes back what config check would refuse and prints the problems', () => {
    const dir = cliWorkspace('new-refused');
    const data = parse(read(dir, MAIN));
    data.roles.nobody = [];
    writeFileSync(join(dir, MAIN), stringify(data));
    const before = read(dir, MAIN);
    const run = newDeployConfig('billing', { env: 'qa', approvers: 'nobody' }, inDir(dir));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('config check refuses the result, so nothing was written');
    expect(run.stderr).toContain('role "nobody" has no members who can approve');
    expect(existsSync(join(dir, 'config/environments/qa-deployment.yml'))).toBe(false);
    expect(read(dir, MAIN)).toBe(before);
  });
});
