import { type Colour, type ColourTraffic, LATENCY_BUCKETS } from './colour-traffic.js';

/** The cumulative counters Prometheus reads, as plain numbers. */
export interface CounterValues {
  readonly ok: number;
  readonly errors: number;
  readonly orders: number;
  readonly latencySum: number;
  readonly buckets: readonly number[];
  /** `ok + errors`. */
  readonly requests: number;
}

const read = (t: ColourTraffic): CounterValues => ({
  ok: t.ok,
  errors: t.errors,
  orders: t.orders,
  latencySum: t.latencySum,
  buckets: [...t.buckets],
  requests: t.requests,
});

const ZERO: CounterValues = {
  ok: 0,
  errors: 0,
  orders: 0,
  latencySum: 0,
  buckets: LATENCY_BUCKETS.map(() => 0),
  requests: 0,
};

const add = (a: CounterValues, b: CounterValues, sign: 1 | -1): CounterValues => ({
  ok: a.ok + sign * b.ok,
  errors: a.errors + sign * b.errors,
  orders: a.orders + sign * b.orders,
  latencySum: a.latencySum + sign * b.latencySum,
  buckets: a.buckets.map((v, i) => v + sign * (b.buckets[i] ?? 0)),
  requests: a.requests + sign * b.requests,
});

/**
 * The counters of a role (`stable` or `canary`) rather than a colour: what was served by whichever colour held the
 * role at the time. Each role keeps what it counted before its colour last changed plus its current colour's growth
 * since then, so the series stay monotonic when traffic moves (Prometheus sees no reset) and a PromQL query on
 * `track="canary"` reads the new version while it is the canary.
 */
export class RoleCounters {
  private colour: Colour;
  private before: CounterValues = ZERO;
  private base: CounterValues;

  constructor(
    private readonly traffic: Readonly<Record<Colour, ColourTraffic>>,
    colour: Colour,
  ) {
    this.colour = colour;
    this.base = read(traffic[colour]);
  }

  /** Hands the role to `colour` (nothing changes when it already has it). */
  follow(colour: Colour): void {
    if (colour === this.colour) return;
    this.before = this.values();
    this.colour = colour;
    this.base = read(this.traffic[colour]);
  }

  /** The role's counters now. */
  values(): CounterValues {
    return add(this.before, add(read(this.traffic[this.colour]), this.base, -1), 1);
  }
}
