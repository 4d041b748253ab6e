/** The two colours of a blue-green pair. */
export const COLOURS = ['blue', 'green'] as const;

/** Blue or green. */
export type Colour = (typeof COLOURS)[number];

/** Histogram bucket bounds in seconds (prom-client's defaults). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** How a colour answers: the share of requests that fail and how its latencies spread. */
interface Behaviour {
  readonly errorRate: number;
  /** Latency in seconds with the share of requests that take it; the shares add up to 1. */
  readonly latencies: readonly (readonly [seconds: number, share: number])[];
}

/** A healthy colour: 0.2 % errors, p99 about 120 ms. */
const HEALTHY: Behaviour = {
  errorRate: 0.002,
  latencies: [
    [0.03, 0.6],
    [0.06, 0.3],
    [0.09, 0.08],
    [0.12, 0.02],
  ],
};

/** A broken colour: 30 % errors, p99 about 1.2 s. */
const BROKEN: Behaviour = {
  errorRate: 0.3,
  latencies: [
    [0.3, 0.6],
    [0.6, 0.3],
    [0.9, 0.08],
    [1.2, 0.02],
  ],
};

/** Requests one slice of time brought a colour, kept for the sliding window of `/metrics.json`. */
interface Slice {
  readonly at: number;
  requests: number;
  errors: number;
  orders: number;
  /** Requests per latency value (seconds). */
  readonly latencies: Map<number, number>;
}

/** What `/metrics.json` reports for a colour over the sliding window. */
export interface WindowFigures {
  /** Failed share of the window's requests; null without requests (0/0 is no data, not healthy). */
  readonly error_rate: number | null;
  /** Seconds; null without requests. */
  readonly latency_p95: number | null;
  readonly latency_p99: number | null;
  /** Requests per second over the window. */
  readonly throughput: number;
  readonly orders_per_minute: number;
  readonly requests: number;
  readonly window_seconds: number;
}

/** The quantile `q` of a latency → count map, or null when it is empty. */
function quantile(latencies: Map<number, number>, q: number): number | null {
  const total = [...latencies.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [seconds, count] of [...latencies].sort((a, b) => a[0] - b[0])) {
    seen += count;
    if (seen >= q * total) return seconds;
  }
  return null;
}

/**
 * One colour's synthetic traffic: cumulative counters for Prometheus (requests by code, a latency histogram,
 * orders) and per-slice figures for a sliding window. Fractions carry over between calls, so the long-run error
 * share and latency spread are exactly the behaviour's: no randomness, so tests can expect figures.
 */
export class ColourTraffic {
  ok = 0;
  errors = 0;
  orders = 0;
  readonly buckets: number[] = LATENCY_BUCKETS.map(() => 0);
  latencySum = 0;
  broken = false;
  private errorCarry = 0;
  private orderCarry = 0;
  private readonly latencyCarry = new Map<number, number>();
  private readonly slices: Slice[] = [];

  constructor(private readonly windowMs: number) {}

  /** All requests served so far. */
  get requests(): number {
    return this.ok + this.errors;
  }

  /** Counts `requests` requests served at time `at` (ms), with `orders` orders among them. */
  serve(requests: number, at: number, ordersPerRequest: number): void {
    const behaviour = this.broken ? BROKEN : HEALTHY;
    this.errorCarry += requests * behaviour.errorRate;
    const errors = Math.min(requests, Math.floor(this.errorCarry));
    this.errorCarry -= errors;
    this.orderCarry += (requests - errors) * ordersPerRequest;
    const orders = Math.floor(this.orderCarry);
    this.orderCarry -= orders;
    const slice = this.slice(at);
    slice.requests += requests;
    slice.errors += errors;
    slice.orders += orders;
    this.errors += errors;
    this.ok += requests - errors;
    this.orders += orders;
    let left = requests;
    behaviour.latencies.forEach(([seconds, share], i) => {
      const last = i === behaviour.latencies.length - 1;
      const carry = (this.latencyCarry.get(seconds) ?? 0) + requests * share;
      const count = last ? left : Math.min(left, Math.floor(carry));
      this.latencyCarry.set(seconds, last ? 0 : carry - count);
      left -= count;
      if (count === 0) return;
      slice.latencies.set(seconds, (slice.latencies.get(seconds) ?? 0) + count);
      this.latencySum += seconds * count;
      LATENCY_BUCKETS.forEach((le, b) => {
        if (seconds <= le) this.buckets[b] = (this.buckets[b] ?? 0) + count;
      });
    });
  }

  /** The figures of the window that ends at `now` (ms). */
  window(now: number): WindowFigures {
    this.prune(now);
    const latencies = new Map<number, number>();
    let requests = 0;
    let errors = 0;
    let orders = 0;
    for (const s of this.slices) {
      requests += s.requests;
      errors += s.errors;
      orders += s.orders;
      for (const [seconds, count] of s.latencies)
        latencies.set(seconds, (latencies.get(seconds) ?? 0) + count);
    }
    const seconds = this.windowMs / 1000;
    return {
      error_rate: requests === 0 ? null : errors / requests,
      latency_p95: quantile(latencies, 0.95),
      latency_p99: quantile(latencies, 0.99),
      throughput: requests / seconds,
      orders_per_minute: (orders / seconds) * 60,
      requests,
      window_seconds: seconds,
    };
  }

  /** The slice for time `at`: one per second. */
  private slice(at: number): Slice {
    const second = Math.floor(at / 1000) * 1000;
    const last = this.slices.at(-1);
    if (last?.at === second) return last;
    const fresh: Slice = { at: second, requests: 0, errors: 0, orders: 0, latencies: new Map() };
    this.slices.push(fresh);
    this.prune(at);
    return fresh;
  }

  private prune(now: number): void {
    while (this.slices.length > 0 && (this.slices[0]?.at ?? 0) <= now - this.windowMs) this.slices.shift();
  }
}
