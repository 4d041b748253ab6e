import { readFileSync } from 'node:fs';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { KeyPath } from '../core/config/config-issue.js';
import { describeInput } from '../core/config/typed-value.js';
import { type ConfigProblem, formatKeyPath } from './config-problem.js';

/** A parsed YAML file kept with its document and line counter, so problems can be pointed at lines. */
export interface YamlFile {
  readonly path: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** A YAML file read for validation: the plain data of a top-level mapping, or the problems that stop it. */
export type YamlRead =
  | { readonly ok: true; readonly file: YamlFile; readonly data: Record<string, unknown> }
  | { readonly ok: false; readonly file: YamlFile | undefined; readonly problems: ConfigProblem[] };

/** Builds a located problem; `line` is looked up from the key path unless given. */
export function problemAt(
  file: YamlFile,
  path: KeyPath,
  message: string,
  line = lineOf(file, path),
): ConfigProblem {
  return { file: file.path, path, keyPath: formatKeyPath(path), line, message };
}

/** Reads and parses a YAML file; syntax errors, unreadable files and non-mapping documents become problems. */
export function readYamlFile(path: string): YamlRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      file: undefined,
      problems: [
        { file: path, path: [], keyPath: '', line: undefined, message: `cannot read file: ${reason}` },
      ],
    };
  }
  return parseYamlText(path, text);
}

/** Parses YAML text as read from `path` (exposed for callers that already hold the text). */
export function parseYamlText(path: string, text: string): YamlRead {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const file: YamlFile = { path, doc, lines };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) =>
      problemAt(file, [], `YAML syntax error: ${error.message}`, lines.linePos(error.pos[0]).line),
    );
    return { ok: false, file, problems };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const message =
      data === null || data === undefined
        ? 'the file is empty; expected a mapping of settings'
        : `expected a mapping of settings, got ${describeInput(data)}`;
    return { ok: false, file, problems: [problemAt(file, [], message, data === null ? undefined : 1)] };
  }
  return { ok: true, file, data: data as Record<string, unknown> };
}

/** True when the document's top level is a mapping with `key` (used to tell environment files from main configs). */
export function hasTopLevelKey(file: YamlFile, key: string): boolean {
  return isMap(file.doc.contents) && file.doc.contents.has(key);
}

/**
 * The 1-based line a key path points at: the key's own line for mapping entries, the item's line for list items.
 * For a path that does not exist (a missing key) it is the line of the deepest existing parent key, and
 * `undefined` when even the first segment is missing.
 */
export function lineOf(file: YamlFile, path: KeyPath): number | undefined {
  let node: unknown = file.doc.contents;
  let line: number | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(file.doc);
    let next: { at: Node | undefined; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair && isScalar(pair.key)) next = { at: pair.key, value: pair.value };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item !== undefined) next = { at: item as Node, value: item };
    }
    if (next === undefined) break;
    const start = next.at?.range?.[0];
    if (start !== undefined) line = file.lines.linePos(start).line;
    node = next.value;
  }
  return line;
}
