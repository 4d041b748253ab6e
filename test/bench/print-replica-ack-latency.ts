import { fmt, table, times } from './format.js';
import type { ReplicaAckBench } from './replica-ack-latency.js';

/** Prints the replicas' ack section: both setups over all rounds, then the PostgreSQL / SQLite ratios per round. */
export function printReplicaAckLatency(
  bench: ReplicaAckBench,
  options: { commands: number; concurrency: number; rounds: number },
): void {
  console.log(
    `\nAck latency of two replicas on PostgreSQL: ${options.rounds} rounds of ${options.commands} signed slash ` +
      `commands per setup, ${options.concurrency} concurrent, through a round-robin proxy (its own process) ` +
      'in front of each setup, alternating which goes first (after a warm-up)',
  );
  console.log('(CPU = user+system time of the Shipgate processes, all replicas together, / commands)');
  console.log(
    table([
      ['setup', 'p50 ms', 'p99 ms', 'max ms', 'CPU µs/cmd', 'loop delay p99 ms', 'peak RSS MiB'],
      ...[bench.sqlite, bench.postgres].map((r) => [
        r.name,
        fmt(r.latency.p50),
        fmt(r.latency.p99),
        fmt(r.latency.max),
        fmt(r.cpuUsPerCommand, 0),
        fmt(r.eventLoopDelayP99Ms),
        r.peakRssMiB.map((m) => fmt(m, 1)).join(' + '),
      ]),
    ]),
  );
  console.log('ratio two replicas on PostgreSQL / one Shipgate on SQLite per round:');
  const m = bench.medianRatio;
  console.log(
    table([
      ['round (first)', 'ack p99', 'CPU/cmd'],
      ...bench.ratios.map((r, i) => [`${i + 1} (${r.first})`, times(r.p99), times(r.cpuPerCommand)]),
      ['median of rounds', times(m.p99), times(m.cpuPerCommand)],
    ]),
  );
}
