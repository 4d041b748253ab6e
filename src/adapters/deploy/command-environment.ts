import type { StepContext } from '../../core/deploys/deploy-types.js';

/** Shipgate's own environment, where `pass_env` names and `secret_env` secrets are looked up. */
export type ProcessEnv = Readonly<Record<string, string | undefined>>;

/** The `env` / `pass_env` keys of a command target or validation binding. */
export interface CommandEnvironmentConfig {
  readonly env: Readonly<Record<string, string>>;
  readonly pass_env: readonly string[];
}

/** What every command gets from Shipgate's environment, so programs can be found and behave normally. */
const BASE_VARIABLES = ['PATH', 'HOME', 'LANG'] as const;

/** `SHIPGATE_*` variables describing the step (or check) a command runs for; empty values are left out. */
export function shipgateVariables(
  context: StepContext,
  extra: Record<string, string> = {},
): Record<string, string> {
  const variables: Record<string, string | undefined> = {
    SHIPGATE_DEPLOY_ID: context.deployId,
    SHIPGATE_SERVICE: context.service,
    SHIPGATE_VERSION: context.version,
    SHIPGATE_PREVIOUS_VERSION: context.previousVersion,
    SHIPGATE_ENV: context.env,
    SHIPGATE_COLOR: context.color,
    SHIPGATE_PERCENT: context.percent === undefined ? undefined : String(context.percent),
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Builds a command's environment from scratch rather than inheriting Shipgate's, so tokens such as
 * SLACK_BOT_TOKEN never reach deploy scripts: PATH, HOME and LANG, then the `pass_env` names copied from
 * Shipgate's environment, then the `env` literals, then the `SHIPGATE_*` step variables (which config cannot
 * override).
 */
export function commandEnvironment(
  config: CommandEnvironmentConfig,
  shipgateEnv: ProcessEnv,
  stepVariables: Record<string, string>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of [...BASE_VARIABLES, ...config.pass_env]) {
    const value = shipgateEnv[name];
    if (value !== undefined) result[name] = value;
  }
  return { ...result, ...config.env, ...stepVariables };
}
