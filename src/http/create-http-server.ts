import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { SlackRequestGate } from './slack-request-gate.js';

/** What `/readyz` reports: each dependency Shipgate cannot work without, and whether it is up. */
export type ReadinessCheck = () => Promise<Record<string, { ok: boolean; detail?: string }>>;

/** Where Slack sends every request (commands, interactivity, events). */
const SLACK_PATH = '/slack/events';

/** Extra routes (e.g. `POST /pagerduty/webhook`) mounted beside the Slack endpoint. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Inputs of the HTTP server. */
export interface HttpServerOptions {
  readonly receiver: HTTPReceiver | undefined;
  /** Reads and verifies every Slack request before the receiver sees it (HTTP mode). */
  readonly slackGate?: SlackRequestGate;
  readonly metrics: Metrics;
  readonly readiness: ReadinessCheck;
  /** This replica's name, shown by `/readyz` (a load balancer's view is per replica). */
  readonly replica?: string;
  readonly logger: Logger;
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /**
   * Handlers of a whole path prefix (`/api/v1`, `/mcp`): each gets every method at the prefix itself and at any path
   * under it, and does its own routing.
   */
  readonly prefixes?: Readonly<Record<string, RouteHandler>>;
}

/**
 * The one HTTP server of the process: `POST /slack/events` (read and verified by the Slack request gate, then
 * handed to Bolt's receiver, which verifies the signature once more), `GET /healthz`, `GET /readyz` and `GET
 * /metrics`, plus the routes and path prefixes given (PagerDuty's webhook, the agent API and MCP server). The time
 * from request to response on the Slack endpoint is the ack latency recorded in the histogram. The Slack endpoint's
 * exact path is recognised without parsing the URL, and its metric series are looked up once, as it is the hot
 * path. No request can throw out of the handler: whatever throws, synchronously or not, is logged
 * and answered `500` (or the connection is closed when the answer had begun).
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
  const admit = (req: IncomingMessage, res: ServerResponse) => {
    try {
      receiver?.requestListener(req, res);
    } catch (err) {
      failed(res, err, 'Slack request could not be dispatched');
    }
  };
  const failed = (res: ServerResponse, err: unknown, message: string) => {
    logger.error({ err }, message);
    if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    else res.destroy();
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url === SLACK_PATH ? SLACK_PATH : new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === SLACK_PATH && method === 'POST' && receiver) {
      const started = performance.now();
      res.on('finish', () => {
        ackLatency.observe((performance.now() - started) / 1000);
        counted(res.statusCode).inc();
      });
      if (!options.slackGate) return admit(req, res);
      options.slackGate(req, res, admit).catch((err: unknown) => failed(res, err, 'Slack request failed'));
      return;
    }
    if (method === 'GET' && path === '/healthz') return send(res, 200, 'application/json', '{"status":"ok"}');
    if (method === 'GET' && path === '/readyz') {
      readiness().then(
        (checks) => {
          const ok = Object.values(checks).every((c) => c.ok);
          send(
            res,
            ok ? 200 : 503,
            'application/json',
            JSON.stringify({
              status: ok ? 'ready' : 'not ready',
              ...(options.replica ? { replica: options.replica } : {}),
              checks,
            }),
          );
        },
        (err: unknown) => failed(res, err, 'readiness failed'),
      );
      return;
    }
    if (method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => send(res, 200, metrics.registry.contentType, body),
        (err: unknown) => failed(res, err, 'metrics failed'),
      );
      return;
    }
    const route = options.routes?.[`${method} ${path}`];
    if (route) {
      Promise.resolve()
        .then(() => route(req, res))
        .catch((err: unknown) => failed(res, err, `route ${method} ${path} failed`));
      return;
    }
    const prefix = options.prefixes && prefixOf(options.prefixes, path);
    if (prefix) {
      Promise.resolve()
        .then(() => prefix(req, res))
        .catch((err: unknown) => failed(res, err, `${method} ${path} failed`));
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  };
  return createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      failed(res, err, 'HTTP request failed');
    }
  });
}

function prefixOf(prefixes: Readonly<Record<string, RouteHandler>>, path: string): RouteHandler | undefined {
  for (const [prefix, handler] of Object.entries(prefixes))
    if (path === prefix || path.startsWith(`${prefix}/`)) return handler;
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
