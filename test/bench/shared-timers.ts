import { setTimeout as sleep } from 'node:timers/promises';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { freshSchema } from '../support/postgres.js';
import { armBenchTimers } from './arm-bench-timers.js';
import { runTimerTarget } from './run-timer-target.js';
import { type LatencySummary, summarize } from './stats.js';
import type { ReplicaReport } from './targets/timer-replica.js';
import { timerPlan } from './timer-plan.js';
import { spawnTimerReplica, type TimerReplica } from './timer-replica-process.js';

/** One scheduler setup's figures in the shared-timers bench. */
export interface SharedTimersResult {
  readonly name: string;
  /** How late handlers ran, in ms after the timer could first fire (its due time, or start if overdue). */
  readonly lateness: LatencySummary;
  /** The same for the timers due after start only (the start-up catch-up left out). */
  readonly onTimeLateness: LatencySummary;
  /** Ms from start until every timer overdue at start had fired. */
  readonly catchUpMs: number;
  /** CPU of the scheduler processes (all of them together), ms per wall second. */
  readonly cpuMsPerS: number;
  /** Statements the schedulers ran per timer armed (arming left out). */
  readonly statementsPerTimer: number;
}

/** One replica's own share. */
export interface ReplicaShare {
  readonly name: string;
  readonly fired: number;
  readonly cpuMsPerS: number;
  readonly peakRssMiB: number;
  readonly statements: number;
  readonly transactions: number;
}

/** The shared-timers bench: one SQLite scheduler as the baseline, two replicas on one PostgreSQL schema. */
export interface SharedTimersBench {
  readonly timers: number;
  readonly overdue: number;
  readonly windowS: number;
  readonly sqlite: SharedTimersResult & { readonly peakRssMiB: number };
  readonly postgres: SharedTimersResult & {
    readonly replicas: readonly ReplicaShare[];
    /** Timers whose handler ran more than once, counted across both processes (must be 0). */
    readonly doubleFires: number;
    /** Timers whose handler never ran, and rows left unfired in the table. */
    readonly missing: number;
    readonly unfiredRows: number;
    /** Rows of `timers` updated (pg_stat_user_tables.n_tup_upd) per timer armed. */
    readonly rowUpdatesPerTimer: number;
    /** Transactions committed in the whole database meanwhile (pg_stat_database; other clients included). */
    readonly databaseCommits: number;
  };
}

const OVERDUE_SHARE = 0.2;
/** Arming happens before start; start is this far after the timers are armed. */
const LEAD_MS = 1500;
/** Measuring continues this long after the window, so a late scheduler can still fire the last timers. */
const GRACE_MS = 1500;
/** The replicas are stopped this long after the window even if timers are still unfired (reported missing). */
const GIVE_UP_MS = 60_000;

/** The lateness figures of handler runs `fired` (`[i, epoch ms, …]`) against the plan. */
function latenessOf(fired: readonly number[], dueAt: readonly number[], start: number) {
  const lateness: number[] = [];
  const onTime: number[] = [];
  let catchUpMs = 0;
  for (let k = 0; k < fired.length; k += 2) {
    const due = dueAt[fired[k] as number] as number;
    const at = fired[k + 1] as number;
    lateness.push(at - Math.max(due, start));
    if (due < start) catchUpMs = Math.max(catchUpMs, at - start);
    else onTime.push(at - due);
  }
  return { lateness: summarize(lateness), onTimeLateness: summarize(onTime), catchUpMs };
}

/** `timers` counters of the schema's table and the database's commits, as numbers. */
async function pgCounters(db: { query: (sql: string) => Promise<{ rows: unknown[] }> }) {
  const { rows } = await db.query(
    `SELECT
       (SELECT n_tup_upd FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'timers') AS updates,
       (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits`,
  );
  const row = rows[0] as { updates: string | null; commits: string | null };
  return { updates: Number(row.updates ?? 0), commits: Number(row.commits ?? 0) };
}

