import { setTimeout as sleep } from 'node:timers/promises';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { freshSchema } from '../support/postgres.js';
import { armBenchTimers } from './arm-bench-timers.js';
import { median } from './stats.js';
import { spawnTimerReplica, type TimerReplica } from './timer-replica-process.js';

/** One kill of the replica holding the timers. */
export interface FailoverTrial {
  /** Ms from `kill -9` of replica A to the first of A's timers run by replica B. */
  readonly firstMs: number;
  /** Ms from the kill until B had run every one of A's timers. */
  readonly allMs: number;
  /** A's timers B ran (all of them, unless the bench gave up waiting). */
  readonly takenOver: number;
  /** A's timers B ran while A was still alive and held them (0 unless leases are broken). */
  readonly beforeKill: number;
}

/** The failover bench: its trials, and the target (the lease plus one second). */
export interface FailoverBench {
  readonly leaseMs: number;
  readonly sweepSeconds: number;
  readonly held: number;
  readonly trials: readonly FailoverTrial[];
  readonly medianFirstMs: number;
  readonly maxFirstMs: number;
  readonly targetMs: number;
}

/** The safety sweep of both replicas: the lease is renewed (at half) and a lost one noticed at each. */
const SWEEP_SECONDS = 1;
/** B is started and left to run this long beside A before the kill, so the kill falls anywhere in A's lease. */
const SETTLE_MS = 1200;

/** `promise`, or undefined once `ms` have passed (the timer is cleared either way). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The lines `replica` prints from now on that start with `prefix`; `allLines` once there are `count`. */
function linesOf(replica: TimerReplica, prefix: string, count: number) {
  const seen: string[] = [];
  let all: (lines: string[]) => void = () => {};
  const allLines = new Promise<string[]>((resolve) => {
    all = resolve;
  });
  replica.onLine((line) => {
    if (!line.startsWith(`${prefix} `)) return;
    seen.push(line);
    if (seen.length === count) all(seen);
  });
  return { allLines, seen };
}

/** One trial on a fresh schema: A holds `held` due timers, B runs beside it, A is killed. */
async function trial(databaseUrl: string, leaseMs: number, held: number): Promise<FailoverTrial> {
  const schema = await freshSchema('bench_failover', databaseUrl);
  const replicas: TimerReplica[] = [];
  try {
    const pool = schema.pool({ max: 1 });
    await migratePostgres(pool);
    const env = { BENCH_LEASE_MS: String(leaseMs), BENCH_SWEEP_S: String(SWEEP_SECONDS) };
    const a = await spawnTimerReplica('replica-a', schema.url, { ...env, BENCH_HOLD: '1' });
    replicas.push(a);
    const holding = linesOf(a, 'held', held);
    await armBenchTimers(
      pool,
      Array.from({ length: held }, () => Date.now() - 1000),
      Date.now(),
    );
    a.go(Date.now());
    await holding.allLines;
    const b = await spawnTimerReplica('replica-b', schema.url, { ...env, BENCH_LIVE: '1' });
    replicas.push(b);
    const running = linesOf(b, 'fired', held);
    b.go(Date.now());
    await sleep(SETTLE_MS);
    const beforeKill = running.seen.length;
    const killedAt = performance.timeOrigin + performance.now();
    await a.kill();
    const firedAt = (line: string) => Number(line.split(' ')[2]);
    const all = (await within(running.allLines, leaseMs * 3 + 10_000)) ?? running.seen;
    return {
      firstMs: all.length > 0 ? firedAt(all[0] as string) - killedAt : Number.NaN,
      allMs: all.length > 0 ? Math.max(...all.map(firedAt)) - killedAt : Number.NaN,
      takenOver: new Set(all.map((line) => line.split(' ')[1])).size,
      beforeKill,
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.kill()));
    await schema.drop();
  }
}

/**
 * Benchmark of issue #14: failover time. Two timer replicas on one PostgreSQL schema with leases of `leaseMs` and
 * a safety sweep every second; replica A holds `held` due timers (its handlers never finish, so it keeps renewing
 * their leases), B runs beside it, then A is killed with SIGKILL and the bench times the kill to the first of A's
 * timers B runs (and to the last). Target: the lease plus one second. `trials` times, each on a fresh schema.
 */
export async function benchFailover(options: {
  databaseUrl: string;
  leaseMs: number;
  trials: number;
  held?: number;
}): Promise<FailoverBench> {
  const held = options.held ?? 8;
  const trials: FailoverTrial[] = [];
  for (let t = 0; t < options.trials; t++)
    trials.push(await trial(options.databaseUrl, options.leaseMs, held));
  return {
    leaseMs: options.leaseMs,
    sweepSeconds: SWEEP_SECONDS,
    held,
    trials,
    medianFirstMs: median(trials.map((t) => t.firstMs)),
    maxFirstMs: Math.max(...trials.map((t) => t.firstMs)),
    targetMs: options.leaseMs + 1000,
  };
}
