import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CONFIG_SCHEMAS, type ConfigSchemaName } from '../../src/core/config/config-json-schema.js';

const repo = join(import.meta.dirname, '../..');

/** The committed schema file `schema/<file>` of a config file, parsed. */
export function committedSchema(name: ConfigSchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repo, 'schema', CONFIG_SCHEMAS[name].file), 'utf8'));
}

/**
 * A strict draft 2020-12 validator (ajv, with its formats) compiled from the committed schema, the way an editor
 * with the YAML language server reads it; it returns every refusal, none when the data is valid. `strictRequired`
 * is off because the "exactly one of" branches (`oneOf: [{ required: [command] }, …]`) name keys defined beside them.
 */
export function schemaValidator(name: ConfigSchemaName): (data: unknown) => ErrorObject[] {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats.default(ajv);
  const validate: ValidateFunction = ajv.compile(committedSchema(name));
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}
