import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { validateWith } from '../core/config/config-issue.js';
import { checkEnvironmentPolicy } from '../core/config/cross-check-config.js';
import { environmentPolicySchema } from '../core/config/environment-policy-schema.js';
import { type ConfigProblem, formatProblem } from './config-problem.js';
import { inspectConfig, type LoadedConfig, locate } from './load-config.js';
import { hasTopLevelKey, readYamlFile } from './yaml-file.js';

/** What `shipgate config check` prints (no trailing newline) and the exit code it ends with. */
export interface ConfigCheckResult {
  readonly ok: boolean;
  readonly output: string;
  /** 0 valid, 1 refused (one line per problem), 2 the file cannot be read. */
  readonly exitCode: number;
}

/**
 * Validates a main config (with its environments folder, every cross-check and the offline PromQL check of its
 * watch queries) or, when the file has a top-level `environment:` key, a single environment policy on its own.
 * Problems in other files than `path` are prefixed with that file's path relative to `path`'s folder; warnings
 * follow the OK line and do not change the exit code.
 */
export function checkConfigFile(path: string): ConfigCheckResult {
  const asked = resolve(path);
  if (!existsSync(asked))
    return { ok: false, output: `${path}: cannot read file (it does not exist)`, exitCode: 2 };
  const read = readYamlFile(asked);
  if (!read.ok) {
    if (read.file === undefined)
      return { ok: false, output: read.problems.map((p) => formatProblem(p, path)).join('\n'), exitCode: 2 };
    return refused(read.problems, asked);
  }
  if (hasTopLevelKey(read.file, 'environment')) {
    const policy = validateWith(environmentPolicySchema, read.data);
    if (!policy.ok) return refused(locate(read.file, policy.issues), asked);
    const issues = checkEnvironmentPolicy(policy.value);
    if (issues.length > 0) return refused(locate(read.file, issues), asked);
    const { environment, deployment_strategy, approval } = policy.value;
    const approvers = approval.required
      ? `approval by ${approval.approvers.join(' + ')}`
      : 'no approval required';
    return accepted(
      `OK ${path}: environment ${environment} (${deployment_strategy}, ${approvers}); roles are checked with the main config`,
    );
  }
  const inspection = inspectConfig(asked);
  if (!inspection.ok) return refused(inspection.problems, asked);
  const warnings =
    inspection.warnings.length === 0 ? '' : `\n${lines(inspection.warnings, asked).join('\n')}`;
  return accepted(`OK ${path}: ${summary(inspection.loaded)}${warnings}`);
}

/** True when `path` is a single environment policy (a top-level `environment:` key) rather than a main config. */
export function isEnvironmentPolicy(path: string): boolean {
  const read = readYamlFile(resolve(path));
  return read.ok && hasTopLevelKey(read.file, 'environment');
}

function summary(loaded: LoadedConfig): string {
  const environments = [...loaded.environments.keys()];
  const services = Object.keys(loaded.config.services);
  const roles = Object.keys(loaded.config.roles);
  return `${count(environments.length, 'environment')} (${environments.join(', ')}), ${count(services.length, 'service')}, ${count(roles.length, 'role')}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function accepted(output: string): ConfigCheckResult {
  return { ok: true, output, exitCode: 0 };
}

function refused(problems: readonly ConfigProblem[], asked: string): ConfigCheckResult {
  return { ok: false, output: lines(problems, asked).join('\n'), exitCode: 1 };
}

function lines(problems: readonly ConfigProblem[], asked: string): string[] {
  return problems.map((p) =>
    p.file === asked
      ? formatProblem(p)
      : formatProblem(p, relative(dirname(asked), p.file) || basename(p.file)),
  );
}
