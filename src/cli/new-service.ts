import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { GeneratorTemplates } from '../adapters/templates/generator-templates.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { EnvironmentPolicy } from '../core/config/environment-policy-schema.js';
import { channelRefSchema, resourceNameSchema } from '../core/config/identifier-schemas.js';
import { insertServiceBlock } from '../core/generators/insert-service-block.js';
import { serviceBlockView } from '../core/generators/service-block-view.js';
import { ownEntry } from '../core/own-entry.js';
import { type PlannedWrite, shownPath } from './generated-file.js';
import {
  type GeneratorContext,
  type GeneratorResult,
  generatorFailure,
  loadGeneratorConfig,
} from './generator-result.js';
import { optionWords } from './option-words.js';
import { writeCheckedConfig } from './write-checked-config.js';

/** What `shipgate new service <name>` was asked on the command line. */
export interface NewServiceOptions {
  readonly config?: string | undefined;
  /** Comma-separated environments (default: every configured one). */
  readonly env?: string | undefined;
  readonly channel?: string | undefined;
  readonly write?: boolean | undefined;
  readonly force?: boolean | undefined;
}

/** The `services.<name>` block's lines (unindented), or why there is none. */
export function renderServiceBlock(
  name: string,
  environments: readonly string[],
  channel: string | undefined,
  loaded: LoadedConfig,
  policies: ReadonlyMap<string, EnvironmentPolicy>,
  context: GeneratorContext,
): string[] | GeneratorResult {
  if (!resourceNameSchema.safeParse(name).success)
    return generatorFailure(
      2,
      `${name}: expected a service name such as billing (lower case, digits, - or _)`,
    );
  if (channel !== undefined && !channelRefSchema.safeParse(channel).success)
    return generatorFailure(2, `--channel ${channel}: expected a channel such as '#deploys' or C0123ABCD`);
  const unknown = environments.filter((env) => !policies.has(env));
  if (environments.length === 0 || unknown.length > 0)
    return generatorFailure(
      2,
      `${environments.length === 0 ? 'no environment given' : `unknown environment ${unknown.join(', ')}`} (environments: ${[...policies.keys()].join(', ')}); create one with npx shipgate new environment <name>`,
    );
  const scripts = relative(dirname(loaded.path), resolve(context.cwd, 'scripts')).split(sep).join('/');
  const view = serviceBlockView(
    {
      name,
      environments,
      policies: environments.flatMap((env) => policies.get(env) ?? []),
      channel,
      scriptsDir: scripts === '' ? '.' : scripts,
    },
    loaded.config,
  );
  return new GeneratorTemplates().serviceBlock(view).trimEnd().split('\n');
}

/** True when `next` is `original` with `services.<name>` set to the block's value and nothing else changed. */
function onlyAddsService(original: unknown, next: unknown, name: string, block: unknown): boolean {
  if (typeof original !== 'object' || original === null || typeof next !== 'object' || next === null)
    return false;
  const before = original as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const { services: beforeServices = {}, ...beforeRest } = before;
  const { services: afterServices = {}, ...afterRest } = after;
  const others = (services: unknown) =>
    Object.fromEntries(Object.entries(services as Record<string, unknown>).filter(([key]) => key !== name));
  return (
    isDeepStrictEqual(beforeRest, afterRest) &&
    isDeepStrictEqual(others(beforeServices), others(afterServices)) &&
    isDeepStrictEqual((afterServices as Record<string, unknown>)[name], block)
  );
}

/**
 * Plans putting the block under `services:` of the main file (see {@link insertServiceBlock}); with `force` it
 * replaces a service of that name. The result is parsed back and must differ from the file only in that service,
 * else nothing is written and the block is to be pasted by hand.
 */
export function planServiceInsert(
  name: string,
  block: readonly string[],
  loaded: LoadedConfig,
  force: boolean,
  context: GeneratorContext,
): PlannedWrite | GeneratorResult {
  const main = shownPath(loaded.path, context.cwd);
  if (ownEntry(loaded.config.services, name) !== undefined && !force)
    return generatorFailure(1, `services.${name} is already in ${main}; pass --force to replace it`);
  const original = readFileSync(loaded.path, 'utf8');
  const inserted = insertServiceBlock(original, name, block, { replace: force });
  if (!inserted.ok) return generatorFailure(1, `${main}: ${inserted.error}`);
  let same = false;
  let reason = 'the file would change elsewhere too';
  try {
    const blockValue = (parse(block.join('\n')) as Record<string, unknown>)[name];
    same = onlyAddsService(parse(original), parse(inserted.text), name, blockValue);
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  if (!same)
    return generatorFailure(
      1,
      `cannot put services.${name} into ${main} safely (${reason}); print the block without --write and paste it by hand`,
    );
  return { path: loaded.path, text: inserted.text, previous: original };
}

/**
 * `shipgate new service <name> [--env …] [--write]`: prints a `services.<name>` block that `config check` accepts for
 * the environments (every configured one by default), or with `--write` puts it into the main file and runs the check
 * (a refused result is taken back).
 */
export function newService(
  name: string,
  options: NewServiceOptions,
  context: GeneratorContext,
): GeneratorResult {
  const config = loadGeneratorConfig(options.config, context);
  if (!config.ok) return generatorFailure(2, config.error);
  const { loaded } = config;
  const environments = optionWords(options.env) ?? [...loaded.environments.keys()];
  const block = renderServiceBlock(name, environments, options.channel, loaded, loaded.environments, context);
  if (!Array.isArray(block)) return block;
  const main = shownPath(loaded.path, context.cwd);
  if (!options.write)
    return {
      exitCode: 0,
      stdout: `${block.map((line) => (line === '' ? line : `  ${line}`)).join('\n')}\n`,
      stderr: `shipgate new: paste this under services: in ${main}, or run again with --write to put it there\n`,
      wrote: [],
    };
  const write = planServiceInsert(name, block, loaded, options.force === true, context);
  if ('exitCode' in write) return write;
  return writeCheckedConfig([write], loaded.path, context);
}
