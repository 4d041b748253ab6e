import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';

/** What `/readyz` reports: each dependency Shipgate cannot work without, and whether it is up. */
export type ReadinessCheck = () => Record<string, { ok: boolean; detail?: string }>;

/** Where Slack sends every request (commands, interactivity, events). */
const SLACK_PATH = '/slack/events';

/** Extra routes (e.g. `POST /pagerduty/webhook`) mounted beside the Slack endpoint. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Inputs of the HTTP server. */
export interface HttpServerOptions {
  readonly receiver: HTTPReceiver | undefined;
  readonly metrics: Metrics;
  readonly readiness: ReadinessCheck;
  readonly logger: Logger;
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

/**
 * The one HTTP server of the process: `POST /slack/events` (handed to Bolt's receiver, which verifies signatures
 * and answers 401 to forged or stale requests), `GET /healthz`, `GET /readyz` and `GET /metrics`. The time from
 * request to response on the Slack endpoint is the ack latency recorded in the histogram. The Slack endpoint's exact
 * path is recognised without parsing the URL, and its metric series are looked up once, as it is the hot path.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { receiver, metrics, readiness, logger } = options;
  const ackLatency = metrics.ackLatency.labels({ endpoint: 'slack' });
  const byStatus = new Map<number, { inc(): void }>();
  const counted = (status: number) => {
    let counter = byStatus.get(status);
    if (!counter) {
      counter = metrics.slackRequests.labels({ status: String(status) });
      byStatus.set(status, counter);
    }
    return counter;
  };
  return createServer((req, res) => {
    const path = req.url === SLACK_PATH ? SLACK_PATH : new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === SLACK_PATH && method === 'POST' && receiver) {
      const started = performance.now();
      res.on('finish', () => {
        ackLatency.observe((performance.now() - started) / 1000);
        counted(res.statusCode).inc();
      });
      try {
        receiver.requestListener(req, res);
      } catch (err) {
        logger.error({ err }, 'Slack request could not be dispatched');
        send(res, 500, 'text/plain', 'internal error');
      }
      return;
    }
    if (method === 'GET' && path === '/healthz') return send(res, 200, 'application/json', '{"status":"ok"}');
    if (method === 'GET' && path === '/readyz') {
      const checks = readiness();
      const ok = Object.values(checks).every((c) => c.ok);
      return send(
        res,
        ok ? 200 : 503,
        'application/json',
        JSON.stringify({ status: ok ? 'ready' : 'not ready', checks }),
      );
    }
    if (method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => send(res, 200, metrics.registry.contentType, body),
        (err: unknown) => {
          logger.error({ err }, 'metrics failed');
          send(res, 500, 'text/plain', 'metrics unavailable');
        },
      );
      return;
    }
    const route = options.routes?.[`${method} ${path}`];
    if (route) {
      Promise.resolve(route(req, res)).catch((err: unknown) => {
        logger.error({ err, path }, 'route failed');
        if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      });
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
