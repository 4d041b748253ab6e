import { fmt, table, times } from './format.js';
import type { TimerLatenessBench } from './timer-lateness.js';

/** Prints the durable-timer section: lateness and CPU of each scheduler, and the ratios against the baselines. */
export function printTimerLateness(bench: TimerLatenessBench): void {
  console.log(
    `\nDurable timers: ${bench.timers} armed over ${bench.windowS} s (${bench.overdue} overdue at start); ` +
      'Shipgate sleeps on one setTimeout to the soonest due timer (a node-cron sweep every 5 s)',
  );
  console.log(
    '(lateness counts from the due time, or from start for overdue timers; "on time" leaves the start-up catch-up out)',
  );
  const header = ['scheduler', 'p50 ms', 'p99 ms', 'max ms', 'on-time p99 ms', 'CPU ms/s', 'peak RSS MiB'];
  const rows = [bench.inMemory, bench.fewDurable, bench.durable].map((r) => [
    r.name,
    fmt(r.lateness.p50, 1),
    fmt(r.lateness.p99, 1),
    fmt(r.lateness.max, 1),
    fmt(r.onTimeLateness.p99, 1),
    fmt(r.cpuMsPerS, 1),
    fmt(r.peakRssMiB, 1),
  ]);
  console.log(table([header, ...rows]));
  const { inMemory, fewDurable, durable } = bench;
  console.log(
    `catch-up: the ${bench.overdue} overdue timers all fired ${fmt(durable.catchUpMs, 1)} ms after start (setTimeout: ${fmt(inMemory.catchUpMs, 1)} ms)`,
  );
  console.log(
    `ratio Shipgate / setTimeout (${bench.timers} timers): p50 ${times(durable.lateness.p50 / inMemory.lateness.p50)}, p99 ${times(durable.lateness.p99 / inMemory.lateness.p99)}, CPU ${times(durable.cpuMsPerS / inMemory.cpuMsPerS)}`,
  );
  console.log(
    `ratio ${bench.timers} vs ${fewDurable.timers} timers: p99 ${times(durable.lateness.p99 / fewDurable.lateness.p99)}, CPU ${times(durable.cpuMsPerS / fewDurable.cpuMsPerS)}`,
  );
}
