import { fillWatchQuery, type WatchPlaceholders } from '../../core/watch/fill-watch-query.js';
import type { Reading } from '../../core/watch/watch-sample.js';
import type { WatchedMetric } from '../../core/watch/watched-metric.js';
import type { MetricsSource } from '../ports/metrics.js';

/**
 * Reads every metric once for one track, all queries at the same time (one query per metric per sample, no
 * retries inside a sample); `wrap` turns a filled query into the one sent (the baseline's average over a window).
 */
export async function readMetrics(
  source: MetricsSource | undefined,
  metrics: readonly WatchedMetric[],
  track: WatchPlaceholders,
  wrap: (query: string) => string = (q) => q,
): Promise<Record<string, Reading>> {
  const entries = await Promise.all(
    metrics.map(async (m): Promise<[string, Reading]> => {
      if (!source) return [m.name, { ok: false, reason: 'no metrics source configured (metrics)' }];
      return [m.name, await source.instant(wrap(fillWatchQuery(m.query, track)), track)];
    }),
  );
  return Object.fromEntries(entries);
}
