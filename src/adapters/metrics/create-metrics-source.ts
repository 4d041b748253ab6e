import type { MetricsConfig } from '../../core/config/watch-schema.js';
import type { MetricsSource } from '../../services/ports/metrics.js';
import { HttpJsonMetrics } from './http-json-metrics.js';
import { PrometheusMetrics } from './prometheus-metrics.js';

/** The watch's metrics source for `metrics` (Prometheus or a service's own JSON), undefined when none is set. */
export function createMetricsSource(metrics: MetricsConfig | undefined): MetricsSource | undefined {
  if (metrics?.prometheus)
    return new PrometheusMetrics({ url: metrics.prometheus.url, timeoutMs: metrics.prometheus.timeout.ms });
  if (metrics?.http_json)
    return new HttpJsonMetrics({ url: metrics.http_json.url, timeoutMs: metrics.http_json.timeout.ms });
  return undefined;
}
