import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWatchQueries } from '../../../src/cli/check-watch-queries.js';
import { checkConfigFile } from '../../../src/config/check-config-file.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { watchQueries, watchQueryIssues } from '../../../src/config/watch-query-issues.js';
import type { ServiceConfig, ShipgateConfig } from '../../../src/core/config/shipgate-config-schema.js';
import { metricsSchema, type WatchConfig } from '../../../src/core/config/watch-schema.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');
const validPath = join(fixtures, 'config/valid.yml');
const loaded = loadConfig(validPath);
const checkout = loaded.config.services.checkout as ServiceConfig;
const watch = checkout.watch as WatchConfig;
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function withQueries(queries: Record<string, string>): ShipgateConfig {
  return {
    ...loaded.config,
    services: { checkout: { ...checkout, watch: { ...watch, queries, business_metrics: {} } } },
  };
}

describe('watchQueryIssues (the offline PromQL check of config check)', () => {
  it('accepts the fixture queries once their placeholders are filled', () => {
    expect(watchQueryIssues(loaded.config)).toEqual([]);
    expect(
      watchQueries(withQueries({ error_rate: 'up{service="{service}",env="{env}",track="{track}"}' })),
    ).toEqual([
      {
        path: ['services', 'checkout', 'watch', 'queries', 'error_rate'],
        service: 'checkout',
        query: 'up{service="checkout",env="staging",track="blue"}',
      },
    ]);
  });

  it('refuses a query that does not parse, at its key, with the position', () => {
    expect(watchQueryIssues(withQueries({ error_rate: 'sum(rate(x{service="{service}"}[5m])' }))).toEqual([
      {
        path: ['services', 'checkout', 'watch', 'queries', 'error_rate'],
        message: 'PromQL does not parse: unclosed ( opened at 1:4',
      },
    ]);
  });

  it('checks business metric queries too', () => {
    const config: ShipgateConfig = {
      ...loaded.config,
      services: {
        checkout: {
          ...checkout,
          watch: {
            ...watch,
            business_metrics: { orders: { query: 'sum(orders[5q])', higher_is_better: true } },
          },
        },
      },
    };
    expect(watchQueryIssues(config).map((i) => i.path.join('.'))).toEqual([
      'services.checkout.watch.business_metrics.orders.query',
    ]);
  });
});

describe('config check of watch queries (CLI level)', () => {
  it('prints a broken query with its line and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-queries-'));
    temps.push(dir);
    const text = readFileSync(validPath, 'utf8')
      .replace('environments_dir: environments', `environments_dir: ${join(fixtures, 'config/environments')}`)
      .replace('[1m])) * 60', '[1m]) * 60');
    const path = join(dir, 'shipgate.yml');
    writeFileSync(path, text);
    const result = checkConfigFile(path);
    expect(result.exitCode).toBe(1);
    // payments shares checkout's watch through a YAML alias, so the same line is reported for both.
    expect(result.output.split('\n')).toEqual(
      ['checkout', 'payments'].map(
        (service) =>
          `services.${service}.watch.business_metrics.orders_per_minute.query (line 26): PromQL does not parse: unclosed ( opened at 1:4`,
      ),
    );
  });

  it('asks Prometheus with --prometheus: OK, a refused query with its key, or exit 2 when none is configured', async () => {
    const answer = (query: string) =>
      query.includes('orders')
        ? {
            status: 400,
            body: { status: 'error', errorType: 'bad_data', error: '1:1: parse error: unknown function' },
          }
        : { status: 200, body: { status: 'success', data: { type: 'vectorSelector' } } };
    const fetch = (async (input: string | URL | Request) => {
      const query = new URL(String(input)).searchParams.get('query') ?? '';
      const { status, body } = answer(query);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    expect(await checkWatchQueries(loaded, fetch)).toEqual({
      output: ['checkout', 'payments']
        .map(
          (service) =>
            `services.${service}.watch.business_metrics.orders_per_minute.query: Prometheus refuses it: 1:1: parse error: unknown function`,
        )
        .join('\n'),
      exitCode: 1,
    });
    const clean = {
      ...loaded.config,
      services: { checkout: { ...checkout, watch: { ...watch, business_metrics: {} } } },
    };
    expect(await checkWatchQueries({ ...loaded, config: clean }, fetch)).toEqual({
      output: 'OK Prometheus: all 3 watch queries parse at http://127.0.0.1:9090',
      exitCode: 0,
    });
    const { metrics: _metrics, ...noPrometheus } = loaded.config;
    expect((await checkWatchQueries({ ...loaded, config: noPrometheus }, fetch)).exitCode).toBe(2);
  });
});

describe('metrics.http_json (a service reporting its own rates)', () => {
  const httpJson = (queries: Record<string, string>): ShipgateConfig =>
    ({
      ...withQueries(queries),
      metrics: {
        http_json: {
          url: 'http://127.0.0.1:8080/{service}/{track}/metrics.json',
          timeout: { ms: 2000, text: '2s' },
        },
      },
    }) as ShipgateConfig;

  it('accepts watch queries that are JSON field paths, placeholders filled', () => {
    expect(
      watchQueryIssues(
        httpJson({ error_rate: 'error_rate', latency_p99: 'latency.p99', x: 'tracks.{track}.x' }),
      ),
    ).toEqual([]);
  });

  it('refuses PromQL (or anything else that is not a field path) at its key', () => {
    expect(watchQueryIssues(httpJson({ error_rate: 'sum(rate(x[1m]))' }))).toEqual([
      {
        path: ['services', 'checkout', 'watch', 'queries', 'error_rate'],
        message:
          'with metrics.http_json a watch query is a JSON field path such as error_rate or latency.p99, got "sum(rate(x[1m]))"',
      },
    ]);
  });

  it('takes exactly one of prometheus or http_json, and http_json needs an http URL with watch placeholders', () => {
    const parse = (metrics: unknown) => metricsSchema.safeParse(metrics);
    expect(parse({ http_json: { url: 'http://127.0.0.1:8080/{track}/metrics.json' } })).toMatchObject({
      success: true,
      data: { http_json: { timeout: { ms: 5000 } } },
    });
    expect(parse({}).error?.issues[0]?.message).toBe(
      'expected exactly one of prometheus or http_json, got neither',
    );
    expect(
      parse({ prometheus: { url: 'http://127.0.0.1:9090' }, http_json: { url: 'http://x/{track}' } }).error
        ?.issues[0]?.message,
    ).toBe('expected exactly one of prometheus or http_json, got both');
    expect(parse({ http_json: { url: 'http://x/{tier}' } }).success).toBe(false);
    expect(parse({ http_json: { url: 'metrics.json' } }).success).toBe(false);
  });
});
