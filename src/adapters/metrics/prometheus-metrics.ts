import { z } from 'zod';
import type { MetricReading, MetricsSource } from '../../services/ports/metrics.js';
import { callPrometheusApi, type PrometheusAnswer } from './call-prometheus-api.js';
import { type FetchFunction, globalFetch } from './fetch-function.js';
import { promqlErrorText } from './promql-error-text.js';
import { quoteQuery } from './quote-query.js';

/** Where Prometheus answers (`metrics.prometheus`) and, for tests, the fetch to call it with. */
export interface PrometheusMetricsOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly fetch?: FetchFunction;
}

/** One sample as Prometheus writes it: `[unix seconds, "value"]`, the value a string so NaN and ±Inf fit. */
const sample = z.tuple([z.number(), z.string()]);

const queryData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ value: sample })) }),
  z.object({ resultType: z.literal('scalar'), result: sample }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
  z.object({ resultType: z.literal('string'), result: sample }),
]);

/** A sample's value as a reading: NaN (0/0, a ratio without traffic) and ±Inf (x/0) are no data. */
function readValue(text: string): MetricReading {
  if (text === 'NaN') return { ok: false, reason: 'NaN (no traffic?)' };
  if (text === '+Inf' || text === '-Inf') return { ok: false, reason: `${text} (a division by zero?)` };
  const value = Number(text);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `not a number: ${text}` };
}

/** A successful query's data as a reading: one series or a scalar is a value, anything else is no data. */
function readData(data: unknown): MetricReading {
  const parsed = queryData.safeParse(data);
  if (!parsed.success) return { ok: false, reason: 'unexpected query result from Prometheus' };
  const result = parsed.data;
  switch (result.resultType) {
    case 'scalar':
      return readValue(result.result[1]);
    case 'vector': {
      const [only, ...more] = result.result;
      if (only === undefined) return { ok: false, reason: 'no series matched' };
      if (more.length > 0)
        return { ok: false, reason: `${result.result.length} series; the query must return one` };
      return readValue(only.value[1]);
    }
    case 'matrix':
      return { ok: false, reason: 'a range vector; the query must return one instant value' };
    case 'string':
      return { ok: false, reason: 'a string; the query must return a number' };
  }
}

/** An API answer as a reading; errors name the query, since they are usually about it. */
function readAnswer(answer: PrometheusAnswer, query: string): MetricReading {
  switch (answer.kind) {
    case 'success':
      return readData(answer.data);
    case 'error':
      return {
        ok: false,
        reason: `Prometheus ${answer.errorType}: ${promqlErrorText(answer.error)} in ${quoteQuery(query)}`,
      };
    case 'unanswered':
      return {
        ok: false,
        reason: answer.status === undefined ? answer.reason : `${answer.reason} for ${quoteQuery(query)}`,
      };
  }
}

/**
 * The watch's metrics from Prometheus: each reading is one instant query (`/api/v1/query` without `time`, so
 * Prometheus evaluates it at its own now) that must come to one number. No series, several series, NaN, ±Inf,
 * errors, timeouts and unreachable servers are no data with a one-line reason for the thread — never a value,
 * never a throw.
 */
export class PrometheusMetrics implements MetricsSource {
  private readonly fetch: FetchFunction;

  constructor(private readonly options: PrometheusMetricsOptions) {
    this.fetch = options.fetch ?? globalFetch;
  }

  /** Evaluates `query` now; see the class for what counts as a value. */
  async instant(query: string): Promise<MetricReading> {
    const answer = await callPrometheusApi({
      baseUrl: this.options.url,
      path: '/api/v1/query',
      query,
      timeoutMs: this.options.timeoutMs,
      fetch: this.fetch,
    });
    return readAnswer(answer, query);
  }
}