/** Runs the two replicas over the plan on a fresh schema of `databaseUrl`. */
async function sharedOnPostgres(databaseUrl: string, total: number, overdue: number, windowMs: number) {
  const schema = await freshSchema('bench_ha_timers', databaseUrl);
  const replicas: TimerReplica[] = [];
  try {
    const pool = schema.pool({ max: 2 });
    await migratePostgres(pool);
    replicas.push(
      ...(await Promise.all(['replica-a', 'replica-b'].map((name) => spawnTimerReplica(name, schema.url)))),
    );
    const start = Date.now() + LEAD_MS;
    const dueAt = timerPlan(total, overdue, windowMs).map((offset) => start + offset);
    await armBenchTimers(pool, dueAt, Date.now());
    if (Date.now() >= start)
      throw new Error(`arming ${total} timers took longer than the ${LEAD_MS} ms lead`);
    const before = await pgCounters(pool);
    for (const replica of replicas) replica.go(start);
    await sleep(start + windowMs + GRACE_MS - Date.now());
    const unfired = async () =>
      Number((await pool.query('SELECT count(*) AS n FROM timers WHERE fired_at IS NULL')).rows[0]?.n ?? 0);
    while ((await unfired()) > 0 && Date.now() < start + windowMs + GIVE_UP_MS) await sleep(100);
    const reports: ReplicaReport[] = [];
    for (const replica of replicas) reports.push(await replica.stop());
    await sleep(500);
    const after = await pgCounters(pool);
    const unfiredRows = await unfired();
    const fired = reports.flatMap((r) => r.fired);
    const runs = new Uint16Array(total);
    for (let k = 0; k < fired.length; k += 2) runs[fired[k] as number] = (runs[fired[k] as number] ?? 0) + 1;
    const statements = reports.reduce((sum, r) => sum + r.statements, 0);
    return {
      name: 'two replicas on PostgreSQL',
      ...latenessOf(fired, dueAt, start),
      cpuMsPerS: reports.reduce((sum, r) => sum + r.cpuMsPerS, 0),
      statementsPerTimer: statements / total,
      replicas: reports.map((r) => ({
        name: r.replica,
        fired: r.fired.length / 2,
        cpuMsPerS: r.cpuMsPerS,
        peakRssMiB: r.peakRssMiB,
        statements: r.statements,
        transactions: r.transactions,
      })),
      doubleFires: runs.filter((n) => n > 1).length,
      missing: runs.filter((n) => n === 0).length,
      unfiredRows,
      rowUpdatesPerTimer: (after.updates - before.updates) / total,
      databaseCommits: after.commits - before.commits,
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.kill()));
    await schema.drop();
  }
}

/**
 * Benchmark of issue #14: `timers` timers (a fifth overdue at start, the rest due over the next `windowS` seconds,
 * the plan of the durable-timer bench) shared by two replicas, each its own process with its own pool on one fresh
 * PostgreSQL schema (claims with SKIP LOCKED, LISTEN for arms), against the same timers on one SQLite scheduler
 * measured in the same run. Reports lateness, handler runs per timer across both replicas (a double fire is a
 * timer run twice), and the database load: statements per timer on both stores, and on PostgreSQL the rows of
 * `timers` updated and the commits meanwhile. Throws only if the SQLite baseline misses a timer. The caller prints.
 */
export async function benchSharedTimers(options: {
  databaseUrl: string;
  timers: number;
  windowS: number;
}): Promise<SharedTimersBench> {
  const { databaseUrl, timers, windowS } = options;
  const overdue = Math.round(timers * OVERDUE_SHARE);
  const report = await runTimerTarget({
    BENCH_TIMER_MODE: 'shipgate',
    BENCH_TIMERS: String(timers),
    BENCH_TIMER_OVERDUE: String(overdue),
    BENCH_TIMER_WINDOW_S: String(windowS),
    BENCH_COUNT_STATEMENTS: '1',
  });
  if (report.missing > 0 || report.duplicates > 0)
    throw new Error(`SQLite baseline: ${report.missing} never fired, ${report.duplicates} fired twice`);
  const sqlite = {
    name: 'one scheduler on SQLite',
    lateness: summarize(report.lateness),
    onTimeLateness: summarize(report.onTimeLateness),
    catchUpMs: report.catchUpMs,
    cpuMsPerS: report.cpuMsPerS,
    peakRssMiB: report.peakRssMiB,
    statementsPerTimer: (report.statements ?? Number.NaN) / timers,
  };
  const postgres = await sharedOnPostgres(databaseUrl, timers, overdue, windowS * 1000);
  return { timers, overdue, windowS, sqlite, postgres };
}
