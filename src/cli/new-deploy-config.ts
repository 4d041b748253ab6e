import type { EnvironmentPolicy } from '../core/config/environment-policy-schema.js';
import { type PlannedWrite, shownPath } from './generated-file.js';
import {
  type GeneratorContext,
  type GeneratorResult,
  generatorFailure,
  loadGeneratorConfig,
} from './generator-result.js';
import { type NewEnvironmentOptions, planEnvironment } from './new-environment.js';
import { planServiceInsert, renderServiceBlock } from './new-service.js';
import { writeCheckedConfig } from './write-checked-config.js';

/** What `shipgate new deploy-config <service>` was asked on the command line. */
export interface NewDeployConfigOptions extends NewEnvironmentOptions {
  /** The environment (default: production). */
  readonly env?: string | undefined;
  readonly channel?: string | undefined;
}

/**
 * `shipgate new deploy-config <service> --env <env>`: the pair for one service in one environment. The environment
 * policy is written when the config has none of that name (or rewritten with `--force`; kept as it is otherwise),
 * and the service's block for that environment goes under `services:` of the main file; then `config check` must
 * accept both, or both are taken back.
 */
export function newDeployConfig(
  service: string,
  options: NewDeployConfigOptions,
  context: GeneratorContext,
): GeneratorResult {
  const config = loadGeneratorConfig(options.config, context);
  if (!config.ok) return generatorFailure(2, config.error);
  const { loaded } = config;
  const env = options.env ?? 'production';
  const existing = loaded.environments.get(env);
  const rewrite = existing === undefined || options.force === true;
  const writes: PlannedWrite[] = [];
  const notes: string[] = [];
  let policy: EnvironmentPolicy | undefined = existing;
  if (rewrite) {
    const twin = loaded.environmentFiles.get(env);
    const planned = planEnvironment(
      env,
      { ...options, ...(options.out === undefined && twin !== undefined ? { out: twin } : {}) },
      loaded,
      context,
    );
    if ('exitCode' in planned) return planned;
    writes.push(planned.write);
    policy = planned.policy;
    if (planned.checkPath !== loaded.path)
      return generatorFailure(
        2,
        `--out ${options.out}: the environment policy must go into the main config's environments folder for ${service} to deploy to it`,
      );
  } else {
    const file = loaded.environmentFiles.get(env);
    if (options.strategy !== undefined || options.approvers !== undefined || options.approval === false)
      return generatorFailure(
        1,
        `environment ${env} already exists${file ? ` in ${shownPath(file, context.cwd)}` : ''}; pass --force to rewrite it with these options`,
      );
    notes.push(
      `Kept ${file ? shownPath(file, context.cwd) : env} (environment ${env} exists; --force rewrites it)`,
    );
  }
  if (policy === undefined) return generatorFailure(2, `no policy for environment ${env}`);
  const policies = new Map(loaded.environments);
  policies.set(env, policy);
  const block = renderServiceBlock(service, [env], options.channel, loaded, policies, context);
  if (!Array.isArray(block)) return block;
  const insert = planServiceInsert(service, block, loaded, options.force === true, context);
  if ('exitCode' in insert) return insert;
  writes.push(insert);
  const result = writeCheckedConfig(writes, loaded.path, context);
  if (result.exitCode !== 0 || notes.length === 0) return result;
  return { ...result, stdout: `${notes.join('\n')}\n${result.stdout}` };
}
