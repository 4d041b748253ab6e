import { fileURLToPath } from 'node:url';
import { Agent, type CommandSample, fireSignedCommands } from './signed-load.js';
import { spawnTarget } from './spawn-target.js';
import { type LatencySummary, peakRssMiB, summarize } from './stats.js';

/** What one target did under load. */
export interface AckLatencyResult {
  readonly name: string;
  readonly latency: LatencySummary;
  readonly peakRssMiB: number | undefined;
}

/** The mix of commands fired: help, accepted requests, and mistakes — the shapes real users send. */
const SAMPLES: CommandSample[] = [
  { command: '/deploy', text: 'help' },
  { command: '/deploy', text: 'checkout 2.5.4 --env production --dry-run' },
  { command: '/deploy', text: 'checkout 2.5' },
  { command: '/incident', text: 'declare SEV-9 Checkout is down' },
  { command: '/rollback', text: 'help' },
  { command: '/readiness', text: 'checkout 2.5.4 --force' },
];

/** Load is fired in rounds that alternate which target goes first, so drift on a shared machine hits both alike. */
const ROUNDS = 4;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Benchmark of issue #2: the same signed slash commands at the same concurrency against a bare Bolt app that only
 * acks and against Shipgate, each in its own process, measured in one run over the same keep-alive connections.
 * Returns both results and the Shipgate/Bolt p99 ratio of each round (sorted); the caller prints.
 */
export async function benchAckLatency(
  total: number,
  concurrency: number,
): Promise<{ results: AckLatencyResult[]; roundP99Ratios: number[] }> {
  const secret = `bench-${process.pid}`;
  const env = { BENCH_SIGNING_SECRET: secret };
  const targets = [
    { name: 'bare Bolt (ack only)', target: await spawnTarget(here('./targets/bare-bolt.ts'), env) },
    { name: 'Shipgate', target: await spawnTarget(here('./targets/shipgate.ts'), env) },
  ];
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
  try {
    const warmup = Math.min(1000, total);
    for (const [i, { target }] of targets.entries()) {
      await fireSignedCommands({
        url: target.url,
        secret,
        total: warmup,
        concurrency,
        samples: SAMPLES,
        agent: agents[i] as Agent,
      });
    }
    const latencies = targets.map(() => [] as number[]);
    const rounds = Array.from({ length: ROUNDS }, () => [] as number[]);
    const share = Math.ceil(total / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const url = targets[i]?.target.url as string;
        const measured = await fireSignedCommands({
          url,
          secret,
          total: share,
          concurrency,
          samples: SAMPLES,
          agent: agents[i] as Agent,
        });
        latencies[i]?.push(...measured);
        rounds[round]?.push(summarize(measured).p99);
      }
    }
    const results = await Promise.all(
      targets.map(async ({ name, target }, i) => ({
        name,
        latency: summarize(latencies[i] ?? []),
        peakRssMiB: await peakRssMiB(target.child.pid ?? 0),
      })),
    );
    const ratios = rounds
      .map(([bare, shipgate]) => (shipgate ?? Number.NaN) / (bare ?? Number.NaN))
      .sort((a, b) => a - b);
    return { results, roundP99Ratios: ratios };
  } finally {
    for (const agent of agents) agent.destroy();
    await Promise.all(targets.map(({ target }) => target.stop()));
  }
}
