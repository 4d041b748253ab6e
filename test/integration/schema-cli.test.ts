import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_NAMES, CONFIG_SCHEMAS } from '../../src/core/config/config-json-schema.js';
import { configReferenceMarkdown } from '../../src/core/config/config-reference.js';

const repo = resolve(import.meta.dirname, '../..');

function cli(args: string[], cwd = repo) {
  const run = spawnSync(join(repo, 'node_modules/.bin/tsx'), [join(repo, 'src/cli.ts'), 'schema', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const committed = (name: (typeof CONFIG_SCHEMA_NAMES)[number]) =>
  readFileSync(join(repo, 'schema', CONFIG_SCHEMAS[name].file), 'utf8');

describe('npx shipgate schema', () => {
  it('prints the main schema by default and the one named otherwise, as committed', () => {
    const main = cli([]);
    expect(main.code).toBe(0);
    expect(main.stdout).toBe(committed('main'));
    const environment = cli(['environment']);
    expect(environment.code).toBe(0);
    expect(environment.stdout).toBe(committed('environment'));
  });

  it('writes all three schema files with --write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-schema-cli-'));
    const run = cli(['--write'], dir);
    expect(run.code).toBe(0);
    expect(readdirSync(join(dir, 'schema')).sort()).toEqual(
      CONFIG_SCHEMA_NAMES.map((name) => CONFIG_SCHEMAS[name].file).sort(),
    );
    for (const name of CONFIG_SCHEMA_NAMES)
      expect(readFileSync(join(dir, 'schema', CONFIG_SCHEMAS[name].file), 'utf8')).toBe(committed(name));
    expect(run.stdout).toBe(
      CONFIG_SCHEMA_NAMES.map((n) => `wrote schema/${CONFIG_SCHEMAS[n].file}\n`).join(''),
    );
  });

  it("prints the README's reference table with --markdown and refuses an unknown name", () => {
    const table = cli(['readiness', '--markdown']);
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(`${configReferenceMarkdown('readiness')}\n`);
    const unknown = cli(['watch']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Allowed choices are main, environment, readiness');
    expect(unknown.stdout).toBe('');
  });
});
