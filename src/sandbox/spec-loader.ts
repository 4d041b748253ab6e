import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_METHOD_SPECS } from './builtin-method-specs.js';
import type { ArgSpec, RawMethodSpec } from './raw-method-spec.js';

export type { ArgSpec, RawMethodSpec } from './raw-method-spec.js';

/** What the stand-in needs from one Slack method spec: its arguments and the errors it may answer with. */
export interface MethodSpec {
  readonly name: string;
  readonly httpMethod: string;
  /** Required arguments, without `token` (sent as a Bearer header). */
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, ArgSpec>>;
  readonly errors: ReadonlySet<string>;
}

/**
 * Where the method specs live: `SHIPGATE_SLACK_SPECS` if set, else the copy vendored beside this file
 * (`specs/slack/methods`, provenance and checksums in `specs/slack/SOURCE`), so a plain clone works.
 */
export function defaultSpecsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.SHIPGATE_SLACK_SPECS;
  if (override) return resolve(override);
  return fileURLToPath(new URL('./specs/slack/methods', import.meta.url));
}

/** Turns one raw spec file into a MethodSpec. */
export function toMethodSpec(name: string, raw: RawMethodSpec): MethodSpec {
  return {
    name,
    httpMethod: raw.http_method ?? 'POST',
    required: (raw.args?.required ?? []).filter((arg) => arg !== 'token'),
    properties: raw.args?.properties ?? {},
    errors: new Set(Object.keys(raw.errors ?? {})),
  };
}

/**
 * Loads every `<method>.json` in `dir`. Methods the stand-in serves but the folder lacks (the file-upload pair)
 * fall back to built-in copies of the same docs; a file in the folder always wins.
 */
export function loadMethodSpecs(dir: string = defaultSpecsDir()): Map<string, MethodSpec> {
  if (!existsSync(dir)) throw new Error(`Slack method specs not found at ${dir} (set SHIPGATE_SLACK_SPECS)`);
  const specs = new Map<string, MethodSpec>();
  for (const [name, raw] of Object.entries(BUILTIN_METHOD_SPECS)) specs.set(name, toMethodSpec(name, raw));
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    const name = file.slice(0, -'.json'.length);
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RawMethodSpec;
    specs.set(name, toMethodSpec(name, raw));
  }
  return specs;
}
