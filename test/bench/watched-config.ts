import type { LoadedConfig } from '../../src/core/config/loaded-config.js';
import { metricsSchema, watchSchema } from '../../src/core/config/watch-schema.js';

/** The PromQL for the policy's error rate and latency metrics, `{service}`/`{track}` filled per sample. */
const QUERIES = {
  error_rate:
    'sum(rate(http_requests_total{service="{service}",track="{track}",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="{service}",track="{track}"}[1m]))',
  latency_p99:
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}",track="{track}"}[1m])))',
};

/**
 * `loaded` with Prometheus at `prometheusUrl` and a watch (one sample every 10 s, the queries, a health
 * check at `<healthUrl>/{service}/{color}/{version}`) on `checkout` and on every service named in `copies` (each a
 * copy of `checkout` under that name, for many concurrent watches).
 */
export function watchedConfig(
  loaded: LoadedConfig,
  urls: { prometheusUrl: string; healthUrl: string },
  copies: readonly string[] = [],
): LoadedConfig {
  const checkout = loaded.config.services.checkout;
  if (!checkout) throw new Error('the bench config has no checkout service');
  const watched = {
    ...checkout,
    watch: watchSchema.parse({
      interval: '10s',
      baseline: '5m',
      min_samples: 3,
      health_check: { url: `${urls.healthUrl}/{service}/{color}/{version}`, timeout: '2s' },
      queries: QUERIES,
    }),
  };
  return {
    ...loaded,
    config: {
      ...loaded.config,
      metrics: metricsSchema.parse({ prometheus: { url: urls.prometheusUrl, timeout: '2s' } }),
      services: {
        ...loaded.config.services,
        checkout: watched,
        ...Object.fromEntries(copies.map((name) => [name, watched])),
      },
    },
  };
}
