import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { reasonForStatus, reasonForThrown } from '../../src/core/upstream-error.js';
import { UPSTREAM_WINDOW_MS, UpstreamHealth } from '../../src/upstream-health.js';

describe('upstream health', () => {
  it('sums each upstream’s failures of the last 5 minutes, one part per upstream, and forgets older ones', () => {
    let now = 0;
    const health = new UpstreamHealth(undefined, () => now);
    expect(health.summary()).toBeUndefined();
    health.record('slack', 'timeout');
    now = 60_000;
    health.record('slack', 'timeout');
    health.record('slack', '5xx');
    health.record('pagerduty', 'network');

    expect(health.summary()).toBe(
      'pagerduty: 1 network error in the last 5 min; slack: 2 timeouts, 1 5xx answer in the last 5 min',
    );
    now = UPSTREAM_WINDOW_MS + 30_000;
    expect(health.count('slack', 'timeout')).toBe(1);
    now = UPSTREAM_WINDOW_MS + 61_000;
    expect(health.summary()).toBeUndefined();
  });

  it('counts every failure in shipgate_upstream_errors_total by upstream and reason', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'shipgate_upstream_errors_total',
      help: 'test',
      labelNames: ['upstream', 'reason'],
      registers: [registry],
    });
    const health = new UpstreamHealth(counter);
    health.record('slack', '429');
    health.record('slack', '429');
    expect(await registry.metrics()).toContain(
      'shipgate_upstream_errors_total{upstream="slack",reason="429"} 2',
    );
  });

  it('tells a deadline that passed from other network failures, and 429 and 5xx from other statuses', () => {
    expect(reasonForThrown(new DOMException('The operation timed out', 'TimeoutError'))).toBe('timeout');
    expect(reasonForThrown(Object.assign(new Error('wrapped'), { cause: { name: 'TimeoutError' } }))).toBe(
      'timeout',
    );
    expect(reasonForThrown(new TypeError('fetch failed'))).toBe('network');
    expect([429, 500, 503, 599, 404, 200].map(reasonForStatus)).toEqual([
      '429',
      '5xx',
      '5xx',
      '5xx',
      undefined,
      undefined,
    ]);
  });
});
