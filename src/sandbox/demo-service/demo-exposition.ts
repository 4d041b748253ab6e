import { COLOURS, LATENCY_BUCKETS } from './colour-traffic.js';
import type { DemoApp } from './demo-app.js';
import type { CounterValues } from './role-counters.js';

/**
 * Every demo service's cumulative counters in Prometheus text format 0.0.4, labelled `service` and `track`: once per
 * colour (`blue`, `green`: what blue-green judges) and once per role (`stable`, `canary`: what canary, rolling and
 * recreate judge), so every track Shipgate fills into `{track}` has series. `http_requests_total{code}`, the
 * `http_request_duration_seconds` histogram and `orders_total`.
 */
export function demoExposition(apps: Iterable<DemoApp>): string {
  const rows: { labels: string; t: CounterValues }[] = [...apps].flatMap((app) => [
    ...COLOURS.map((colour) => ({
      labels: `service="${app.service}",track="${colour}"`,
      t: app.traffic[colour],
    })),
    ...(['stable', 'canary'] as const).map((role) => ({
      labels: `service="${app.service}",track="${role}"`,
      t: app.roles[role].values(),
    })),
  ]);
  const lines = [
    '# HELP http_requests_total Requests served, by status code.',
    '# TYPE http_requests_total counter',
  ];
  for (const { labels, t } of rows) {
    lines.push(`http_requests_total{${labels},code="200"} ${t.ok}`);
    lines.push(`http_requests_total{${labels},code="500"} ${t.errors}`);
  }
  lines.push('# HELP http_request_duration_seconds Request latency.');
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const { labels, t } of rows) {
    LATENCY_BUCKETS.forEach((le, i) => {
      lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${t.buckets[i]}`);
    });
    lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${t.requests}`);
    lines.push(`http_request_duration_seconds_sum{${labels}} ${t.latencySum}`);
    lines.push(`http_request_duration_seconds_count{${labels}} ${t.requests}`);
  }
  lines.push('# HELP orders_total Orders placed.');
  lines.push('# TYPE orders_total counter');
  for (const { labels, t } of rows) lines.push(`orders_total{${labels}} ${t.orders}`);
  return `${lines.join('\n')}\n`;
}
