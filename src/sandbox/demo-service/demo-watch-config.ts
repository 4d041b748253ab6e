import type { LoadedConfig } from '../../core/config/loaded-config.js';
import type { MetricsConfig } from '../../core/config/watch-schema.js';
import type { DemoService } from './demo-service.js';

/** Where the sandbox's watch reads the demo service's metrics. */
export type DemoMetrics =
  | { readonly kind: 'prometheus'; readonly url: string }
  | { readonly kind: 'http_json' };

/** How long one metrics request of the sandbox may take. */
const TIMEOUT = { ms: 2_000, text: '2s' };

/**
 * The loaded config pointed at the demo service for a sandbox run: every watched service's health check is the
 * demo track's `/healthz` (`{track}`: the new colour for blue-green, `stable` for rolling), and `metrics` is the
 * sandbox's Prometheus (the config's PromQL queries, which name the demo's series) or, without one, `http_json` on
 * the demo's `/metrics.json`, each query then the field of its own name (`error_rate`, `latency_p99`, …).
 */
export function demoWatchConfig(loaded: LoadedConfig, demo: DemoService, metrics: DemoMetrics): LoadedConfig {
  const source: MetricsConfig =
    metrics.kind === 'prometheus'
      ? { prometheus: { url: metrics.url, timeout: TIMEOUT } }
      : { http_json: { url: demo.metricsJsonUrl('{service}', '{track}'), timeout: TIMEOUT } };
  const services = Object.fromEntries(
    Object.entries(loaded.config.services).map(([name, service]) => {
      const watch = service.watch;
      if (watch === undefined) return [name, service];
      const byName = <T>(entries: Record<string, T>, as: (key: string, value: T) => T) =>
        Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, as(key, value)]));
      return [
        name,
        {
          ...service,
          watch: {
            ...watch,
            health_check: {
              expect_status: 200,
              timeout: TIMEOUT,
              ...watch.health_check,
              url: demo.healthUrl('{service}', '{track}'),
            },
            ...(metrics.kind === 'http_json'
              ? {
                  queries: byName(watch.queries, (key) => key),
                  business_metrics: byName(watch.business_metrics, (key, b) => ({ ...b, query: key })),
                }
              : {}),
          },
        },
      ];
    }),
  );
  return { ...loaded, config: { ...loaded.config, metrics: source, services } };
}
