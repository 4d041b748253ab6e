import { loadavg } from 'node:os';
import { benchAckLatency } from './ack-latency.js';
import { benchApproveToFirstCommand } from './approve-to-first-command.js';
import { type BenchPostgres, benchPostgres, printSkipped } from './bench-postgres.js';
import { benchDetectionToRollback } from './detection-to-rollback.js';
import { benchFailover } from './failover.js';
import { benchForgedBodies } from './forged-bodies.js';
import { fmt, table, times } from './format.js';
import { printAckLatency } from './print-ack-latency.js';
import { printFailover } from './print-failover.js';
import { printForgedBodies } from './print-forged-bodies.js';
import { printReplicaAckLatency } from './print-replica-ack-latency.js';
import { printSharedTimers } from './print-shared-timers.js';
import { printTimerLateness } from './print-timer-lateness.js';
import { printAgainstBaseline, printWatchCpu } from './print-watch-benches.js';
import { benchReplicaAckLatency } from './replica-ack-latency.js';
import { benchRollbackWallTime } from './rollback-wall-time.js';
import { benchSharedTimers } from './shared-timers.js';
import { printVerdicts, verdicts } from './target-verdicts.js';
import { benchTimerLateness } from './timer-lateness.js';
import { benchWatchCpu } from './watch-cpu.js';

/**
 * `npm run bench`: measures Shipgate against a baseline measured in the same run and prints the figures, the
 * ratios and whether the targets of issues #7, #8, #9 and #14 are met. Nothing here asserts a target; the numbers
 * are for people to read and compare across commits.
 * `BENCH_ONLY=ack,approve,timers,forged,detection,rollback,watches,ha-ack,ha-timers,failover` runs only the sections
 * named. The last three need PostgreSQL (`SHIPGATE_BENCH_DATABASE_URL`, else `SHIPGATE_TEST_DATABASE_URL`; a fresh
 * schema each) and print that they were skipped, and why, without it.
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
type Section =
  | 'ack'
  | 'approve'
  | 'timers'
  | 'forged'
  | 'detection'
  | 'rollback'
  | 'watches'
  | 'ha-ack'
  | 'ha-timers'
  | 'failover';
const runs = (section: Section) => !only || only.includes(section);
const ack = {
  commands: env('BENCH_COMMANDS', 2000),
  concurrency: env('BENCH_CONCURRENCY', 50),
  rounds: env('BENCH_ROUNDS', 5),
};
const load = () =>
  loadavg()
    .map((l) => fmt(l))
    .join(', ');
console.log(`load average at start: ${load()}\n`);

const ackBench = runs('ack') ? await benchAckLatency(ack) : undefined;
if (ackBench) printAckLatency(ackBench, ack);

if (runs('approve')) await approveSection(env('BENCH_APPROVALS', 50));

const timers = runs('timers')
  ? await benchTimerLateness(env('BENCH_TIMERS', 10_000), env('BENCH_TIMER_WINDOW_S', 20))
  : undefined;
if (timers) printTimerLateness(timers);

const forged = runs('forged')
  ? await benchForgedBodies({
      requests: env('BENCH_FORGED_REQUESTS', 40),
      bodyBytes: env('BENCH_FORGED_BYTES', 4_000_000),
    })
  : undefined;
if (forged) printForgedBodies(forged);

const detection = runs('detection') ? await benchDetectionToRollback(env('BENCH_DETECTIONS', 50)) : undefined;
if (detection)
  printAgainstBaseline(
    `Detection (the sample that fires) → first rollback command started: ${detection.shipgate.count} automatic blue-green rollbacks (health_check_failures: 3)`,
    detection,
    'bare spawn of the same command',
  );

const rollback = runs('rollback') ? await benchRollbackWallTime(env('BENCH_ROLLBACKS', 6)) : undefined;
if (rollback)
  printAgainstBaseline(
    'Blue-green rollback wall time, Roll back now click (signed HTTP) → rollback run succeeded, on the demo target',
    rollback,
    'switch_traffic + health_check run directly',
  );

const watchCpu = runs('watches')
  ? await benchWatchCpu(env('BENCH_WATCHES', 200), env('BENCH_WATCH_WINDOW_S', 30))
  : undefined;
if (watchCpu) printWatchCpu(watchCpu);

const postgres = (['ha-ack', 'ha-timers', 'failover'] as const).some(runs)
  ? await benchPostgres()
  : undefined;
const haAck = {
  ...ack,
  commands: env('BENCH_HA_COMMANDS', ack.commands),
  rounds: env('BENCH_HA_ROUNDS', ack.rounds),
};
const replicaAck = await onPostgres('ha-ack', 'Ack latency of two replicas on PostgreSQL', (databaseUrl) =>
  benchReplicaAckLatency({ databaseUrl, ...haAck }),
);
if (replicaAck) printReplicaAckLatency(replicaAck, haAck);

const sharedTimers = await onPostgres('ha-timers', 'Timers shared by two replicas', (databaseUrl) =>
  benchSharedTimers({
    databaseUrl,
    timers: env('BENCH_HA_TIMERS', 10_000),
    windowS: env('BENCH_HA_TIMER_WINDOW_S', env('BENCH_TIMER_WINDOW_S', 20)),
  }),
);
if (sharedTimers) printSharedTimers(sharedTimers);

const failover = await onPostgres('failover', 'Failover', (databaseUrl) =>
  benchFailover({
    databaseUrl,
    leaseMs: env('BENCH_FAILOVER_LEASE_MS', 3000),
    trials: env('BENCH_FAILOVERS', 3),
  }),
);
if (failover) printFailover(failover);

printVerdicts(
  verdicts(ackBench, timers, forged, { detection, rollback, cpu: watchCpu }, { sharedTimers, failover }),
);
console.log(`\nload average at end: ${load()}`);

/** Runs a PostgreSQL section if it is selected and PostgreSQL answers; prints that it was skipped, and why, if not. */
async function onPostgres<T>(
  section: Section,
  title: string,
  bench: (databaseUrl: string) => Promise<T>,
): Promise<T | undefined> {
  if (!runs(section)) return undefined;
  const where = postgres as BenchPostgres;
  if ('skipped' in where) {
    printSkipped(title, where.skipped);
    return undefined;
  }
  return await bench(where.url);
}

async function approveSection(approvals: number): Promise<void> {
  console.log(
    `\nFinal Approve click → deploy adapter's first command: ${approvals} real deploys (signed clicks over HTTP)`,
  );
  const approve = await benchApproveToFirstCommand(approvals);
  console.log(
    table([
      ['target', 'p50 ms', 'p99 ms', 'max ms'],
      ...(
        [
          ['bare Bolt (spawn on click)', approve.bare],
          ['Shipgate', approve.shipgate],
        ] as const
      ).map(([name, r]) => [name, fmt(r.p50), fmt(r.p99), fmt(r.max)]),
    ]),
  );
  console.log(
    `ratio Shipgate / bare Bolt: p50 ${times(approve.shipgate.p50 / approve.bare.p50)}, p99 ${times(approve.shipgate.p99 / approve.bare.p99)}`,
  );
}
