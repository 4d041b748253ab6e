import { describe, expect, it } from 'vitest';
import { DemoApp } from '../../../../src/sandbox/demo-service/demo-app.js';
import { demoExposition } from '../../../../src/sandbox/demo-service/demo-exposition.js';

/** The value of one series line of the exposition. */
function series(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  if (!line) throw new Error(`no ${name}{${labels}}`);
  return Number(line.split(' ').at(-1));
}

describe('the demo’s stable and canary series', () => {
  it('count what the colour holding the role served, and never go down when traffic moves', () => {
    const app = new DemoApp('checkout', 30_000, '2.5.3');
    app.route(1000, 1_000);
    const before = demoExposition([app]);
    const stableOk = series(before, 'http_requests_total', 'service="checkout",track="stable",code="200"');
    expect(stableOk).toBe(
      series(before, 'http_requests_total', 'service="checkout",track="blue",code="200"'),
    );
    expect(series(before, 'http_requests_total', 'service="checkout",track="canary",code="200"')).toBe(0);

    app.setWeights(0); // green takes the traffic: it is stable now, blue the other one
    app.setBroken('green', true);
    app.route(1000, 2_000);
    const after = demoExposition([app]);
    const stableErrors = series(after, 'http_requests_total', 'service="checkout",track="stable",code="500"');
    const greenErrors = series(after, 'http_requests_total', 'service="checkout",track="green",code="500"');
    const blueErrors = series(after, 'http_requests_total', 'service="checkout",track="blue",code="500"');
    expect(stableErrors).toBe(blueErrors + greenErrors);
    expect(greenErrors).toBeGreaterThan(200);
    expect(
      series(after, 'http_requests_total', 'service="checkout",track="stable",code="200"'),
    ).toBeGreaterThan(stableOk);
    expect(series(after, 'http_request_duration_seconds_count', 'service="checkout",track="stable"')).toBe(
      2000,
    );
    expect(series(after, 'http_request_duration_seconds_count', 'service="checkout",track="canary"')).toBe(0);
  });

  it('gives the canary role the colour a canary rollout sends its share to', () => {
    const app = new DemoApp('checkout', 30_000, '2.5.3');
    app.setWeights(75); // a 25 % canary on green
    app.route(400, 1_000);
    const text = demoExposition([app]);
    expect(series(text, 'http_request_duration_seconds_count', 'service="checkout",track="canary"')).toBe(
      100,
    );
    expect(series(text, 'http_request_duration_seconds_count', 'service="checkout",track="stable"')).toBe(
      300,
    );
  });
});
