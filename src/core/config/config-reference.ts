import { type ConfigSchemaName, configJsonSchema, type JsonSchema } from './config-json-schema.js';

/** One row of the configuration reference: a key path, what it defaults to (or that it is required) and its meaning. */
export interface ConfigReferenceRow {
  readonly key: string;
  readonly default: string;
  readonly meaning: string;
}

/**
 * Every key of a config file, parents before children, from its JSON Schema: `services.<service>.channel` for a
 * mapping's entries (named by the key schema's title), `[]` for list items, the options of a union merged (a key
 * only some options have says which: "(`adapter: http`) …"), and sibling keys with the same schema (`SEV-1` …
 * `SEV-4`) written once as `SEV-1…SEV-4`.
 */
export function configReferenceRows(name: ConfigSchemaName): ConfigReferenceRow[] {
  const rows: ConfigReferenceRow[] = [];
  const seen = new Set<string>();
  const add = (key: string, node: JsonSchema, required: boolean, note = '') => {
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({
      key,
      default: defaultOf(node, required),
      meaning: `${note}${String(node.description ?? '')}`,
    });
  };
  /** `shared`: for a union option, the keys every option has (the others get the option's note). */
  const walk = (node: JsonSchema, path: string, shared?: ReadonlySet<string>) => {
    for (const { label, schema, required } of groupedProperties(node)) {
      const key = `${path}${label}`;
      add(key, schema, required, shared === undefined || shared.has(label) ? '' : variantNote(node));
      walk(schema, `${key}.`);
    }
    const entry = node.additionalProperties;
    if (isSchema(entry)) {
      const names = isSchema(node.propertyNames) ? node.propertyNames.title : undefined;
      const key = `${path}<${typeof names === 'string' ? names : 'name'}>`;
      add(key, entry, false);
      walk(entry, `${key}.`);
    }
    if (isSchema(node.items)) walk(node.items, `${path.replace(/\.$/, '')}[].`);
    const options = [node.oneOf, node.anyOf]
      .flat()
      .filter(isSchema)
      .filter((o) => isSchema(o.properties));
    const keySets = options.map((o) => new Set(Object.keys(o.properties as JsonSchema)));
    const common = new Set([...(keySets[0] ?? [])].filter((key) => keySets.every((set) => set.has(key))));
    for (const option of options) walk(option, path, common);
  };
  walk(configJsonSchema(name), '');
  return rows;
}

/** The configuration reference of a config file as a Markdown table (the README's copy is kept equal by a test). */
export function configReferenceMarkdown(name: ConfigSchemaName): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| key | default | meaning |',
    '|---|---|---|',
    ...configReferenceRows(name).map(
      (row) => `| \`${cell(row.key)}\` | ${cell(row.default)} | ${cell(row.meaning)} |`,
    ),
  ].join('\n');
}

/** "(`adapter: http`) " for a union option told apart by a constant key. */
function variantNote(option: JsonSchema): string {
  const properties = isSchema(option.properties) ? option.properties : {};
  for (const [key, schema] of Object.entries(properties))
    if (isSchema(schema) && 'const' in schema) return `(\`${key}: ${String(schema.const)}\`) `;
  return '';
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object's properties, runs of siblings with identical schemas folded into one `first…last` label. */
function groupedProperties(node: JsonSchema): { label: string; schema: JsonSchema; required: boolean }[] {
  if (!isSchema(node.properties)) return [];
  const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
  const groups: { names: string[]; schema: JsonSchema; required: boolean }[] = [];
  for (const [name, schema] of Object.entries(node.properties)) {
    if (!isSchema(schema)) continue;
    const last = groups.at(-1);
    const isRequired = required.includes(name);
    if (last && last.required === isRequired && JSON.stringify(last.schema) === JSON.stringify(schema))
      last.names.push(name);
    else groups.push({ names: [name], schema, required: isRequired });
  }
  return groups.map(({ names, schema, required: isRequired }) => ({
    label: names.length === 1 ? (names[0] ?? '') : `${names[0]}…${names.at(-1)}`,
    schema,
    required: isRequired,
  }));
}

function defaultOf(node: JsonSchema, required: boolean): string {
  if ('default' in node) return `\`${flowYaml(node.default)}\``;
  return required ? 'required' : '';
}

/** A default value the way the example files write it: `[production]`, `{}`, `10s`. */
function flowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (isSchema(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${flowYaml(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}
