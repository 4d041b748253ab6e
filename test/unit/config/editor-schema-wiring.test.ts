import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_SCHEMA_NAMES, CONFIG_SCHEMAS } from '../../../src/core/config/config-json-schema.js';

const repo = resolve(import.meta.dirname, '../../..');
const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;

/** The committed schema file a config YAML belongs to, by what the file holds. */
function schemaFileFor(path: string): string {
  const data = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const name = 'environment' in data ? 'environment' : 'sections' in data ? 'readiness' : 'main';
  return join(repo, 'schema', CONFIG_SCHEMAS[name].file);
}

const configFiles = readdirSync(join(repo, 'config'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.yml'))
  .map((name) => join(repo, 'config', name))
  .sort();

describe('editors with the YAML language server', () => {
  it('find the schema of every config file from its first line, except the chapter’s verbatim policy', () => {
    const withoutModeline = configFiles.filter((path) => !MODELINE.test(readFileSync(path, 'utf8')));
    expect(withoutModeline.map((path) => relative(repo, path))).toEqual([
      'config/environments/production-deployment.yml',
    ]);
    for (const path of configFiles.filter((p) => !withoutModeline.includes(p))) {
      const target = MODELINE.exec(readFileSync(path, 'utf8'))?.[1] ?? '';
      expect(resolve(dirname(path), target), relative(repo, path)).toBe(schemaFileFor(path));
      expect(existsSync(resolve(dirname(path), target))).toBe(true);
    }
  });

  it('map config/environments/*.yml (the chapter’s file too) and the other files through .vscode/settings.json', () => {
    const settings = JSON.parse(readFileSync(join(repo, '.vscode/settings.json'), 'utf8')) as {
      'yaml.schemas': Record<string, string[]>;
    };
    const mapped = settings['yaml.schemas'];
    expect(Object.keys(mapped).sort()).toEqual(
      CONFIG_SCHEMA_NAMES.map((name) => `./schema/${CONFIG_SCHEMAS[name].file}`).sort(),
    );
    for (const schema of Object.keys(mapped)) expect(existsSync(join(repo, schema)), schema).toBe(true);
    expect(mapped['./schema/environment.schema.json']).toContain('config/environments/*.yml');
    expect(mapped['./schema/shipgate.schema.json']).toEqual(
      expect.arrayContaining(['config/shipgate.yml', 'config/shipgate.example.yml']),
    );
    expect(mapped['./schema/readiness-checklist.schema.json']).toContain('config/readiness-checklist.yml');
    const chapter = join(repo, 'config/environments/production-deployment.yml');
    expect(schemaFileFor(chapter)).toBe(join(repo, 'schema/environment.schema.json'));
  });
});
