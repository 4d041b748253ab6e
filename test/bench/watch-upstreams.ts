import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the post-deploy watch talks to, on one loopback HTTP server (see {@link startWatchUpstreams}). */
export interface WatchUpstreams {
  /** `http://127.0.0.1:<port>`, for `metrics.prometheus.url`. */
  readonly prometheusUrl: string;
  /** `http://127.0.0.1:<port>/health`: a health-check URL is this plus any path. */
  readonly healthUrl: string;
  /** Instant queries and health requests answered so far. */
  readonly counts: { queries: number; health: number };
  stop(): Promise<void>;
}

/** How the stand-in answers: a number per PromQL query, a status per health path (after `/health`). */
export interface WatchAnswers {
  readonly value?: (query: string) => number;
  readonly health?: (path: string) => number;
}

/**
 * A loopback stand-in for Prometheus and the service's health endpoint: `GET /api/v1/query?query=…` answers a
 * one-series instant vector in Prometheus's JSON (`{"status":"success","data":{"resultType":"vector",…}}`) with the
 * value `answers.value` gives (0.001 unless told); `GET /health/…` answers `answers.health`'s status (200 unless
 * told). Keep-alive, no logging: cheap enough that the process being measured is Shipgate's, not this one.
 */
export async function startWatchUpstreams(answers: WatchAnswers = {}): Promise<WatchUpstreams> {
  const counts = { queries: 0, health: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/v1/query') {
      counts.queries++;
      const value = answers.value?.(url.searchParams.get('query') ?? '') ?? 0.001;
      const body = JSON.stringify({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: {}, value: [Date.now() / 1000, String(value)] }],
        },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else if (url.pathname.startsWith('/health')) {
      counts.health++;
      res.writeHead(answers.health?.(url.pathname.slice('/health'.length)) ?? 200).end('ok');
    } else res.writeHead(404).end();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    prometheusUrl: base,
    healthUrl: `${base}/health`,
    counts,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
