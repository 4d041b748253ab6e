import { checkQueryWithPrometheus } from '../adapters/metrics/check-query-with-prometheus.js';
import type { FetchFunction } from '../adapters/metrics/fetch-function.js';
import { formatKeyPath } from '../config/config-problem.js';
import { watchQueries } from '../config/watch-query-issues.js';
import type { LoadedConfig } from '../core/config/loaded-config.js';

/** What `config check --prometheus` adds: one line per query Prometheus refuses or could not be asked about. */
export interface WatchQueryCheck {
  readonly output: string;
  readonly exitCode: number;
}

/**
 * Asks the configured Prometheus (`metrics.prometheus`) to parse every watch query, placeholders filled as the
 * offline check fills them: the offline check knows brackets and ranges, Prometheus knows the grammar (unknown
 * functions, type errors). A refused query is exit 1; an unreachable Prometheus (it stops at the first query it
 * could not ask about) or none configured is exit 2.
 */
export async function checkWatchQueries(
  config: LoadedConfig,
  fetch?: FetchFunction,
): Promise<WatchQueryCheck> {
  const prometheus = config.config.metrics?.prometheus;
  if (prometheus === undefined)
    return { output: 'Prometheus: --prometheus needs metrics.prometheus in the main config', exitCode: 2 };
  const queries = watchQueries(config.config);
  const lines: string[] = [];
  for (const { path, query } of queries) {
    const check = await checkQueryWithPrometheus(prometheus.url, query, prometheus.timeout.ms, fetch);
    if (check.ok) continue;
    if (check.kind === 'unchecked') return { output: `Prometheus: ${check.problem}`, exitCode: 2 };
    lines.push(`${formatKeyPath(path)}: Prometheus refuses it: ${check.problem}`);
  }
  if (lines.length === 0)
    return {
      output: `OK Prometheus: all ${queries.length} watch queries parse at ${prometheus.url}`,
      exitCode: 0,
    };
  return { output: lines.join('\n'), exitCode: 1 };
}
