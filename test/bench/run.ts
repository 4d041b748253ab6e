import { benchAckLatency } from './ack-latency.js';

/**
 * `npm run bench`: measures Shipgate against a baseline measured in the same run and prints the figures and
 * ratios. Nothing here asserts a target; the numbers are for people to read and compare across commits.
 */
const total = Number(process.env.BENCH_COMMANDS ?? 4000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const fmt = (n: number | undefined, digits = 2) =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);

console.log(
  `Ack latency: ${total} signed slash commands, ${concurrency} concurrent, per target (after a warm-up)`,
);
const { results, roundP99Ratios } = await benchAckLatency(total, concurrency);
const [bare, shipgate] = results;
if (!bare || !shipgate) throw new Error('benchmark produced no results');
console.log(['target'.padEnd(24), 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MiB'].join('\t'));
for (const r of [bare, shipgate]) {
  console.log(
    [
      r.name.padEnd(24),
      fmt(r.latency.p50),
      fmt(r.latency.p99),
      fmt(r.latency.max),
      fmt(r.peakRssMiB, 1),
    ].join('\t'),
  );
}
const p50Ratio = shipgate.latency.p50 / bare.latency.p50;
const p99Ratio = shipgate.latency.p99 / bare.latency.p99;
console.log(
  `ratio Shipgate / bare Bolt: p50 ${fmt(p50Ratio)}x, p99 ${fmt(p99Ratio)}x (target: p99 within 1.5x)`,
);
const median = roundP99Ratios[Math.floor(roundP99Ratios.length / 2)];
console.log(
  `p99 ratio per round: ${roundP99Ratios.map((r) => `${fmt(r)}x`).join(', ')} (median ${fmt(median)}x)`,
);
