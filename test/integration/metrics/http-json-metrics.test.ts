import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpJsonMetrics } from '../../../src/adapters/metrics/http-json-metrics.js';
import type { WatchPlaceholders } from '../../../src/core/watch/fill-watch-query.js';
import { type Answer, type LoopbackServer, startLoopback } from '../adapters/loopback-server.js';

const green: WatchPlaceholders = {
  service: 'checkout',
  env: 'production',
  version: '2.5.4',
  track: 'green',
  color: 'green',
};
const answers = new Map<string, Answer>();
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopback((request) => answers.get(request.url) ?? { status: 404, body: 'not found' });
});
afterAll(() => server.close());

const metrics = (url = `${server.url}/{service}/{track}/metrics.json`, timeoutMs = 2_000) =>
  new HttpJsonMetrics({ url, timeoutMs });

describe('HttpJsonMetrics against a loopback JSON server', () => {
  it("reads each field of the track's URL, the readings of one sample sharing one GET", async () => {
    answers.set('/checkout/green/metrics.json', {
      status: 200,
      body: JSON.stringify({ error_rate: 0.3, latency: { p99: 1.2 }, requests: 900 }),
    });
    const before = server.received.length;
    const source = metrics();
    const [rate, p99, requests] = await Promise.all([
      source.instant('error_rate', green),
      source.instant('latency.p99', green),
      source.instant('requests', green),
    ]);
    expect(rate).toEqual({ ok: true, value: 0.3 });
    expect(p99).toEqual({ ok: true, value: 1.2 });
    expect(requests).toEqual({ ok: true, value: 900 });
    expect(server.received.length - before).toBe(1);
    expect(server.received.at(-1)?.headers.accept).toBe('application/json');
    expect(await source.instant('error_rate', green)).toEqual({ ok: true, value: 0.3 });
    expect(server.received.length - before).toBe(2);
  });

  it('fills the placeholders of the URL per track', async () => {
    answers.set('/production/blue/2.5.3', { status: 200, body: '{"error_rate":0.002}' });
    const source = metrics(`${server.url}/{env}/{color}/{version}`);
    const blue = { ...green, track: 'blue', color: 'blue', version: '2.5.3' };
    expect(await source.instant('error_rate', blue)).toEqual({ ok: true, value: 0.002 });
  });

  it('is no data with the reason for a missing field, null and a non-number', async () => {
    answers.set('/checkout/green/metrics.json', {
      status: 200,
      body: '{"error_rate":null,"latency_p99":"slow"}',
    });
    const source = metrics();
    expect(await source.instant('error_rate', green)).toEqual({
      ok: false,
      reason: 'error_rate is null (no traffic?)',
    });
    expect(await source.instant('latency_p99', green)).toEqual({
      ok: false,
      reason: 'latency_p99 is not a number: "slow"',
    });
    expect(await source.instant('throughput', green)).toEqual({
      ok: false,
      reason: 'no field throughput in the JSON',
    });
  });

  it('is no data for an HTTP error or a body that is not JSON, naming no URL', async () => {
    answers.set('/checkout/green/metrics.json', { status: 503, body: 'upstream down' });
    expect(await metrics().instant('error_rate', green)).toEqual({
      ok: false,
      reason: 'HTTP 503 from the metrics endpoint: "upstream down"',
    });
    answers.set('/checkout/green/metrics.json', { status: 200, body: '<html>hello</html>' });
    expect(await metrics().instant('error_rate', green)).toEqual({
      ok: false,
      reason: `the metrics endpoint's answer is not JSON: "<html>hello</html>"`,
    });
  });

  it('is no data for a timeout and for a server that is not there', async () => {
    answers.set('/checkout/green/metrics.json', 'hang');
    expect(await metrics(undefined, 200).instant('error_rate', green)).toEqual({
      ok: false,
      reason: 'timed out after 0.2 s',
    });
    const gone = await startLoopback(() => ({ status: 200 }));
    await gone.close();
    expect(await metrics(`${gone.url}/{track}`).instant('error_rate', green)).toEqual({
      ok: false,
      reason: 'connection refused',
    });
  });
});
