import { benchAckLatency } from './ack-latency.js';
import { benchApproveToFirstCommand } from './approve-to-first-command.js';
import { benchTimerLateness } from './timer-lateness.js';

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

const rounds = Number(process.env.BENCH_APPROVALS ?? 50);
console.log(
  `\nFinal Approve click → deploy adapter's first command: ${rounds} real deploys (signed clicks over HTTP)`,
);
const approve = await benchApproveToFirstCommand(rounds);
console.log(['target'.padEnd(24), 'p50 ms', 'p99 ms', 'max ms'].join('\t'));
console.log(
  [
    'bare Bolt (spawn on click)'.padEnd(24),
    fmt(approve.bare.p50),
    fmt(approve.bare.p99),
    fmt(approve.bare.max),
  ].join('\t'),
);
console.log(
  [
    'Shipgate'.padEnd(24),
    fmt(approve.shipgate.p50),
    fmt(approve.shipgate.p99),
    fmt(approve.shipgate.max),
  ].join('\t'),
);
console.log(
  `ratio Shipgate / bare Bolt: p50 ${fmt(approve.shipgate.p50 / approve.bare.p50)}x, p99 ${fmt(approve.shipgate.p99 / approve.bare.p99)}x`,
);

const timerCount = Number(process.env.BENCH_TIMERS ?? 10_000);
const timerWindowS = Number(process.env.BENCH_TIMER_WINDOW_S ?? 20);
const timers = await benchTimerLateness(timerCount, timerWindowS);
console.log(
  `\nDurable timers: ${timers.timers} armed over ${timers.windowS} s (${timers.overdue} overdue at start), node-cron tick every second`,
);
console.log(
  '(lateness counts from the due time, or from start for overdue timers; a once-a-second tick means ~500 ms on average)',
);
console.log(['scheduler'.padEnd(24), 'p50 ms', 'p99 ms', 'max ms', 'CPU ms/s', 'peak RSS MiB'].join('\t'));
for (const r of [timers.inMemory, timers.fewDurable, timers.durable]) {
  console.log(
    [
      r.name.padEnd(24),
      fmt(r.lateness.p50, 1),
      fmt(r.lateness.p99, 1),
      fmt(r.lateness.max, 1),
      fmt(r.cpuMsPerS, 1),
      fmt(r.peakRssMiB, 1),
    ].join('\t'),
  );
}
const ratio = (a: number, b: number) => `${fmt(a / b)}x`;
console.log(
  `catch-up: the ${timers.overdue} overdue timers all fired ${fmt(timers.durable.catchUpMs, 1)} ms after start (setTimeout: ${fmt(timers.inMemory.catchUpMs, 1)} ms)`,
);
console.log(
  `ratio Shipgate / setTimeout (${timers.timers} timers): p50 ${ratio(timers.durable.lateness.p50, timers.inMemory.lateness.p50)}, p99 ${ratio(timers.durable.lateness.p99, timers.inMemory.lateness.p99)}, CPU ${ratio(timers.durable.cpuMsPerS, timers.inMemory.cpuMsPerS)}`,
);
console.log(
  `ratio ${timers.timers} vs ${timers.fewDurable.timers} timers: p99 ${ratio(timers.durable.lateness.p99, timers.fewDurable.lateness.p99)}, CPU ${ratio(timers.durable.cpuMsPerS, timers.fewDurable.cpuMsPerS)}`,
);
