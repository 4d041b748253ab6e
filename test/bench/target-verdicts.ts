import type { AckLatencyBench } from './ack-latency.js';
import type { FailoverBench } from './failover.js';
import type { ForgedBodiesBench } from './forged-bodies.js';
import { fmt, table, times } from './format.js';
import type { AgainstBaseline } from './print-watch-benches.js';
import type { SharedTimersBench } from './shared-timers.js';
import type { TimerLatenessBench } from './timer-lateness.js';
import type { WatchCpuBench } from './watch-cpu.js';

/** The issue #9 measurements of this run, each absent when its section did not run. */
export interface WatchFigures {
  readonly detection?: AgainstBaseline | undefined;
  readonly rollback?: AgainstBaseline | undefined;
  readonly cpu?: WatchCpuBench | undefined;
}

/** The issue #14 measurements of this run, each absent when its section did not run (or PostgreSQL was missing). */
export interface ReplicaFigures {
  readonly sharedTimers?: SharedTimersBench | undefined;
  readonly failover?: FailoverBench | undefined;
}

/** One performance target (issues #7, #8, #9 and #14), its measured value and whether it is met. */
interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/**
 * The targets against this run's figures: ack p99 and CPU per command within 1.2× bare Bolt (median of rounds),
 * timer lateness p99 under 50 ms with the full set of armed timers, scheduler CPU under 2 % of a core (issue #7);
 * less than 5 MiB of RSS and of V8 heap above idle while forged bodies arrive, per framing (issue #8); detection →
 * first rollback command p99 under 1 s, blue-green rollback wall time p99 under 5 s (the chapter's 1 min beside
 * it), 200 watches under 5 % of a core (issue #9); no timer fired twice by two replicas sharing them, and failover
 * (kill -9 → first of the dead replica's timers run by the survivor) within the lease plus one second (issue #14).
 */
export function verdicts(
  ack: AckLatencyBench | undefined,
  timers: TimerLatenessBench | undefined,
  forged?: ForgedBodiesBench,
  watch: WatchFigures = {},
  replicas: ReplicaFigures = {},
): Verdict[] {
  return [
    ...(ack ? ackVerdicts(ack) : []),
    ...(timers ? timerVerdicts(timers) : []),
    ...(forged ? forgedVerdicts(forged) : []),
    ...watchVerdicts(watch),
    ...replicaVerdicts(replicas),
  ];
}

function replicaVerdicts({ sharedTimers, failover }: ReplicaFigures): Verdict[] {
  const list: Verdict[] = [];
  if (sharedTimers)
    list.push({
      target: `no double fires (${sharedTimers.timers} timers shared by two replicas)`,
      measured: String(sharedTimers.postgres.doubleFires),
      met: sharedTimers.postgres.doubleFires === 0 && sharedTimers.postgres.missing === 0,
    });
  if (failover)
    list.push({
      target: `failover ≤ lease + 1 s (${fmt(failover.targetMs / 1000, 1)} s, worst of ${failover.trials.length})`,
      measured: `${fmt(failover.maxFirstMs / 1000)} s`,
      met: failover.maxFirstMs <= failover.targetMs,
    });
  return list;
}

function watchVerdicts({ detection, rollback, cpu }: WatchFigures): Verdict[] {
  const list: Verdict[] = [];
  if (detection)
    list.push({
      target: 'detection → first rollback command p99 < 1 s',
      measured: `${fmt(detection.shipgate.p99, 1)} ms`,
      met: detection.shipgate.p99 < 1000,
    });
  if (rollback)
    list.push(
      {
        target: 'blue-green rollback wall time p99 < 5 s (demo target)',
        measured: `${fmt(rollback.shipgate.p99 / 1000)} s`,
        met: rollback.shipgate.p99 < 5000,
      },
      {
        target: "blue-green rollback wall time p99 < 1 min (the chapter's)",
        measured: `${fmt(rollback.shipgate.p99 / 1000)} s`,
        met: rollback.shipgate.p99 < 60_000,
      },
    );
  if (cpu)
    list.push({
      target: `CPU of ${cpu.watches} watches every ${cpu.intervalS} s < 5 % of a core`,
      measured: `${fmt(cpu.watching.cpuPercent)} %`,
      met: cpu.watching.cpuPercent < 5,
    });
  return list;
}

/** The most memory forged bodies may add to Shipgate's idle peak, in MiB (issue #8). */
const FORGED_MIB_ABOVE_IDLE = 5;

function forgedVerdicts(forged: ForgedBodiesBench): Verdict[] {
  const size = `${forged.requests} forged ${fmt(forged.bodyBytes / 1e6, 0)} MB bodies`;
  return forged.bursts.flatMap((b) =>
    (['rss', 'heapUsed'] as const).map((field) => {
      const above = (b.burst[field] - b.idle[field]) / (1024 * 1024);
      return {
        target: `${field === 'rss' ? 'RSS' : 'heap'} < ${FORGED_MIB_ABOVE_IDLE} MiB above idle (${size}, ${b.framing})`,
        measured: `${fmt(above, 1)} MiB`,
        met: above < FORGED_MIB_ABOVE_IDLE,
      };
    }),
  );
}

function ackVerdicts(ack: AckLatencyBench): Verdict[] {
  return [
    {
      target: 'ack p99 ≤ 1.2× bare Bolt (median of rounds)',
      measured: times(ack.medianRatio.p99),
      met: ack.medianRatio.p99 <= 1.2,
    },
    {
      target: 'CPU per command ≤ 1.2× bare Bolt (median of rounds)',
      measured: times(ack.medianRatio.cpuPerCommand),
      met: ack.medianRatio.cpuPerCommand <= 1.2,
    },
  ];
}

function timerVerdicts(timers: TimerLatenessBench): Verdict[] {
  const lateness = timers.durable.lateness.p99;
  const cpuPercent = timers.durable.cpuMsPerS / 10;
  return [
    {
      target: `timer lateness p99 < 50 ms (${timers.timers} armed timers)`,
      measured: `${fmt(lateness, 1)} ms`,
      met: lateness < 50,
    },
    {
      target: `scheduler CPU < 2 % of a core (${timers.timers} armed timers)`,
      measured: `${fmt(cpuPercent, 2)} %`,
      met: cpuPercent < 2,
    },
  ];
}

/** Prints the verdicts as a table. Nothing fails on a missed target: the numbers are for people to read. */
export function printVerdicts(list: readonly Verdict[]): void {
  console.log('\nTargets (issues #7, #8, #9 and #14)');
  console.log(table(list.map((v) => [v.target, v.measured, v.met ? 'met' : 'NOT met'])));
}
