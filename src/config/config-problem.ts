import { relative } from 'node:path';
import type { KeyPath } from '../core/config/config-issue.js';

/** One problem in a config file, located: absolute file path, key path and (when known) the 1-based line. */
export interface ConfigProblem {
  readonly file: string;
  readonly path: KeyPath;
  /** The key path as printed, e.g. `approval.approvers[1]`; empty for whole-file problems. */
  readonly keyPath: string;
  readonly line: number | undefined;
  readonly message: string;
  /** `warning`: printed, but the config is not refused for it. */
  readonly severity?: 'warning';
}

/** Prints a key path the way operators read YAML: `incidents.severities.SEV-1.escalate_to[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * One output line for a problem: `approval.timeout (line 12): expected a duration such as 30m, got "…"`,
 * prefixed with `displayFile: ` when given (used when the problem is in another file than the one asked about);
 * a warning's message starts with `warning: `.
 */
export function formatProblem(problem: ConfigProblem, displayFile?: string): string {
  const where =
    problem.keyPath === ''
      ? problem.line === undefined
        ? ''
        : `line ${problem.line}`
      : problem.line === undefined
        ? problem.keyPath
        : `${problem.keyPath} (line ${problem.line})`;
  const message = problem.severity === 'warning' ? `warning: ${problem.message}` : problem.message;
  const located = where === '' ? message : `${where}: ${message}`;
  return displayFile === undefined ? located : `${displayFile}: ${located}`;
}

/** Thrown by `loadConfig` when the configuration is refused; `problems` holds every problem found, located. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => formatProblem(p, relative(process.cwd(), p.file) || p.file));
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(`Shipgate configuration refused (${count}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
