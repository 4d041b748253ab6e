import { z } from 'zod';
import { environmentPolicySchema } from './environment-policy-schema.js';
import { readinessChecklistSchema } from './readiness-checklist-schema.js';
import { shipgateConfigSchema } from './shipgate-config-schema.js';

/** A JSON Schema document or subschema, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** The config files with a JSON Schema, by the name `npx shipgate schema <name>` takes. */
export const CONFIG_SCHEMAS = {
  main: {
    file: 'shipgate.schema.json',
    title: 'Shipgate main configuration',
    description:
      'The main YAML file (config/shipgate.yml, or the file SHIPGATE_CONFIG names): roles, services, incidents and the settings shared by every environment.',
    schema: shipgateConfigSchema,
  },
  environment: {
    file: 'environment.schema.json',
    title: 'Shipgate environment policy',
    description:
      "One environment policy (config/environments/*.yml), in the format of the chapter's production-deployment.yml (section 3.4).",
    schema: environmentPolicySchema,
  },
  readiness: {
    file: 'readiness-checklist.schema.json',
    title: 'Shipgate production readiness checklist',
    description:
      "The production readiness checklist (config/readiness-checklist.yml, the main file's readiness.checklist): the chapter's 5.1 items in sections.",
    schema: readinessChecklistSchema,
  },
} as const;

/** The name of a config file with a JSON Schema. */
export type ConfigSchemaName = keyof typeof CONFIG_SCHEMAS;

/** The schema names in the order they are listed and written. */
export const CONFIG_SCHEMA_NAMES = Object.keys(CONFIG_SCHEMAS) as ConfigSchemaName[];

/** The `$id` of a committed schema; a URN, since the schemas are read from the repository, never fetched. */
export function configSchemaId(name: ConfigSchemaName): string {
  return `urn:shipgate:schema:${CONFIG_SCHEMAS[name].file}`;
}

/**
 * The JSON Schema (draft 2020-12) of a config file as it is written in YAML: zod's input side, so durations,
 * percentages and the like are strings with a `pattern`, unknown keys are refused (`additionalProperties: false`)
 * and every key carries the description the README's configuration reference is generated from.
 */
export function configJsonSchema(name: ConfigSchemaName): JsonSchema {
  const { title, description, schema } = CONFIG_SCHEMAS[name];
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => keepInputDefault(zodSchema, jsonSchema),
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return ordered({ $schema, $id: configSchemaId(name), title, description, ...rest });
}

/**
 * zod drops the `default` of a schema that transforms (it describes the output); a default that is also a valid
 * input meaning the same thing (`[]`, `{}`) is put back, so editors and the reference show it.
 */
function keepInputDefault(zodSchema: z.core.$ZodTypes, jsonSchema: JsonSchema): void {
  const def = zodSchema._zod.def;
  if (def.type !== 'default' || 'default' in jsonSchema) return;
  const value: unknown = def.defaultValue;
  const parsed = z.safeParse(def.innerType, value);
  if (parsed.success && JSON.stringify(parsed.data) === JSON.stringify(value)) jsonSchema.default = value;
}

const FIRST_KEYS = ['$schema', '$id', 'title', 'description', 'type', 'default'];
const LAST_KEYS = ['oneOf', 'dependentSchemas', 'if', 'then'];
const SCHEMA_KEYS = ['items', 'additionalProperties', 'propertyNames', 'if', 'then', 'else', 'not'];
const SCHEMA_LIST_KEYS = ['oneOf', 'anyOf', 'allOf'];
const SCHEMA_MAP_KEYS = ['properties', 'dependentSchemas'];

/** The same schema with the keys people look for first (title, description, type, default) at the top, cross-key rules last. */
function ordered(node: unknown): JsonSchema {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node as JsonSchema;
  const source = node as JsonSchema;
  const keys = [
    ...FIRST_KEYS.filter((k) => k in source),
    ...Object.keys(source).filter((k) => !FIRST_KEYS.includes(k) && !LAST_KEYS.includes(k)),
    ...LAST_KEYS.filter((k) => k in source),
  ];
  const result: JsonSchema = {};
  for (const key of keys) {
    const value = source[key];
    if (SCHEMA_KEYS.includes(key)) result[key] = ordered(value);
    else if (SCHEMA_LIST_KEYS.includes(key) && Array.isArray(value)) result[key] = value.map(ordered);
    else if (SCHEMA_MAP_KEYS.includes(key) && typeof value === 'object' && value !== null)
      result[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ordered(v)]));
    else result[key] = value;
  }
  return result;
}

/** The text of a committed schema file (`schema/<file>`): the JSON Schema indented by two spaces, ending in a newline. */
export function configSchemaText(name: ConfigSchemaName): string {
  return `${JSON.stringify(configJsonSchema(name), null, 2)}\n`;
}
