import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The vendored subset of PagerDuty's REST OpenAPI document (see `specs/README.md`). */
export const DEFAULT_REST_SPEC_PATH = fileURLToPath(
  new URL('./specs/rest-openapiv3.subset.json', import.meta.url),
);

/** How one query parameter of an operation is written and checked, read from its OpenAPI parameter object. */
export interface QueryParamRule {
  readonly name: string;
  /** `integer`, `boolean`, `date-time`, `tzinfo` or `string` (from `schema.type`/`schema.format`). */
  readonly kind: 'string' | 'integer' | 'boolean' | 'date-time' | 'tzinfo';
  /** True for `name[]` parameters, which may be repeated (`explode: true`). */
  readonly repeated: boolean;
  readonly enumValues: readonly string[] | undefined;
}

/** What the stand-in checks on a request to one operation. */
export interface OperationRules {
  readonly operationId: string;
  readonly query: ReadonlyMap<string, QueryParamRule>;
  /** The `Accept` value PagerDuty expects (`header_Accept` default): `application/vnd.pagerduty+json;version=2`. */
  readonly accept: string;
  /** Allowed `Content-Type` media types (`header_Content-Type` enum). */
  readonly contentTypes: readonly string[];
}

/** The parts of the REST spec the stand-in enforces. */
export interface RestSpec {
  /** `header_Authorization` schema pattern: `^(Token token=[A-Za-z0-9]+|Bearer [A-Za-z0-9]+)$`. */
  readonly authPattern: RegExp;
  /** Path templates served, e.g. `/users/{id}`. */
  readonly paths: readonly string[];
  operation(method: string, pathTemplate: string): OperationRules | undefined;
}

type Json = Record<string, unknown>;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

function asObject(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`PagerDuty spec: ${where} is not an object`);
  }
  return value as Json;
}

/** Follows a local `$ref` (`#/components/...`, JSON-pointer escaped) until a non-reference object is reached. */
function deref(doc: Json, node: unknown, where: string): Json {
  let current = asObject(node, where);
  for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
    if (hops > 20) throw new Error(`PagerDuty spec: $ref loop at ${where}`);
    const pointer = current.$ref as string;
    let target: unknown = doc;
    for (const raw of pointer.replace(/^#\//, '').split('/')) {
      const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = asObject(target, pointer)[part];
    }
    current = asObject(target, pointer);
  }
  return current;
}

function queryRule(param: Json): QueryParamRule {
  const name = String(param.name);
  const schema = (param.schema ?? {}) as Json;
  const items = (schema.items ?? {}) as Json;
  const leaf = schema.type === 'array' ? items : schema;
  const enumValues = Array.isArray(leaf.enum) ? leaf.enum.map(String) : undefined;
  let kind: QueryParamRule['kind'] = 'string';
  if (leaf.type === 'integer') kind = 'integer';
  else if (leaf.type === 'boolean') kind = 'boolean';
  else if (leaf.format === 'date-time') kind = 'date-time';
  else if (leaf.format === 'tzinfo') kind = 'tzinfo';
  return { name, kind, repeated: name.endsWith('[]') || schema.type === 'array', enumValues };
}

function operationRules(doc: Json, op: Json, where: string): OperationRules {
  const query = new Map<string, QueryParamRule>();
  let accept = 'application/vnd.pagerduty+json;version=2';
  let contentTypes: readonly string[] = ['application/json'];
  for (const [i, raw] of ((op.parameters ?? []) as unknown[]).entries()) {
    const param = deref(doc, raw, `${where} parameter ${i}`);
    const schema = (param.schema ?? {}) as Json;
    if (param.in === 'query') query.set(String(param.name), queryRule(param));
    else if (param.in === 'header' && param.name === 'Accept' && typeof schema.default === 'string') {
      accept = schema.default;
    } else if (param.in === 'header' && param.name === 'Content-Type' && Array.isArray(schema.enum)) {
      contentTypes = schema.enum.map(String);
    }
  }
  return { operationId: String(op.operationId), query, accept, contentTypes };
}

/**
 * Loads PagerDuty's REST OpenAPI document (the vendored subset by default, or the full 2.7 MB file) and derives
 * the allowed query parameters, enums and header rules of each operation from it (on first use), so the stand-in refuses what
 * PagerDuty would refuse without hard-coding the lists.
 */
export function loadRestSpec(path: string = DEFAULT_REST_SPEC_PATH): RestSpec {
  const doc = asObject(JSON.parse(readFileSync(path, 'utf8')), path);
  const paths = asObject(doc.paths, 'paths');
  const components = asObject(doc.components, 'components');
  const authParam = asObject(asObject(components.parameters, 'parameters').header_Authorization, 'auth');
  const authPattern = new RegExp(String(asObject(authParam.schema, 'auth schema').pattern));
  const cache = new Map<string, OperationRules | undefined>();
  const operation = (method: string, template: string): OperationRules | undefined => {
    const key = `${method.toLowerCase()} ${template}`;
    if (!cache.has(key)) {
      const item = paths[template];
      const op =
        item && HTTP_METHODS.has(method.toLowerCase())
          ? asObject(item, template)[method.toLowerCase()]
          : undefined;
      cache.set(key, op === undefined ? undefined : operationRules(doc, asObject(op, key), key));
    }
    return cache.get(key);
  };
  return {
    authPattern,
    paths: Object.keys(paths),
    operation,
  };
}
