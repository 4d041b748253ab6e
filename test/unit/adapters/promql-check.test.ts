import { describe, expect, it } from 'vitest';
import { promqlCheck } from '../../../src/adapters/metrics/promql-check.js';

describe('promqlCheck', () => {
  it.each([
    'up',
    'sum(rate(http_requests_total{service="{service}",track="{color}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="{service}",track="{color}"}[5m]))',
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[1h30m])))',
    'max_over_time(rate(orders_total[5m])[30m:1m])',
    'max_over_time(rate(orders_total[5m])[30m:])',
    'rate(x[ 500ms ])',
    'label_replace(up, "a", "$1", "b", "(.*)[)")',
    "up{job='a\\'(b'}",
    'up{job=`C:\\path(`}',
    'sum(up) # a comment with ( and [\n  > 0',
    'rate(x[1y2w3d4h5m6s7ms])',
  ])('finds nothing wrong with %s', (query) => {
    expect(promqlCheck(query)).toEqual([]);
  });

  it('refuses an empty query, or one of only a comment', () => {
    expect(promqlCheck('')).toEqual(['empty query']);
    expect(promqlCheck('  \n ')).toEqual(['empty query']);
    expect(promqlCheck('# just a comment')).toEqual(['empty query']);
  });

  it('finds an unclosed bracket and where it opened', () => {
    expect(promqlCheck('sum(rate(x[5m])')).toEqual(['unclosed ( opened at 1:4']);
    expect(promqlCheck('up{job="a"')).toEqual(['unclosed { opened at 1:3']);
  });

  it('finds a closer without an opener', () => {
    expect(promqlCheck('sum(up))')).toEqual([') at 1:8 closes nothing']);
  });

  it('finds a bracket closed by the wrong kind', () => {
    expect(promqlCheck('sum(rate(x[5m)))')).toEqual(['[ opened at 1:11 is closed by ) at 1:14']);
  });

  it('counts lines and columns in a multi-line query', () => {
    expect(promqlCheck('sum(\n  rate(x[5m]\n)')).toEqual(['unclosed ( opened at 1:4']);
    expect(promqlCheck('sum(\n  rate(x[5m])))')).toEqual([') at 2:15 closes nothing']);
  });

  it('ignores brackets inside strings and comments', () => {
    expect(promqlCheck('up{job="(((["} # ]]]')).toEqual([]);
  });

  it('finds an unterminated string of each quote', () => {
    expect(promqlCheck('up{job="api}')).toEqual(['unterminated " string starting at 1:8']);
    expect(promqlCheck("up{job='api\\'}")).toEqual(["unterminated ' string starting at 1:8"]);
    expect(promqlCheck('up{job=`api}')).toEqual(['unterminated ` string starting at 1:8']);
  });

  it.each([
    ['rate(x[5x])', '[5x] at 1:7'],
    ['rate(x[])', '[] at 1:7'],
    ['rate(x[0s])', '[0s] at 1:7'],
    ['rate(x[1.5m])', '[1.5m] at 1:7'],
    ['rate(x[30m1h])', '[30m1h] at 1:7'],
    ['rate(x[5m:1x])', '[5m:1x] at 1:7'],
    ['rate(x[$__rate_interval])', '[$__rate_interval] at 1:7'],
  ])('refuses the range in %s', (query, where) => {
    expect(promqlCheck(query)).toEqual([
      `${where} is not a range such as [5m] or a subquery such as [30m:1m]`,
    ]);
  });

  it('lists every problem it finds', () => {
    expect(promqlCheck('sum(rate(x[5q])) ) + (up')).toEqual([
      '[5q] at 1:11 is not a range such as [5m] or a subquery such as [30m:1m]',
      ') at 1:18 closes nothing',
      'unclosed ( opened at 1:22',
    ]);
  });
});
