import { promqlCheck } from '../adapters/metrics/promql-check.js';
import type { ConfigIssue, KeyPath } from '../core/config/config-issue.js';
import type { ShipgateConfig } from '../core/config/shipgate-config-schema.js';
import { fillWatchQuery } from '../core/watch/fill-watch-query.js';
import { parseFieldPath } from '../core/watch/json-field-path.js';

/** One watch query as Prometheus would receive it: where it is configured and its text with placeholders filled. */
export interface WatchQuery {
  readonly path: KeyPath;
  readonly service: string;
  readonly query: string;
}

/**
 * Every `watch.queries` and `watch.business_metrics` query of every service, its placeholders filled with sample
 * values (`{service}` the service, `{env}` its first environment, `{version}` 1.0.0, `{track}` and `{color}` blue)
 * so what is checked is what Prometheus would parse.
 */
export function watchQueries(config: ShipgateConfig): WatchQuery[] {
  const queries: WatchQuery[] = [];
  for (const [service, settings] of Object.entries(config.services)) {
    const watch = settings.watch;
    if (watch === undefined) continue;
    const values = {
      service,
      env: settings.environments[0] ?? '',
      version: '1.0.0',
      track: 'blue',
      color: 'blue',
    };
    const base = ['services', service, 'watch'];
    for (const [metric, template] of Object.entries(watch.queries))
      queries.push({ path: [...base, 'queries', metric], service, query: fillWatchQuery(template, values) });
    for (const [metric, business] of Object.entries(watch.business_metrics))
      queries.push({
        path: [...base, 'business_metrics', metric, 'query'],
        service,
        query: fillWatchQuery(business.query, values),
      });
  }
  return queries;
}

/**
 * The offline check of every watch query, at the query's key: with `metrics.http_json` each must be a JSON field path
 * (`error_rate`, `latency.p99`); otherwise each must pass the PromQL check (`promqlCheck`), one issue per problem.
 */
export function watchQueryIssues(config: ShipgateConfig): ConfigIssue[] {
  if (config.metrics?.http_json)
    return watchQueries(config).flatMap(({ path, query }) =>
      parseFieldPath(query)
        ? []
        : [
            {
              path,
              message: `with metrics.http_json a watch query is a JSON field path such as error_rate or latency.p99, got "${query}"`,
            },
          ],
    );
  return watchQueries(config).flatMap(({ path, query }) =>
    promqlCheck(query).map((problem) => ({ path, message: `PromQL does not parse: ${problem}` })),
  );
}
