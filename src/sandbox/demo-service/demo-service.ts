import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson, sendText } from '../http-io.js';
import { COLOURS, type Colour } from './colour-traffic.js';
import { DEMO_TRACKS, DemoApp, type DemoAppState, type DemoTrack } from './demo-app.js';
import { demoExposition } from './demo-exposition.js';

/** Options for {@link startDemoService}. */
export interface DemoServiceOptions {
  /** The services behind the switch (default: checkout). */
  readonly services?: readonly string[];
  /** Port on 127.0.0.1 (default 0: any free one). */
  readonly port?: number;
  /** Synthetic requests per second per service (default 100). */
  readonly requestsPerSecond?: number;
  /** How often the synthetic traffic is generated (default 250 ms); 0 generates it only on {@link DemoService.tick}. */
  readonly tickMs?: number;
  /** The sliding window of `/metrics.json` (default 30 s). */
  readonly windowMs?: number;
  /** Milliseconds now, for the traffic and the window (default `performance.now`); tests pass a fake one. */
  readonly now?: () => number;
}

/** The running demo service: the traffic switch, its colours and its admin API, on one loopback port. */
export interface DemoService {
  /** `http://127.0.0.1:<port>`: the switch's admin API (`DEMO_SWITCH_URL` of the scripts). */
  readonly url: string;
  /** `127.0.0.1:<port>`, the Prometheus scrape target (`/metrics`). */
  readonly hostPort: string;
  /** The URL of a service colour's (or track's) `/healthz`; `{color}` or `{track}` may stand in for it. */
  healthUrl(service: string, track: string): string;
  /** The URL of a service colour's (or track's) `/metrics.json`. */
  metricsJsonUrl(service: string, track: string): string;
  /** Raises a colour's error rate to 30 % and its latency tenfold (all services, or one). */
  break(color: Colour, service?: string): void;
  /** Undoes {@link break}. */
  heal(color: Colour, service?: string): void;
  /** Puts `version` on `color` and sends it all the traffic: what already runs when the sandbox (re)starts. */
  run(service: string, color: Colour, version: string): void;
  /** The switch's view of every service. */
  state(): DemoAppState[];
  /** Generates the synthetic traffic due since the last tick (the interval calls it too). */
  tick(): void;
  stop(): Promise<void>;
}

/** Probe requests each colour serves besides its share of traffic, as a share of the rate (5 req/s of 100). */
const PROBE_SHARE = 0.05;

/** A request the admin API refuses, with its status. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isColour = (value: unknown): value is Colour => COLOURS.includes(value as Colour);
const isTrack = (value: unknown): value is DemoTrack => DEMO_TRACKS.includes(value as DemoTrack);

/** Reads a JSON object body; an empty body is `{}`. */
async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new Refusal(400, 'expected a JSON object');
}

/** The `color` field of a body, refused unless blue or green. */
function colourField(body: Record<string, unknown>): Colour {
  if (!isColour(body.color)) throw new Refusal(400, 'expected "color": "blue" or "green"');
  return body.color;
}

/** Applies one admin POST to a service. */
function applyAdmin(app: DemoApp, action: string, body: Record<string, unknown>): void {
  switch (action) {
    case 'weights': {
      const blue = typeof body.blue === 'number' ? body.blue : 100 - Number(body.green);
      if (!Number.isFinite(blue) || blue < 0 || blue > 100)
        throw new Refusal(400, 'expected "blue" or "green": a percent from 0 to 100');
      app.setWeights(blue);
      return;
    }
    case 'versions': {
      const version = body.version;
      if (version !== null && (typeof version !== 'string' || version === ''))
        throw new Refusal(400, 'expected "version": a version or null');
      app.setVersion(colourField(body), version);
      return;
    }
    case 'canary':
      app.setCanary(body.color === null ? null : colourField(body));
      return;
    case 'break':
    case 'heal':
      app.setBroken(colourField(body), action === 'break');
      return;
    case 'notes':
      if (typeof body.note !== 'string' || body.note.trim() === '')
        throw new Refusal(400, 'expected "note": some text');
      app.addNote(body.note);
      return;
    default:
      throw new Refusal(404, `no admin action "${action}"`);
  }
}

