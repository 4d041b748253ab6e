/**
 * Extracts the part of PagerDuty's REST OpenAPI document (PagerDuty/api-schema `reference/REST/openapiv3.json`,
 * 2.7 MB) that the PagerDuty stand-in serves: the GET operations of `/oncalls`, `/users/{id}` and `/users`, every
 * component they reference (followed transitively, whole top-level entries), the security scheme, and the
 * `header_Authorization` parameter whose pattern the stand-in enforces.
 *
 * Usage: node extract-subset.mjs <rest-openapiv3.json> [out.json]   (writes to stdout without an out path)
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** The operations kept, by path. */
const OPERATIONS = { '/oncalls': ['get'], '/users/{id}': ['get'], '/users': ['get'] };
/** Components kept although the kept operations do not reference them. */
const EXTRA_REFS = ['#/components/parameters/header_Authorization'];

/** Returns the subset document (a plain object) of a parsed REST spec. */
export function extractSubset(spec) {
  const paths = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    const item = spec.paths[path];
    if (!item) throw new Error(`the spec has no path ${path}`);
    const kept = {};
    for (const [key, value] of Object.entries(item)) {
      if (key === 'description' || key === 'parameters' || methods.includes(key)) kept[key] = value;
    }
    paths[path] = kept;
  }

  const wanted = new Set();
  const queue = [...EXTRA_REFS];
  const visit = (node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') queue.push(value);
        else visit(value);
      }
    }
  };
  visit(paths);
  while (queue.length > 0) {
    const ref = queue.shift();
    const match = /^#\/components\/([^/]+)\/([^/]+)/.exec(ref);
    if (!match) throw new Error(`unsupported $ref ${ref}`);
    const entry = `${match[1]}/${match[2]}`;
    if (wanted.has(entry)) continue;
    const value = spec.components[match[1]]?.[match[2]];
    if (value === undefined) throw new Error(`dangling $ref ${ref}`);
    wanted.add(entry);
    visit(value);
  }

  const components = {};
  for (const [section, entries] of Object.entries(spec.components)) {
    const keepAll = section === 'securitySchemes';
    const kept = Object.fromEntries(
      Object.entries(entries).filter(([name]) => keepAll || wanted.has(`${section}/${name}`)),
    );
    if (Object.keys(kept).length > 0) components[section] = kept;
  }

  return {
    openapi: spec.openapi,
    info: spec.info,
    security: spec.security,
    servers: spec.servers,
    components,
    paths,
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const [source, out] = process.argv.slice(2);
  if (!source) {
    process.stderr.write('usage: node extract-subset.mjs <rest-openapiv3.json> [out.json]\n');
    process.exit(2);
  }
  const text = `${JSON.stringify(extractSubset(JSON.parse(readFileSync(source, 'utf8'))), null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
