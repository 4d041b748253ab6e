import { fmt, table, times } from './format.js';
import type { LatencySummary } from './stats.js';
import type { WatchCpuBench } from './watch-cpu.js';

/** A Shipgate latency beside its same-run baseline, as measured by the detection and rollback benches. */
export interface AgainstBaseline {
  readonly shipgate: LatencySummary;
  readonly bare: LatencySummary;
}

/** Prints one latency section of issue #9: the table of Shipgate and its baseline, and their ratio. */
export function printAgainstBaseline(title: string, bench: AgainstBaseline, baselineName: string): void {
  console.log(`\n${title}`);
  console.log(
    table([
      ['target', 'p50 ms', 'p99 ms', 'max ms'],
      ...(
        [
          [baselineName, bench.bare],
          [`Shipgate (${bench.shipgate.count} rounds)`, bench.shipgate],
        ] as const
      ).map(([name, r]) => [name, fmt(r.p50), fmt(r.p99), fmt(r.max)]),
    ]),
  );
  console.log(
    `ratio Shipgate / ${baselineName}: p50 ${times(bench.shipgate.p50 / bench.bare.p50)}, p99 ${times(bench.shipgate.p99 / bench.bare.p99)}`,
  );
}

/** Prints the watch CPU section: CPU of the watching and the idle Shipgate, their ratio, and the samples taken. */
export function printWatchCpu(bench: WatchCpuBench): void {
  console.log(
    `\nCPU of ${bench.watches} concurrent watches sampling every ${bench.intervalS} s, real clock, ${bench.windowS} s window ` +
      '(2 instant queries to a loopback Prometheus stand-in + 1 loopback health request per sample)',
  );
  const rows = [
    ['Shipgate idle (same config, nothing watched)', bench.idle],
    [`Shipgate, ${bench.watches} watches`, bench.watching],
  ] as const;
  console.log(
    table([
      ['process', 'CPU % of a core', 'CPU ms/s', 'event-loop p99 ms'],
      ...rows.map(([name, r]) => [
        name,
        fmt(r.cpuPercent),
        fmt(r.load.cpuUs / 1000 / bench.windowS, 1),
        fmt(r.load.eventLoopDelayP99Ms, 1),
      ]),
    ]),
  );
  const perSample = (bench.watching.load.cpuUs - bench.idle.load.cpuUs) / 1000 / bench.samples;
  console.log(
    `samples in the window: ${bench.samples} (a ${bench.intervalS} s cadence gives ${fmt(bench.expectedSamples, 0)}), ` +
      `${bench.queries} queries, ${bench.slackCalls} Slack posts/edits; CPU above idle per sample: ${fmt(perSample)} ms`,
  );
  console.log(`ratio watching / idle: CPU ${times(bench.watching.cpuPercent / bench.idle.cpuPercent)}`);
}
