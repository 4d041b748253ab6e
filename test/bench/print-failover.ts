import type { FailoverBench } from './failover.js';
import { fmt, table, times } from './format.js';

/** Prints the failover section: each trial's kill → first (and last) timer run by the survivor, against the target. */
export function printFailover(bench: FailoverBench): void {
  console.log(
    `\nFailover: two timer replicas on PostgreSQL, leases of ${fmt(bench.leaseMs / 1000, 1)} s, a sweep every ` +
      `${bench.sweepSeconds} s; replica A holds ${bench.held} due timers (handlers running), kill -9 A, ` +
      "time to the first of A's timers run by replica B",
  );
  console.log(
    table([
      ['trial', 'kill → first ms', 'kill → last ms', 'taken over', 'run by B before the kill'],
      ...bench.trials.map((t, i) => [
        String(i + 1),
        fmt(t.firstMs, 0),
        fmt(t.allMs, 0),
        `${t.takenOver}/${bench.held}`,
        String(t.beforeKill),
      ]),
    ]),
  );
  console.log(
    `kill → first timer: median ${fmt(bench.medianFirstMs, 0)} ms, max ${fmt(bench.maxFirstMs, 0)} ms; target ` +
      `lease + 1 s = ${fmt(bench.targetMs, 0)} ms (max / target ${times(bench.maxFirstMs / bench.targetMs)})`,
  );
}
