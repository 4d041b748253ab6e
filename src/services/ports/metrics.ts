import type { WatchPlaceholders } from '../../core/watch/fill-watch-query.js';

/**
 * One reading of a metric query: a number, or no data and why (an empty result, NaN, a timeout, an HTTP or PromQL
 * error). A failed query is never a healthy value: the watch decides what no data means (`no_data: pause|fail`).
 */
export type MetricReading =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Answers instant queries (Prometheus `/api/v1/query`, evaluated at the server's now; or a field of a service's own
 * JSON, `metrics.http_json`). `track` is the track the filled query is about (the JSON source's URL needs it).
 * Never throws.
 */
export interface MetricsSource {
  instant(query: string, track?: WatchPlaceholders): Promise<MetricReading>;
  /**
   * False when the source cannot average a query over a window (a PromQL subquery): the baseline is then the value
   * when the watch starts. Unset means it can.
   */
  readonly subqueries?: boolean;
}

/** One health request's outcome: `ok` when the answer had the expected status within the timeout. */
export interface HealthReading {
  readonly ok: boolean;
  /** The HTTP status, undefined when no answer came (refused, timed out). */
  readonly status: number | undefined;
  /** One line for the thread: `200 in 12 ms`, `503 in 8 ms`, `timed out after 2 s`, `connection refused`. */
  readonly detail: string;
  readonly durationMs: number;
}

/** Requests a health-check URL once (no retries inside a sample). Never throws. */
export interface HealthProbe {
  check(url: string, expectStatus: number, timeoutMs: number): Promise<HealthReading>;
}
