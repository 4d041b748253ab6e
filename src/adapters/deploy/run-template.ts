import { resolve } from 'node:path';
import { TokenizeError } from '../../core/commands/tokenize.js';
import type { StepContext, StepOutcome } from '../../core/deploys/deploy-types.js';
import { type CommandEnvironmentConfig, commandEnvironment, type ProcessEnv } from './command-environment.js';
import { commandArgv } from './fill-template.js';
import { runCommand } from './run-command.js';
import { refusal } from './step-outcome.js';

/** Where configured commands find relative paths and Shipgate's environment (deploy targets and validations). */
export interface CommandOptions {
  /** Folder of the config file: `cwd` is resolved from it. */
  readonly baseDir: string;
  /** Shipgate's own environment, the source of `pass_env` values, PATH, HOME and LANG. */
  readonly env: ProcessEnv;
  /** Pause between SIGTERM and SIGKILL on timeout; 5 s unless a test shortens it. */
  readonly killGraceMs?: number;
}

/** One configured command line to run for a step or a check. */
export interface TemplateRun {
  readonly template: string;
  /** Names the command in messages, e.g. "the deploy command of checkout". */
  readonly what: string;
  readonly context: StepContext;
  /** The `cwd`, `env` and `pass_env` keys of the target or binding. */
  readonly settings: CommandEnvironmentConfig & { readonly cwd?: string | undefined };
  /** `SHIPGATE_*` variables describing the step or check. */
  readonly variables: Record<string, string>;
  readonly timeoutMs: number;
}

/**
 * Runs a command template the way deploy targets and validations share: split and filled into argv, in `cwd`
 * relative to the config folder, with the minimal environment. A template that cannot be split is refused.
 */
export function runTemplate(
  run: TemplateRun,
  options: CommandOptions,
  signal?: AbortSignal,
): Promise<StepOutcome> {
  let argv: string[];
  try {
    argv = commandArgv(run.template, run.context);
  } catch (error) {
    if (!(error instanceof TokenizeError)) throw error;
    return Promise.resolve(refusal(`${run.what} cannot be split: ${error.message}`));
  }
  return runCommand({
    argv,
    cwd: resolve(options.baseDir, run.settings.cwd ?? '.'),
    env: commandEnvironment(run.settings, options.env, run.variables),
    timeoutMs: run.timeoutMs,
    ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
    signal,
  });
}
