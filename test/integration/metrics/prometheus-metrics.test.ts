import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkQueryWithPrometheus } from '../../../src/adapters/metrics/check-query-with-prometheus.js';
import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus-metrics.js';
import type { MetricReading } from '../../../src/services/ports/metrics.js';
import { type DemoMetricsService, startDemoMetricsService } from '../../support/demo-metrics-service.js';
import {
  missingPrometheus,
  type PrometheusServer,
  startPrometheus,
} from '../../support/prometheus-server.js';
import { waitForQuery } from '../../support/wait-for-query.js';
import { type LoopbackServer, startLoopback } from '../adapters/loopback-server.js';

const errorRatio = (track: string) =>
  `sum(rate(http_requests_total{track="${track}",code=~"5.."}[3s])) / sum(rate(http_requests_total{track="${track}"}[3s]))`;
const P99 =
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track="green"}[3s])))';
const MEAN_LATENCY =
  'sum(rate(http_request_duration_seconds_sum{track="green"}[3s])) / sum(rate(http_request_duration_seconds_count{track="green"}[3s]))';
const ORDERS_PER_MINUTE = 'sum(rate(orders_total{track="green"}[3s])) * 60';

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPortUrl(): Promise<string> {
  const server = await startLoopback(() => ({ status: 200 }));
  await server.close();
  return server.url;
}

/** The value of a reading that must have one. */
function readValue(reading: MetricReading): number {
  expect(reading).toMatchObject({ ok: true });
  return reading.ok ? reading.value : Number.NaN;
}

