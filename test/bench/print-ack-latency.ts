import type { AckLatencyBench } from './ack-latency.js';
import { fmt, row, times } from './format.js';

/** Prints the ack-latency section: both targets over all rounds, then the Shipgate / bare Bolt ratios per round. */
export function printAckLatency(
  bench: AckLatencyBench,
  options: { commands: number; concurrency: number; rounds: number },
): void {
  console.log(
    `Ack latency: ${options.rounds} rounds of ${options.commands} signed slash commands per target, ` +
      `${options.concurrency} concurrent, alternating which target goes first (after a warm-up)`,
  );
  console.log(
    '(CPU = user+system time of the target process during its rounds / commands; loop delay = ' +
      'monitorEventLoopDelay p99 inside the target, median of rounds)',
  );
  console.log(
    row('target', ['p50 ms', 'p99 ms', 'max ms', 'CPU µs/cmd', 'loop delay p99 ms', 'peak RSS MiB']),
  );
  for (const r of [bench.bare, bench.shipgate]) {
    console.log(
      row(r.name, [
        fmt(r.latency.p50),
        fmt(r.latency.p99),
        fmt(r.latency.max),
        fmt(r.cpuUsPerCommand, 0),
        fmt(r.eventLoopDelayP99Ms),
        fmt(r.peakRssMiB, 1),
      ]),
    );
  }
  console.log('ratio Shipgate / bare Bolt per round:');
  console.log(row('round (first)', ['ack p99', 'CPU/cmd', 'loop delay p99']));
  for (const [i, r] of bench.ratios.entries()) {
    console.log(
      row(`${i + 1} (${r.first})`, [times(r.p99), times(r.cpuPerCommand), times(r.eventLoopDelayP99)]),
    );
  }
  const m = bench.medianRatio;
  console.log(row('median of rounds', [times(m.p99), times(m.cpuPerCommand), times(m.eventLoopDelayP99)]));
}
