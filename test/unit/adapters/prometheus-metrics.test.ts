import { describe, expect, it } from 'vitest';
import { checkQueryWithPrometheus } from '../../../src/adapters/metrics/check-query-with-prometheus.js';
import type { FetchFunction } from '../../../src/adapters/metrics/fetch-function.js';
import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus-metrics.js';

/** A fetch that answers `status` and `body` for every URL and records the URLs asked. */
function fakeFetch(answer: (url: string) => { status: number; body: unknown }) {
  const urls: string[] = [];
  const fetch: FetchFunction = async (input) => {
    const url = String(input);
    urls.push(url);
    const { status, body } = answer(url);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
  return { fetch, urls };
}

const success = (data: unknown) => ({ status: 200, body: { status: 'success', data } });
const vector = (...values: string[]) =>
  success({ resultType: 'vector', result: values.map((v) => ({ metric: {}, value: [1_700_000_000, v] })) });

function metricsAnswering(answer: { status: number; body: unknown }) {
  const fake = fakeFetch(() => answer);
  return {
    metrics: new PrometheusMetrics({ url: 'http://prom.test:9091/', timeoutMs: 1_000, fetch: fake.fetch }),
    ...fake,
  };
}

describe('PrometheusMetrics (answers a real server does not easily give)', () => {
  it('asks /api/v1/query with the query encoded and no time, so Prometheus evaluates it at its now', async () => {
    const { metrics, urls } = metricsAnswering(vector('0.25'));
    expect(await metrics.instant('sum(rate(x{a="b c"}[5m]))')).toEqual({ ok: true, value: 0.25 });
    expect(urls).toEqual([
      'http://prom.test:9091/api/v1/query?query=sum(rate(x%7Ba%3D%22b%20c%22%7D%5B5m%5D))',
    ]);
  });

  it.each([
    ['+Inf', '+Inf (a division by zero?)'],
    ['-Inf', '-Inf (a division by zero?)'],
    ['NaN', 'NaN (no traffic?)'],
  ])('reads %s as no data', async (value, reason) => {
    expect(await metricsAnswering(vector(value)).metrics.instant('x')).toEqual({ ok: false, reason });
  });

  it('reads a scalar, and a NaN scalar as no data', async () => {
    const scalar = (v: string) => success({ resultType: 'scalar', result: [1_700_000_000, v] });
    expect(await metricsAnswering(scalar('3.5')).metrics.instant('x')).toEqual({ ok: true, value: 3.5 });
    expect(await metricsAnswering(scalar('NaN')).metrics.instant('x')).toEqual({
      ok: false,
      reason: 'NaN (no traffic?)',
    });
  });

  it('reads a string result and an unexpected shape as no data', async () => {
    const text = success({ resultType: 'string', result: [1_700_000_000, 'hello'] });
    expect(await metricsAnswering(text).metrics.instant('"hello"')).toEqual({
      ok: false,
      reason: 'a string; the query must return a number',
    });
    expect(await metricsAnswering(success({ resultType: 'histogram' })).metrics.instant('x')).toEqual({
      ok: false,
      reason: 'unexpected query result from Prometheus',
    });
  });

  it('quotes a long multi-line query on one line, cut at 200 characters', async () => {
    const error = { status: 'error', errorType: 'execution', error: 'boom' };
    const { metrics } = metricsAnswering({ status: 422, body: error });
    const query = `sum(\n  rate(${'a'.repeat(300)}[5m])\n)`;
    const reading = await metrics.instant(query);
    expect(reading).toEqual({
      ok: false,
      reason: `Prometheus execution: boom in \`sum( rate(${'a'.repeat(190)}…\``,
    });
  });

  it('reads an HTTP error with an empty body as no data naming the status', async () => {
    expect(await metricsAnswering({ status: 503, body: '' }).metrics.instant('up')).toEqual({
      ok: false,
      reason: 'HTTP 503 from Prometheus: an empty body for `up`',
    });
  });

  it('never throws, even when fetch itself does', async () => {
    const metrics = new PrometheusMetrics({
      url: 'http://prom.test',
      timeoutMs: 1_000,
      fetch: async () => {
        throw new Error('dispatcher exploded');
      },
    });
    expect(await metrics.instant('up')).toEqual({ ok: false, reason: 'dispatcher exploded' });
  });
});

describe('checkQueryWithPrometheus (endpoint choice)', () => {
  it('uses /api/v1/parse_query where the server has it', async () => {
    const { fetch, urls } = fakeFetch(() => success({ type: 'vectorSelector' }));
    expect(await checkQueryWithPrometheus('http://prom.test', 'up', 1_000, fetch)).toEqual({ ok: true });
    expect(urls).toEqual(['http://prom.test/api/v1/parse_query?query=up']);
  });

  it('falls back to an instant query where parse_query is a 404', async () => {
    const { fetch, urls } = fakeFetch((url) =>
      url.includes('parse_query')
        ? { status: 404, body: '404 page not found' }
        : {
            status: 400,
            body: {
              status: 'error',
              errorType: 'bad_data',
              error: 'invalid parameter "query": 1:4: parse error: x',
            },
          },
    );
    expect(await checkQueryWithPrometheus('http://prom.test', 'up(', 1_000, fetch)).toEqual({
      ok: false,
      kind: 'invalid',
      problem: '1:4: parse error: x',
    });
    expect(urls).toEqual([
      'http://prom.test/api/v1/parse_query?query=up(',
      'http://prom.test/api/v1/query?query=up(',
    ]);
  });

  it('is unchecked when the server answers something else', async () => {
    const { fetch } = fakeFetch(() => ({ status: 500, body: 'oops' }));
    expect(await checkQueryWithPrometheus('http://prom.test', 'up', 1_000, fetch)).toEqual({
      ok: false,
      kind: 'unchecked',
      problem: 'could not ask Prometheus: HTTP 500 from Prometheus: "oops"',
    });
  });
});
