import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { GeneratorTemplates } from '../../src/adapters/templates/generator-templates.js';
import { checkConfigFile } from '../../src/config/check-config-file.js';
import { validateWith } from '../../src/core/config/config-issue.js';
import { checkEnvironmentPolicy } from '../../src/core/config/cross-check-config.js';
import { environmentPolicySchema } from '../../src/core/config/environment-policy-schema.js';
import { readinessChecklistSchema } from '../../src/core/config/readiness-checklist-schema.js';
import { shipgateConfigSchema } from '../../src/core/config/shipgate-config-schema.js';
import { expandSnippet } from '../support/snippet-text.js';

interface Snippet {
  readonly scope: string;
  readonly prefix: string | string[];
  readonly description: string;
  readonly body: string[];
}

const FILE = resolve('.vscode/shipgate.code-snippets');
const snippets = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Snippet>;
const VARIABLES = { CURRENT_YEAR: '2026', CURRENT_MONTH: '11', CURRENT_DATE: '24' };

/** A snippet as the editor inserts it with every tab stop at its default. */
function expanded(name: string): string {
  const snippet = snippets[name];
  if (!snippet) throw new Error(`no snippet "${name}" in ${FILE}`);
  return expandSnippet(snippet.body.join('\n'), VARIABLES);
}

/** The document's headings with their values (an incident id, a version, a date) masked, to compare structure. */
function headings(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/INC-\S+|\[[^\]]*\]|\d{4}-\d{2}-\d{2}/g, '…'));
}

/** A temp copy of config/ whose main file is the example with `edit` applied to its data. */
function exampleWith(edit: (data: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-snippets-'));
  cpSync(resolve('config'), dir, { recursive: true });
  const main = join(dir, 'shipgate.example.yml');
  const data = parse(readFileSync(main, 'utf8')) as Record<string, unknown>;
  edit(data);
  writeFileSync(main, stringify(data));
  return main;
}

describe('.vscode/shipgate.code-snippets', () => {
  it('is strict JSON with the chapter 7.2 snippets and the config fragments, each scoped and described', () => {
    expect(Object.keys(snippets).sort()).toEqual([
      'Incident Report',
      'Production Deployment Config',
      'Readiness Checklist Check',
      'Readiness Checklist Item',
      'Release Notes',
      'Shipgate Service',
      'Shipgate Severity',
    ]);
    for (const [name, snippet] of Object.entries(snippets)) {
      expect(['yaml', 'markdown'], name).toContain(snippet.scope);
      expect(snippet.description.length, name).toBeGreaterThan(10);
      expect(snippet.body.length, name).toBeGreaterThan(0);
    }
    const prefixes = Object.values(snippets).flatMap((s) =>
      Array.isArray(s.prefix) ? s.prefix : [s.prefix],
    );
    expect(prefixes).toEqual(expect.arrayContaining(['deploy-config', 'incident-report', 'release-notes']));
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('expands the production deployment config into the chapter 3.4 file, which config check accepts', () => {
    const text = expanded('Production Deployment Config');
    expect(text.split('\n')[0]).toBe('# Production Deployment Configuration');
    const policy = validateWith(environmentPolicySchema, parse(text));
    if (!policy.ok) throw new Error(JSON.stringify(policy.issues));
    expect(checkEnvironmentPolicy(policy.value)).toEqual([]);
    const chapter = validateWith(
      environmentPolicySchema,
      parse(readFileSync('config/environments/production-deployment.yml', 'utf8')),
    );
    expect(chapter.ok && policy.value).toEqual(chapter.ok && chapter.value);
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-snippet-env-'));
    writeFileSync(join(dir, 'production-deployment.yml'), text);
    expect(checkConfigFile(join(dir, 'production-deployment.yml'))).toMatchObject({ ok: true, exitCode: 0 });
  });

  it('expands the service block into a services entry the example config accepts with every cross-check', () => {
    const block = parse(expanded('Shipgate Service')) as Record<string, unknown>;
    expect(Object.keys(block)).toEqual(['billing']);
    const main = exampleWith((data) => {
      data.services = { ...(data.services as object), ...block };
    });
    const schema = shipgateConfigSchema.safeParse(parse(readFileSync(main, 'utf8')));
    expect(schema.success).toBe(true);
    const check = checkConfigFile(main);
    expect(check.output).toContain('3 services');
    expect(check).toMatchObject({ ok: true, exitCode: 0 });
  });

  it('expands the severity into an incidents.severities entry the example config accepts', () => {
    const entry = parse(expanded('Shipgate Severity')) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['SEV-1']);
    const main = exampleWith((data) => {
      const incidents = data.incidents as { severities: Record<string, unknown> };
      incidents.severities = { ...incidents.severities, ...entry };
    });
    expect(checkConfigFile(main)).toMatchObject({ ok: true, exitCode: 0 });
  });

  it.each(['Readiness Checklist Item', 'Readiness Checklist Check'])(
    'expands "%s" into an item the configured checklist accepts',
    (name) => {
      const items = parse(expanded(name)) as unknown[];
      expect(items).toHaveLength(1);
      const checklist = parse(readFileSync('config/readiness-checklist.yml', 'utf8')) as {
        sections: { items: unknown[] }[];
      };
      checklist.sections[0]?.items.push(...items);
      expect(readinessChecklistSchema.safeParse(checklist).success).toBe(true);
      const main = exampleWith(() => undefined);
      writeFileSync(join(main, '..', 'readiness-checklist.yml'), stringify(checklist));
      expect(checkConfigFile(main)).toMatchObject({ ok: true, exitCode: 0 });
    },
  );

  it('has the incident report and release notes with the sections of their templates', () => {
    const templates = new GeneratorTemplates();
    expect(headings(expanded('Incident Report'))).toEqual(headings(templates.blankIncidentReport()));
    expect(headings(expanded('Release Notes'))).toEqual(
      headings(templates.blankReleaseNotes('2.5.4', new Date('2026-11-24T00:00:00Z'), 'none')),
    );
    expect(expanded('Release Notes').split('\n')[0]).toBe('## [2.5.4] - 2026-11-24');
  });
});
