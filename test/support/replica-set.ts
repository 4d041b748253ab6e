import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import {
  DEFAULT_STAND_IN_TOKEN,
  type PagerDutyStandIn,
} from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import type { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { AnchoredClock } from './anchored-clock.js';
import type { FreshSchema } from './postgres.js';
import { RoundRobinProxy } from './round-robin-proxy.js';
import type { ShipgateChildren } from './shipgate-child.js';
import { TEST_SIGNING_SECRET } from './test-shipgate.js';

/** One Shipgate replica of a {@link ReplicaSet}: its name (`SHIPGATE_REPLICA_ID`), process and base URL. */
export interface Replica {
  readonly id: string;
  readonly child: ChildProcess;
  readonly url: string;
  /** Where it logs (`SHIPGATE_TEST_LOG`), for a failing test to look at. */
  readonly log: string;
}

/** A `timers` row as the replica tests read it. */
export interface TimerRow {
  readonly id: number;
  readonly kind: string;
  readonly subject: string;
  readonly due_at: number;
  readonly claimed_by: string | null;
  readonly claimed_until: number | null;
  readonly fired_at: number | null;
  readonly cancelled_at: number | null;
  readonly lease_token: number;
  readonly attempts: number;
  readonly last_error: string | null;
}

/** How a replica set is started. */
export interface ReplicaSetOptions {
  readonly slack: SlackStandIn;
  readonly pagerduty: PagerDutyStandIn;
  readonly children: ShipgateChildren;
  /** The PostgreSQL schema every replica runs on (already migrated and seeded as the test needs). */
  readonly schema: FreshSchema;
  /** How long a timer lease lasts: a dead replica's timers run elsewhere this long after its last renewal. */
  readonly leaseMs: number;
  /** Seconds between safety sweeps (which renew leases): keep `leaseMs` above two of them. */
  readonly sweepSeconds: number;
  /** The instant the replicas' shared clock reads when the set starts. */
  readonly clockStart: string;
  /** The fake target's log, shared by the replicas (each step they run is a line). */
  readonly targetLog: string;
  /** Another config file for the replicas (`SHIPGATE_TEST_CONFIG`). */
  readonly config?: string;
  /** Variables every replica gets besides those above (`FAKE_TARGET_HANG`…). */
  readonly env?: Record<string, string>;
  /** Replica names; two by default. */
  readonly ids?: readonly string[];
}

/**
 * Shipgate replicas in child processes on one PostgreSQL schema, behind a {@link RoundRobinProxy} the Slack
 * stand-in delivers to (so requests alternate between them), sharing one {@link AnchoredClock} (the test reads it
 * too: `clock`) and short timer leases. `db` is a pool into the schema for the test's own looks at the tables.
 */
export class ReplicaSet {
  private constructor(
    readonly replicas: Replica[],
    readonly proxy: RoundRobinProxy,
    readonly clock: AnchoredClock,
    readonly db: pg.Pool,
    private readonly slack: SlackStandIn,
  ) {}

  /** Starts the replicas together, then the proxy in front of them, and points the stand-in at the proxy. */
  static async start(options: ReplicaSetOptions): Promise<ReplicaSet> {
    const anchor = Date.now();
    const logs = mkdtempSync(join(tmpdir(), 'shipgate-replicas-'));
    const replicas = await Promise.all(
      (options.ids ?? ['replica-a', 'replica-b']).map(async (id) => {
        const log = join(logs, `${id}.log`);
        const started = await options.children.startReplica({
          SHIPGATE_DATABASE_URL: options.schema.url,
          SHIPGATE_REPLICA_ID: id,
          SHIPGATE_TEST_TIMER_LEASE_MS: String(options.leaseMs),
          SHIPGATE_TEST_SWEEP_SECONDS: String(options.sweepSeconds),
          SHIPGATE_TEST_CLOCK_START: options.clockStart,
          SHIPGATE_TEST_CLOCK_ANCHOR: String(anchor),
          SHIPGATE_TEST_LOG: log,
          PAGERDUTY_TOKEN: DEFAULT_STAND_IN_TOKEN,
          PAGERDUTY_API_URL: options.pagerduty.url,
          FAKE_TARGET_LOG: options.targetLog,
          ...(options.config ? { SHIPGATE_TEST_CONFIG: options.config } : {}),
          ...options.env,
        });
        return { id, ...started, log };
      }),
    );
    const proxy = await RoundRobinProxy.start(
      replicas.map((r) => r.url),
      { timeoutMs: 5_000 },
    );
    options.slack.connectBot({ url: `${proxy.url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });
    return new ReplicaSet(
      replicas,
      proxy,
      new AnchoredClock(options.clockStart, anchor),
      options.schema.pool({ max: 2 }),
      options.slack,
    );
  }

  /** The replica whose scheduler a lease owner (`<replica id>:<pid>:<random>`) names. */
  ownerOf(claimedBy: string | null): Replica | undefined {
    return this.replicas.find((r) => claimedBy?.startsWith(`${r.id}:`));
  }

  /** The replicas other than `replica`. */
  others(replica: Replica): Replica[] {
    return this.replicas.filter((r) => r !== replica);
  }

  /** Every timer about `subject` (all of them without one), in the order they were armed. */
  async timers(subject?: string): Promise<TimerRow[]> {
    const { rows } = await this.db.query<TimerRow>(
      `SELECT id, kind, subject, due_at, claimed_by, claimed_until, fired_at, cancelled_at, lease_token, attempts,
              last_error
         FROM timers ${subject === undefined ? '' : 'WHERE subject = $1'} ORDER BY id`,
      subject === undefined ? [] : [subject],
    );
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      due_at: Number(row.due_at),
      claimed_until: row.claimed_until === null ? null : Number(row.claimed_until),
      fired_at: row.fired_at === null ? null : Number(row.fired_at),
      cancelled_at: row.cancelled_at === null ? null : Number(row.cancelled_at),
      lease_token: Number(row.lease_token),
    }));
  }

  /**
   * Resolves once no timer is due and unfired by the shared clock: every outbox post, message sync, setup step and
   * run the replicas armed so far is done (or cancelled).
   */
  async quiet(timeoutMs = 30_000): Promise<void> {
    await this.slack.waitFor(
      async () => {
        const now = this.clock.now().getTime();
        return (await this.timers()).every(
          (t) => t.fired_at !== null || t.cancelled_at !== null || t.due_at > now,
        );
      },
      { timeoutMs, pollMs: 100, description: 'every due timer fired' },
    );
  }

  /** Waits for the timer of `subject` matching `pick` that a replica holds a live claim on, and returns it. */
  async heldTimer(subject: string, pick: (t: TimerRow) => boolean): Promise<TimerRow> {
    return await this.slack.waitFor(
      async () =>
        (await this.timers(subject)).find(
          (t) => pick(t) && t.fired_at === null && t.claimed_until !== null && this.ownerOf(t.claimed_by),
        ),
      { timeoutMs: 10_000, pollMs: 50, description: `a held timer of ${subject}` },
    );
  }

  /** kill -9 one replica; resolves once it is gone. */
  async kill(replica: Replica): Promise<void> {
    if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
    const gone = once(replica.child, 'exit');
    replica.child.kill('SIGKILL');
    await gone;
  }

  /** Stops the proxy (the replicas are killed by `ShipgateChildren.killAll`) and ends the pool. */
  async stop(): Promise<void> {
    await this.proxy.stop();
    await this.db.end();
  }
}
