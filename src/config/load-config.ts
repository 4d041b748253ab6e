import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type ConfigIssue, validateWith } from '../core/config/config-issue.js';
import { crossCheckConfig } from '../core/config/cross-check-config.js';
import { type EnvironmentPolicy, environmentPolicySchema } from '../core/config/environment-policy-schema.js';
import type { LoadedConfig } from '../core/config/loaded-config.js';
import { shipgateConfigSchema } from '../core/config/shipgate-config-schema.js';
import { ConfigError, type ConfigProblem } from './config-problem.js';

export type { LoadedConfig } from '../core/config/loaded-config.js';

import { holidayCalendarIssues } from './holiday-calendar-issues.js';
import { readReadinessChecklist } from './readiness-checklist-file.js';
import { watchQueryIssues } from './watch-query-issues.js';
import { problemAt, readYamlFile, type YamlFile } from './yaml-file.js';

/** Either a loaded config or every located problem that refuses it. */
export type ConfigInspection =
  | { readonly ok: true; readonly loaded: LoadedConfig; readonly warnings: readonly ConfigProblem[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

interface EnvironmentFile {
  readonly file: YamlFile;
  readonly policy: EnvironmentPolicy;
}

/** Loads the main config at `path` and the environment policies in its `environments_dir`; throws `ConfigError`. */
export function loadConfig(path: string): LoadedConfig {
  const inspection = inspectConfig(path);
  if (!inspection.ok) throw new ConfigError(inspection.problems);
  return inspection.loaded;
}

/**
 * Like `loadConfig` but returns every problem instead of throwing (used by `shipgate config check`). Warnings
 * (`severity: 'warning'`) come back with an accepted config, or among the problems of a refused one.
 */
export function inspectConfig(path: string): ConfigInspection {
  const mainPath = resolve(path);
  const read = readYamlFile(mainPath);
  if (!read.ok) return { ok: false, problems: read.problems };
  const problems: ConfigProblem[] = [];
  const main = validateWith(shipgateConfigSchema, read.data);
  if (!main.ok) problems.push(...locate(read.file, main.issues));

  const rawDir = read.data.environments_dir;
  const dir = resolve(
    dirname(mainPath),
    typeof rawDir === 'string' && rawDir !== '' ? rawDir : 'environments',
  );
  const environments = readEnvironmentFiles(dir, read.file, problems);

  const readiness = main.ok ? readReadinessChecklist(mainPath, main.value, problems) : undefined;
  if (main.ok && !problems.some((p) => p.severity === undefined)) {
    const files = new Map(environments.map((e) => [e.policy.environment, e.file]));
    const issues = [
      ...holidayCalendarIssues(main.value.holidays),
      ...crossCheckConfig(
        main.value,
        environments.map((e) => e.policy),
      ),
      ...watchQueryIssues(main.value),
    ];
    for (const issue of issues) {
      const file = issue.environment === undefined ? read.file : (files.get(issue.environment) ?? read.file);
      const problem = problemAt(file, issue.path, issue.message);
      problems.push(issue.severity === undefined ? problem : { ...problem, severity: issue.severity });
    }
  }
  const refusing = problems.some((p) => p.severity === undefined);
  if (refusing || !main.ok) return { ok: false, problems: sortProblems(problems, mainPath) };
  return {
    ok: true,
    warnings: sortProblems(problems, mainPath),
    loaded: {
      path: mainPath,
      config: main.value,
      environments: new Map(environments.map((e) => [e.policy.environment, e.policy])),
      environmentFiles: new Map(environments.map((e) => [e.policy.environment, e.file.path])),
      environmentHashes: new Map(
        environments.map((e) => [e.policy.environment, sha256(readFileSync(e.file.path))]),
      ),
      ...(readiness ? { readiness } : {}),
    },
  };
}

/** Reads every `*.yml`/`*.yaml` in `dir` as an environment policy, pushing problems for the bad ones. */
function readEnvironmentFiles(dir: string, main: YamlFile, problems: ConfigProblem[]): EnvironmentFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(problemAt(main, ['environments_dir'], `cannot read the environments folder: ${reason}`));
    return [];
  }
  if (names.length === 0) {
    problems.push(problemAt(main, ['environments_dir'], `no environment files (*.yml) in ${dir}`));
    return [];
  }
  const loaded: EnvironmentFile[] = [];
  for (const name of names) {
    const read = readYamlFile(join(dir, name));
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const policy = validateWith(environmentPolicySchema, read.data);
    if (!policy.ok) {
      problems.push(...locate(read.file, policy.issues));
      continue;
    }
    const twin = loaded.find((e) => e.policy.environment === policy.value.environment);
    if (twin !== undefined) {
      const message = `environment "${policy.value.environment}" is already defined in ${basename(twin.file.path)}`;
      problems.push(problemAt(read.file, ['environment'], message));
      continue;
    }
    loaded.push({ file: read.file, policy: policy.value });
  }
  return loaded;
}

/** Ties issues to lines of one file. */
export function locate(file: YamlFile, issues: readonly ConfigIssue[]): ConfigProblem[] {
  return issues.map((issue) => problemAt(file, issue.path, issue.message));
}

/** Main-config problems first, then by file name and line, so output reads top to bottom. */
function sortProblems(problems: readonly ConfigProblem[], mainPath: string): ConfigProblem[] {
  const rank = (p: ConfigProblem) => (p.file === mainPath ? 0 : 1);
  return [...problems].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.file.localeCompare(b.file) ||
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
  );
}

/** The SHA-256 of a file's bytes, hex: names the exact policy an automatic rollback acted under. */
function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
