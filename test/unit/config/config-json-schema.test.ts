import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_SCHEMA_NAMES,
  CONFIG_SCHEMAS,
  configJsonSchema,
  configSchemaText,
  type JsonSchema,
} from '../../../src/core/config/config-json-schema.js';
import { committedSchema, schemaValidator } from '../../support/config-schema-validator.js';

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every schema a YAML value can be checked against, with its JSON pointer: followed through properties, mapping
 * entries, list items and union options, but not into the cross-key rules (`if`/`then`, `dependentSchemas`).
 */
function valueSchemas(node: JsonSchema, pointer = '#'): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = [[pointer, node]];
  if (isSchema(node.properties))
    for (const [key, value] of Object.entries(node.properties))
      if (isSchema(value)) found.push(...valueSchemas(value, `${pointer}/properties/${key}`));
  for (const key of ['additionalProperties', 'items'])
    if (isSchema(node[key])) found.push(...valueSchemas(node[key], `${pointer}/${key}`));
  for (const key of ['oneOf', 'anyOf'])
    (Array.isArray(node[key]) ? (node[key] as unknown[]) : []).forEach((option, i) => {
      if (isSchema(option) && isSchema(option.properties))
        found.push(...valueSchemas(option, `${pointer}/${key}/${i}`));
    });
  return found;
}

/** The schemas of the keys a YAML file may write: each object's properties and each mapping's entries. */
function keySchemas(schema: JsonSchema): [string, JsonSchema][] {
  return valueSchemas(schema).filter(
    ([pointer]) => /\/properties\/[^/]+$/.test(pointer) || pointer.endsWith('/additionalProperties'),
  );
}

describe.each(CONFIG_SCHEMA_NAMES)('the %s JSON Schema', (name) => {
  const schema = configJsonSchema(name);

  it(`is committed as schema/${CONFIG_SCHEMAS[name].file}, equal to the one generated from the zod schema`, () => {
    const committed = readFileSync(`schema/${CONFIG_SCHEMAS[name].file}`, 'utf8');
    expect(committed, 'regenerate the files with: npx shipgate schema --write').toBe(configSchemaText(name));
  });

  it('is a titled draft 2020-12 schema with its own $id that ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(new RegExp(`${CONFIG_SCHEMAS[name].file.replaceAll('.', '\\.')}$`));
    expect(schema.title).toBe(CONFIG_SCHEMAS[name].title);
    expect(committedSchema(name)).toEqual(schema);
    expect(() => schemaValidator(name)).not.toThrow();
  });

  it('describes every key', () => {
    const undescribed = keySchemas(schema)
      .filter(([, key]) => typeof key.description !== 'string' || key.description.trim() === '')
      .map(([pointer]) => pointer);
    expect(keySchemas(schema).length).toBeGreaterThan(10);
    expect(undescribed).toEqual([]);
  });

  it('refuses unknown keys in every mapping of fixed keys, as Shipgate does', () => {
    const open = valueSchemas(schema)
      .filter(([, node]) => node.properties !== undefined)
      .filter(([, node]) => node.additionalProperties !== false)
      .map(([pointer]) => pointer);
    expect(open).toEqual([]);
  });

  it('describes the YAML input: no typed value leaks out as an object with ms and text', () => {
    const outputs = valueSchemas(schema).filter(
      ([, node]) =>
        typeof node.properties === 'object' && node.properties !== null && 'ms' in node.properties,
    );
    expect(outputs).toEqual([]);
  });
});

describe('the JSON Schema of a transforming value', () => {
  it('is a string with the pattern of what Shipgate parses (durations, percentages, thresholds, hours)', () => {
    const environment = configJsonSchema('environment') as {
      properties: Record<string, { properties: Record<string, JsonSchema> }>;
    };
    const rollback = environment.properties.rollback?.properties ?? {};
    expect(rollback.timeout).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(configJsonSchema('main')).toMatchObject({
      properties: { timeouts: { default: {}, properties: { slack: { type: 'string', default: '10s' } } } },
    });
  });
});