describe.skipIf(missingPrometheus())('PrometheusMetrics against a real Prometheus', () => {
  let demo: DemoMetricsService;
  let prometheus: PrometheusServer;
  let metrics: PrometheusMetrics;

  beforeAll(async () => {
    demo = await startDemoMetricsService({
      tracks: {
        blue: { requestsPerSecond: 200, errorRate: 0.05 },
        green: { requestsPerSecond: 200, errorRate: 0.2, latencyMs: 300, ordersPerMinute: 1200 },
        canary: { requestsPerSecond: 0 },
      },
    });
    prometheus = await startPrometheus({ targets: [demo.hostPort] });
    metrics = new PrometheusMetrics({ url: prometheus.url, timeoutMs: 2_000 });
    await waitForQuery(prometheus.url, 'count_over_time(up{job="demo"}[3s])', (n) => n >= 3);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await demo?.stop();
  });

  it('reads the error ratio a track serves', async () => {
    expect(await metrics.instant(errorRatio('green'))).toEqual({ ok: true, value: expect.closeTo(0.2, 2) });
    expect(await metrics.instant(errorRatio('blue'))).toEqual({ ok: true, value: expect.closeTo(0.05, 2) });
  });

  it('reads a p99 from the histogram and the mean latency', async () => {
    const p99 = readValue(await metrics.instant(P99));
    expect(p99).toBeGreaterThan(0.25);
    expect(p99).toBeLessThanOrEqual(0.5);
    expect(await metrics.instant(MEAN_LATENCY)).toEqual({ ok: true, value: expect.closeTo(0.3, 3) });
  });

  it('reads a business rate (orders per minute)', async () => {
    const perMinute = readValue(await metrics.instant(ORDERS_PER_MINUTE));
    expect(perMinute).toBeGreaterThan(1200 * 0.85);
    expect(perMinute).toBeLessThan(1200 * 1.15);
  });

  it('follows a track whose error ratio changes, once the new rate has been scraped', async () => {
    demo.setTrack('stable', { errorRate: 0.5 });
    await waitForQuery(prometheus.url, errorRatio('stable'), (v) => v > 0.3);
    expect(readValue(await metrics.instant(errorRatio('stable')))).toBeGreaterThan(0.3);
  });

  it('reads a scalar result', async () => {
    expect(await metrics.instant('scalar(sum(up{job="demo"}))')).toEqual({ ok: true, value: 1 });
  });

  it('reads no data when no series matches', async () => {
    expect(await metrics.instant('http_requests_total{track="purple"}')).toEqual({
      ok: false,
      reason: 'no series matched',
    });
  });

  it('reads no data for NaN: the error ratio of a track without traffic is 0/0', async () => {
    expect(await metrics.instant(errorRatio('canary'))).toEqual({ ok: false, reason: 'NaN (no traffic?)' });
  });

  it('reads no data when the query returns several series', async () => {
    expect(await metrics.instant('sum by (track) (rate(http_requests_total[3s]))')).toEqual({
      ok: false,
      reason: '4 series; the query must return one',
    });
  });

  it('reads no data for a range vector', async () => {
    expect(await metrics.instant('up[3s]')).toEqual({
      ok: false,
      reason: 'a range vector; the query must return one instant value',
    });
  });

  it('reads no data with the parse error and the query for PromQL that does not parse', async () => {
    const query = 'sum(rate(http_requests_total[3s])';
    expect(await metrics.instant(query)).toEqual({
      ok: false,
      reason:
        'Prometheus bad_data: 1:34: parse error: unclosed left parenthesis in `sum(rate(http_requests_total[3s])`',
    });
  });

  it('reads no data with the error for a query that fails while it runs', async () => {
    const reading = await metrics.instant(
      'http_requests_total{track="green"} + on (service) http_requests_total{track="green"}',
    );
    expect(reading).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^Prometheus execution: .*many-to-many matching not allowed.* in `http_requests_total/,
      ),
    });
  });

  describe('checkQueryWithPrometheus', () => {
    it('passes a query Prometheus parses', async () => {
      expect(await checkQueryWithPrometheus(prometheus.url, errorRatio('green'), 2_000)).toEqual({
        ok: true,
      });
    });

    it('passes a query that parses but fails while it runs', async () => {
      const query = 'http_requests_total + on (service) http_requests_total';
      expect(await checkQueryWithPrometheus(prometheus.url, query, 2_000)).toEqual({ ok: true });
    });

    it('reports the parse error of a query Prometheus refuses', async () => {
      expect(await checkQueryWithPrometheus(prometheus.url, 'rate(http_requests_total)', 2_000)).toEqual({
        ok: false,
        kind: 'invalid',
        problem:
          '1:6: parse error: expected type range vector in call to function "rate", got instant vector',
      });
    });
  });

  describe('after Prometheus stops', () => {
    it('reads no data "connection refused"', async () => {
      await prometheus.stop();
      expect(await metrics.instant(errorRatio('green'))).toEqual({ ok: false, reason: 'connection refused' });
    });
  });
});

describe('PrometheusMetrics against servers that are not Prometheus', () => {
  const loopbacks: LoopbackServer[] = [];

  afterEach(async () => {
    await Promise.all(loopbacks.splice(0).map((l) => l.close()));
  });

  it('reads no data "timed out" from a server that never answers', async () => {
    const silent = await startLoopback(() => 'hang');
    loopbacks.push(silent);
    const slow = new PrometheusMetrics({ url: silent.url, timeoutMs: 300 });
    expect(await slow.instant('up')).toEqual({ ok: false, reason: 'timed out after 0.3 s' });
  });

  it('reads no data with the status for an HTTP error that is not Prometheus JSON', async () => {
    const proxy = await startLoopback(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    loopbacks.push(proxy);
    expect(await new PrometheusMetrics({ url: proxy.url, timeoutMs: 1_000 }).instant('up')).toEqual({
      ok: false,
      reason: 'HTTP 502 from Prometheus: "<html>Bad Gateway</html>" for `up`',
    });
  });

  it('reads no data for a body that is not Prometheus JSON', async () => {
    const other = await startLoopback(() => ({ status: 200, body: 'hello' }));
    loopbacks.push(other);
    expect(await new PrometheusMetrics({ url: other.url, timeoutMs: 1_000 }).instant('up')).toEqual({
      ok: false,
      reason: 'not a Prometheus API answer: "hello" for `up`',
    });
  });

  it('says the query is unchecked when Prometheus cannot be asked', async () => {
    expect(await checkQueryWithPrometheus(await closedPortUrl(), 'up', 1_000)).toEqual({
      ok: false,
      kind: 'unchecked',
      problem: 'could not ask Prometheus: connection refused',
    });
  });
});
