import { resolve } from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';

/** What a `shipgate new …` generator prints and exits with: 0 written, 1 refused, 2 bad input. */
export interface GeneratorResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
  /** Absolute paths of the files written. */
  readonly wrote: readonly string[];
}

/** Where a generator runs: the working directory relative paths start from, the environment, and the time. */
export interface GeneratorContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
}

/** A generator's answer when it stops before writing anything. */
export function generatorFailure(exitCode: 1 | 2, message: string): GeneratorResult {
  return { exitCode, stdout: '', stderr: `shipgate new: ${message}\n`, wrote: [] };
}

/** Loads the main config (`--config`, else the runtime contract), or why it cannot be loaded (every problem). */
export function loadGeneratorConfig(
  path: string | undefined,
  context: GeneratorContext,
): { readonly ok: true; readonly loaded: LoadedConfig } | { readonly ok: false; readonly error: string } {
  try {
    const file =
      path === undefined ? resolveConfigPath(context.env, context.cwd) : resolve(context.cwd, path);
    return { ok: true, loaded: loadConfig(file) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
