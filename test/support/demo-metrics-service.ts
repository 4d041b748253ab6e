import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The tracks a deploy's traffic runs on: blue/green pairs and canary/stable pairs. */
export const DEMO_TRACKS = ['blue', 'green', 'canary', 'stable'] as const;

/** One of {@link DEMO_TRACKS}. */
export type DemoTrack = (typeof DEMO_TRACKS)[number];

/** The traffic one track serves: how much, how much of it fails, how slow it is, and how many orders it brings. */
export interface TrackTraffic {
  /** Requests per second; 0 leaves the track idle (its counters stay, so a ratio over it is 0/0 = NaN). */
  readonly requestsPerSecond: number;
  /** Fraction of requests answered 500, 0–1. */
  readonly errorRate: number;
  /** Every request's latency, observed in the histogram. */
  readonly latencyMs: number;
  readonly ordersPerMinute: number;
}

/** A health answer: a status, or `hang` to accept the request and never answer. */
export type DemoHealth = number | 'hang';

/** A running demo service; `stop()` it in afterAll. */
export interface DemoMetricsService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `127.0.0.1:<port>`, for a Prometheus scrape target. */
  readonly hostPort: string;
  /** The `service` label on every series. */
  readonly service: string;
  /** Changes a track's traffic from now on (traffic so far is counted with the old settings first). */
  setTrack(track: DemoTrack, traffic: Partial<TrackTraffic>): void;
  /**
   * Whether `/metrics` shows the track's series from now on (default: shown). A hidden track's traffic is still
   * counted, but Prometheus marks its series stale, so queries over it come back empty: no data.
   */
  setExposed(track: DemoTrack, exposed: boolean): void;
  /** What `/healthz` (no track) or `/healthz/<track>` answers from now on. */
  setHealth(health: DemoHealth, track?: DemoTrack): void;
  /** The URL of `/healthz` or `/healthz/<track>`. */
  healthUrl(track?: DemoTrack): string;
  stop(): Promise<void>;
}

/** Options for {@link startDemoMetricsService}. */
export interface DemoMetricsOptions {
  readonly service?: string;
  /** Starting traffic per track; unnamed tracks get {@link DEFAULT_TRAFFIC}. */
  readonly tracks?: Partial<Record<DemoTrack, Partial<TrackTraffic>>>;
}

/** Traffic a track serves unless told otherwise: healthy, quick, some orders. */
export const DEFAULT_TRAFFIC: TrackTraffic = {
  requestsPerSecond: 100,
  errorRate: 0,
  latencyMs: 20,
  ordersPerMinute: 120,
};

/** Histogram bucket bounds in seconds (prom-client's defaults). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const TICK_MS = 100;

/** One track's counters; fractions carry over between ticks so long-run ratios are exactly the configured ones. */
class TrackCounters {
  ok = 0;
  errors = 0;
  orders = 0;
  readonly buckets = BUCKETS.map(() => 0);
  count = 0;
  sum = 0;
  private requestCarry = 0;
  private errorCarry = 0;
  private orderCarry = 0;

  constructor(public traffic: TrackTraffic) {}

  /** Adds the traffic of `seconds` of real time at the current settings. */
  advance(seconds: number): void {
    const { requestsPerSecond, errorRate, latencyMs, ordersPerMinute } = this.traffic;
    this.requestCarry += requestsPerSecond * seconds;
    const requests = Math.floor(this.requestCarry);
    this.requestCarry -= requests;
    this.errorCarry += requests * errorRate;
    const errors = Math.min(requests, Math.floor(this.errorCarry));
    this.errorCarry -= errors;
    this.errors += errors;
    this.ok += requests - errors;
    const latency = latencyMs / 1000;
    BUCKETS.forEach((le, i) => {
      if (latency <= le) this.buckets[i] = (this.buckets[i] ?? 0) + requests;
    });
    this.count += requests;
    this.sum += requests * latency;
    this.orderCarry += (ordersPerMinute / 60) * seconds;
    const orders = Math.floor(this.orderCarry);
    this.orderCarry -= orders;
    this.orders += orders;
  }
}

