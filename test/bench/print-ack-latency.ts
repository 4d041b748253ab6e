import type { AckLatencyBench } from './ack-latency.js';
import { fmt, table, times } from './format.js';

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
  const targets = [bench.bare, bench.shipgate].map((r) => [
    r.name,
    fmt(r.latency.p50),
    fmt(r.latency.p99),
    fmt(r.latency.max),
    fmt(r.cpuUsPerCommand, 0),
    fmt(r.eventLoopDelayP99Ms),
    fmt(r.peakRssMiB, 1),
  ]);
  console.log(
    table([
      ['target', 'p50 ms', 'p99 ms', 'max ms', 'CPU µs/cmd', 'loop delay p99 ms', 'peak RSS MiB'],
      ...targets,
    ]),
  );
  console.log('ratio Shipgate / bare Bolt per round:');
  const m = bench.medianRatio;
  console.log(
    table([
      ['round (first)', 'ack p99', 'CPU/cmd', 'loop delay p99'],
      ...bench.ratios.map((r, i) => [
        `${i + 1} (${r.first})`,
        times(r.p99),
        times(r.cpuPerCommand),
        times(r.eventLoopDelayP99),
      ]),
      ['median of rounds', times(m.p99), times(m.cpuPerCommand), times(m.eventLoopDelayP99)],
    ]),
  );
}
