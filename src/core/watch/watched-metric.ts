import type { EnvironmentPolicy } from '../config/environment-policy-schema.js';
import type { WatchConfig } from '../config/watch-schema.js';

/** How a metric is judged: error rates and latencies must not rise, business metrics must not fall the bad way. */
export type MetricRole = 'error_rate' | 'latency' | 'business' | 'other';

/** One metric the watch samples: its query template, its role, and whether a trigger or alert needs it. */
export interface WatchedMetric {
  readonly name: string;
  readonly query: string;
  readonly role: MetricRole;
  readonly higherIsBetter: boolean;
  /** Named by a trigger or an alert: no data for it is no data for the sample. */
  readonly required: boolean;
}

/** The role a `monitoring.metrics` name has: `error_rate`, any `latency_*`, or other (shown only). */
export function roleOf(name: string): MetricRole {
  if (name === 'error_rate') return 'error_rate';
  if (name.startsWith('latency')) return 'latency';
  return 'other';
}

/** The metric names the policy's triggers and alerts need a query for. */
export function metricsNeeded(policy: EnvironmentPolicy, watch: WatchConfig | undefined): string[] {
  const needed = new Set<string>();
  for (const trigger of policy.rollback.triggers) {
    if (trigger.kind === 'error_rate_increase') needed.add('error_rate');
    if (trigger.kind === 'latency_increase')
      for (const m of policy.monitoring.metrics) if (roleOf(m) === 'latency') needed.add(m);
    if (trigger.kind === 'business_metric_degradation')
      for (const m of Object.keys(watch?.business_metrics ?? {})) needed.add(m);
  }
  for (const alert of policy.monitoring.alerts) needed.add(alert.threshold.metric);
  return [...needed];
}

/**
 * The metrics a watch samples: every `monitoring.metrics` name that has a query (the required ones always do, or
 * `config check` refuses the config), then the service's business metrics.
 */
export function watchedMetrics(policy: EnvironmentPolicy, watch: WatchConfig): WatchedMetric[] {
  const needed = new Set(metricsNeeded(policy, watch));
  const metrics: WatchedMetric[] = [];
  for (const name of policy.monitoring.metrics) {
    const query = Object.hasOwn(watch.queries, name) ? watch.queries[name] : undefined;
    if (query === undefined) continue;
    metrics.push({ name, query, role: roleOf(name), higherIsBetter: false, required: needed.has(name) });
  }
  for (const [name, metric] of Object.entries(watch.business_metrics))
    metrics.push({
      name,
      query: metric.query,
      role: 'business',
      higherIsBetter: metric.higher_is_better,
      required: needed.has(name),
    });
  return metrics;
}
