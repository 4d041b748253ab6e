import { COLOURS, type Colour, ColourTraffic, type WindowFigures } from './colour-traffic.js';
import { RoleCounters } from './role-counters.js';

/** Tracks the watch may ask about: a colour, or `stable` (the live colour) and `canary` (the other one). */
export const DEMO_TRACKS = ['blue', 'green', 'stable', 'canary'] as const;

/** One of {@link DEMO_TRACKS}. */
export type DemoTrack = (typeof DEMO_TRACKS)[number];

/** What the switch says about one service: where traffic goes, what runs where, which colour is broken. */
export interface DemoAppState {
  readonly service: string;
  /** Percent of traffic per colour; they add up to 100. */
  readonly weights: Readonly<Record<Colour, number>>;
  /** The version each colour runs, null for none. */
  readonly versions: Readonly<Record<Colour, string | null>>;
  /** The colour with the larger share (blue on a tie). */
  readonly live: Colour;
  readonly broken: readonly Colour[];
  /** The colour a canary rollout runs on (`scripts/route-traffic.sh`), null without one. */
  readonly canary: Colour | null;
  /** Requests each colour served so far. */
  readonly requests: Readonly<Record<Colour, number>>;
  /** Notes recorded by `scripts/document-incident.sh`, oldest first. */
  readonly notes: readonly string[];
}

/** Orders per successful request of the synthetic traffic (100 req/s → 120 orders a minute). */
const ORDERS_PER_REQUEST = 0.02;

/**
 * One demo service behind the traffic switch: two colours, the share of traffic each gets, the version each runs
 * and whether it is broken. Requests are split by weight with carried fractions, so 25 % means exactly every
 * fourth request in the long run.
 */
export class DemoApp {
  private readonly weights: Record<Colour, number> = { blue: 100, green: 0 };
  private readonly versions: Record<Colour, string | null> = { blue: null, green: null };
  private readonly carry: Record<Colour, number> = { blue: 0, green: 0 };
  private readonly notes: string[] = [];
  private canary: Colour | null = null;
  /** Each colour's traffic. */
  readonly traffic: Readonly<Record<Colour, ColourTraffic>>;
  /** The counters of the `stable` (live) and `canary` (other) roles, for Prometheus series on `track="stable"`. */
  readonly roles: { readonly stable: RoleCounters; readonly canary: RoleCounters };

  constructor(
    readonly service: string,
    windowMs: number,
    initialVersion: string | null,
  ) {
    this.traffic = { blue: new ColourTraffic(windowMs), green: new ColourTraffic(windowMs) };
    this.roles = {
      stable: new RoleCounters(this.traffic, 'blue'),
      canary: new RoleCounters(this.traffic, 'green'),
    };
    this.versions.blue = initialVersion;
  }

  /** The colour with the larger share (blue on a tie). */
  get live(): Colour {
    return this.weights.green > this.weights.blue ? 'green' : 'blue';
  }

  /** The colour a track means now. */
  colourOf(track: DemoTrack): Colour {
    if (track === 'stable') return this.live;
    if (track === 'canary') return this.live === 'blue' ? 'green' : 'blue';
    return track;
  }

  /** Sends `requests` requests through the switch at `at` (ms); returns the colour of the last one. */
  route(requests: number, at: number): Colour | undefined {
    let last: Colour | undefined;
    for (const colour of COLOURS) {
      this.carry[colour] += (requests * this.weights[colour]) / 100;
      const share = Math.floor(this.carry[colour] + 1e-9);
      this.carry[colour] -= share;
      if (share > 0) {
        this.traffic[colour].serve(share, at, ORDERS_PER_REQUEST);
        last = colour;
      }
    }
    return last;
  }

  /**
   * Serves `requests` synthetic probe requests on each colour, whatever the weights: the idle colour's instances
   * stay warm and measured, so its rates have data the moment traffic moves to it.
   */
  probe(requests: number, at: number): void {
    for (const colour of COLOURS) this.traffic[colour].serve(requests, at, ORDERS_PER_REQUEST);
  }

  /** Sets the shares; `green` is 100 − `blue`. */
  setWeights(bluePercent: number): void {
    this.weights.blue = bluePercent;
    this.weights.green = 100 - bluePercent;
    this.roles.stable.follow(this.colourOf('stable'));
    this.roles.canary.follow(this.colourOf('canary'));
  }

  /** Records that `colour` runs `version` now (null: nothing runs there). */
  setVersion(colour: Colour, version: string | null): void {
    this.versions[colour] = version;
  }

  /** Breaks (raises errors and latency) or heals a colour. */
  setBroken(colour: Colour, broken: boolean): void {
    this.traffic[colour].broken = broken;
  }

  /** Marks the colour a canary rollout runs on (null: none). */
  setCanary(colour: Colour | null): void {
    this.canary = colour;
  }

  /** Keeps a note (an incident or rollback record). */
  addNote(note: string): void {
    this.notes.push(note);
  }

  /** The window figures of a track at `now`. */
  figures(track: DemoTrack, now: number): WindowFigures & { color: Colour; version: string | null } {
    const colour = this.colourOf(track);
    return { ...this.traffic[colour].window(now), color: colour, version: this.versions[colour] };
  }

  /** The switch's view of this service. */
  state(): DemoAppState {
    return {
      service: this.service,
      weights: { ...this.weights },
      versions: { ...this.versions },
      live: this.live,
      broken: COLOURS.filter((c) => this.traffic[c].broken),
      canary: this.canary,
      requests: { blue: this.traffic.blue.requests, green: this.traffic.green.requests },
      notes: [...this.notes],
    };
  }
}