/** The exposition text for every track's series. */
function exposition(
  service: string,
  tracks: Map<DemoTrack, TrackCounters>,
  hidden: ReadonlySet<DemoTrack>,
): string {
  const lines = [
    '# HELP http_requests_total Requests served, by status code.',
    '# TYPE http_requests_total counter',
  ];
  const rows = [...tracks].filter(([track]) => !hidden.has(track));
  for (const [track, c] of rows) {
    lines.push(`http_requests_total{service="${service}",track="${track}",code="200"} ${c.ok}`);
    lines.push(`http_requests_total{service="${service}",track="${track}",code="500"} ${c.errors}`);
  }
  lines.push('# HELP http_request_duration_seconds Request latency.');
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const [track, c] of rows) {
    const labels = `service="${service}",track="${track}"`;
    BUCKETS.forEach((le, i) => {
      lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${c.buckets[i]}`);
    });
    lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${c.count}`);
    lines.push(`http_request_duration_seconds_sum{${labels}} ${c.sum}`);
    lines.push(`http_request_duration_seconds_count{${labels}} ${c.count}`);
  }
  lines.push('# HELP orders_total Orders placed.');
  lines.push('# TYPE orders_total counter');
  for (const [track, c] of rows)
    lines.push(`orders_total{service="${service}",track="${track}"} ${c.orders}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A service on 127.0.0.1:0 for metrics tests: `/metrics` in Prometheus text format with
 * `http_requests_total{service,track,code}`, `http_request_duration_seconds{service,track}` (a histogram) and
 * `orders_total{service,track}`, for the tracks blue, green, canary and stable; `/healthz` and `/healthz/<track>`
 * answer what the test sets. It serves its own traffic every 100 ms in real time, counted by elapsed time (so a
 * busy event loop does not thin it out), with each track's rate, error ratio, latency and orders set by the test.
 */
export async function startDemoMetricsService(options: DemoMetricsOptions = {}): Promise<DemoMetricsService> {
  const service = options.service ?? 'checkout';
  const tracks = new Map<DemoTrack, TrackCounters>(
    DEMO_TRACKS.map((t) => [t, new TrackCounters({ ...DEFAULT_TRAFFIC, ...options.tracks?.[t] })]),
  );
  const health = new Map<DemoTrack | 'all', DemoHealth>();
  const hidden = new Set<DemoTrack>();
  let last = performance.now();
  const advance = () => {
    const now = performance.now();
    for (const counters of tracks.values()) counters.advance((now - last) / 1000);
    last = now;
  };
  const ticker = setInterval(advance, TICK_MS);
  ticker.unref();

  const answer = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    if (path === '/metrics') {
      advance();
      return answer(res, 200, 'text/plain; version=0.0.4', exposition(service, tracks, hidden));
    }
    const healthz = /^\/healthz(?:\/([a-z]+))?$/.exec(path);
    if (healthz) {
      const track = healthz[1] as DemoTrack | undefined;
      if (track !== undefined && !tracks.has(track)) return answer(res, 404, 'text/plain', 'no such track\n');
      const status = health.get(track ?? 'all') ?? 200;
      if (status === 'hang') return;
      return answer(res, status, 'text/plain', status < 400 ? 'ok\n' : 'unhealthy\n');
    }
    answer(res, 404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    hostPort: `127.0.0.1:${port}`,
    service,
    setTrack(track, traffic) {
      advance();
      const counters = tracks.get(track);
      if (counters) counters.traffic = { ...counters.traffic, ...traffic };
    },
    setExposed(track, exposed) {
      if (exposed) hidden.delete(track);
      else hidden.add(track);
    },
    setHealth(status, track) {
      health.set(track ?? 'all', status);
    },
    healthUrl: (track) => (track === undefined ? `${url}/healthz` : `${url}/healthz/${track}`),
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