/**
 * Starts the demo service on 127.0.0.1: one server holds the traffic switch and both colours of each service, told
 * apart by path, so the sandbox needs one port and Prometheus one target.
 *
 * - `GET /<service>/` (any other path under the service): one request through the switch, answered by the colour
 *   the weights pick.
 * - `GET /<service>/<track>/healthz`: 200 while the colour is healthy, 500 while broken. A track is `blue`, `green`,
 *   `stable` (the live colour) or `canary` (the other).
 * - `GET /<service>/<track>/metrics.json`: `{error_rate, latency_p95, latency_p99, throughput, orders_per_minute,
 *   requests, …}` over the sliding window; the rates are null without requests.
 * - `GET /metrics`: Prometheus text of every service and colour.
 * - `GET /admin/state`, `GET /admin/<service>`; `POST /admin/<service>/weights {blue|green: percent}`,
 *   `/versions {color, version}`, `/canary {color|null}`, `/break {color}`, `/heal {color}`, `/notes {note}`: answered with the state.
 *
 * Synthetic traffic (`requestsPerSecond` per service through the switch, plus 5 % of that as probes on each colour
 * so an idle colour has rates too) runs every `tickMs`, counted by elapsed time.
 */
export async function startDemoService(options: DemoServiceOptions = {}): Promise<DemoService> {
  const now = options.now ?? (() => performance.now());
  const windowMs = options.windowMs ?? 30_000;
  const rate = options.requestsPerSecond ?? 100;
  const apps = new Map<string, DemoApp>(
    (options.services ?? ['checkout']).map((s) => [s, new DemoApp(s, windowMs, null)]),
  );
  let last = now();
  let carry = 0;
  let probeCarry = 0;
  const tick = () => {
    const at = now();
    const seconds = Math.max(0, at - last) / 1000;
    last = at;
    carry += rate * seconds;
    probeCarry += rate * PROBE_SHARE * seconds;
    const requests = Math.floor(carry);
    const probes = Math.floor(probeCarry);
    carry -= requests;
    probeCarry -= probes;
    for (const app of apps.values()) {
      if (requests > 0) app.route(requests, at);
      if (probes > 0) app.probe(probes, at);
    }
  };
  const tickMs = options.tickMs ?? 250;
  const ticker = tickMs > 0 ? setInterval(tick, tickMs) : undefined;
  ticker?.unref();

  const appOf = (service: string | undefined): DemoApp => {
    const app = apps.get(service ?? '');
    if (!app) throw new Refusal(404, `no demo service "${service}"`);
    return app;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parts = new URL(req.url ?? '/', 'http://demo').pathname.split('/').filter(Boolean);
    if (parts[0] === 'metrics' && parts.length === 1) {
      tick();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(demoExposition(apps.values()));
      return;
    }
    if (parts[0] === 'admin') {
      if (req.method === 'GET' && parts[1] === 'state' && parts.length === 2)
        return sendJson(res, 200, { services: [...apps.values()].map((a) => a.state()) });
      const app = appOf(parts[1]);
      if (req.method === 'GET' && parts.length === 2) return sendJson(res, 200, app.state());
      if (req.method === 'POST' && parts.length === 3) {
        applyAdmin(app, parts[2] ?? '', await jsonBody(req));
        return sendJson(res, 200, app.state());
      }
      throw new Refusal(404, 'no such admin route');
    }
    const app = appOf(parts[0]);
    const [, track, leaf] = parts;
    if (parts.length === 3 && isTrack(track) && (leaf === 'healthz' || leaf === 'metrics.json')) {
      tick();
      const colour = app.colourOf(track);
      if (leaf === 'metrics.json') return sendJson(res, 200, app.figures(track, now()));
      const broken = app.traffic[colour].broken;
      return sendJson(res, broken ? 500 : 200, {
        status: broken ? 'broken' : 'ok',
        color: colour,
        version: app.state().versions[colour],
      });
    }
    tick();
    const colour = app.route(1, now()) ?? app.live;
    const failed = app.traffic[colour].broken;
    sendJson(res, failed ? 500 : 200, {
      service: app.service,
      color: colour,
      version: app.state().versions[colour],
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof Refusal) return sendJson(res, error.status, { error: error.message });
      sendText(res, 500, `demo service error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const each = (service: string | undefined, change: (app: DemoApp) => void) => {
    if (service === undefined) for (const app of apps.values()) change(app);
    else change(appOf(service));
  };
  return {
    url,
    hostPort: `127.0.0.1:${port}`,
    healthUrl: (service, track) => `${url}/${service}/${track}/healthz`,
    metricsJsonUrl: (service, track) => `${url}/${service}/${track}/metrics.json`,
    break: (color, service) => each(service, (app) => app.setBroken(color, true)),
    heal: (color, service) => each(service, (app) => app.setBroken(color, false)),
    run: (service, color, version) =>
      each(service, (app) => {
        app.setVersion(color, version);
        app.setWeights(color === 'blue' ? 100 : 0);
      }),
    state: () => [...apps.values()].map((a) => a.state()),
    tick,
    stop: () =>
      new Promise<void>((resolve) => {
        if (ticker) clearInterval(ticker);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
