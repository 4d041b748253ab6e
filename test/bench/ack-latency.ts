import { fileURLToPath } from 'node:url';
import { Agent, type CommandSample, fireSignedCommands } from './signed-load.js';
import { spawnTarget, type Target } from './spawn-target.js';
import { type LatencySummary, median, peakRssMiB, summarize } from './stats.js';

/** What one target did in one round. */
export interface AckRound {
  readonly latency: LatencySummary;
  /** User + system CPU of the target process during its round, per command, in µs. */
  readonly cpuUsPerCommand: number;
  /** p99 of the target's event-loop delay during its round, in ms. */
  readonly eventLoopDelayP99Ms: number;
}

/** What one target did under load, over every round. */
export interface AckLatencyResult {
  readonly name: string;
  /** Latencies of all rounds together. */
  readonly latency: LatencySummary;
  /** CPU of all rounds together, per command, in µs. */
  readonly cpuUsPerCommand: number;
  /** Median over the rounds of the per-round event-loop delay p99, in ms. */
  readonly eventLoopDelayP99Ms: number;
  readonly peakRssMiB: number | undefined;
  readonly rounds: readonly AckRound[];
}

/** Shipgate / bare Bolt in one round. */
export interface AckRoundRatio {
  /** Which target fired first in this round. */
  readonly first: string;
  readonly p99: number;
  readonly cpuPerCommand: number;
  readonly eventLoopDelayP99: number;
}

/** The whole ack-latency benchmark: both targets and the per-round ratios with their medians. */
export interface AckLatencyBench {
  readonly bare: AckLatencyResult;
  readonly shipgate: AckLatencyResult;
  readonly ratios: readonly AckRoundRatio[];
  readonly medianRatio: Omit<AckRoundRatio, 'first'>;
}

/** The mix of commands fired: help, accepted requests, and mistakes — the shapes real users send. */
export const ACK_SAMPLES: readonly CommandSample[] = [
  { command: '/deploy', text: 'help' },
  { command: '/deploy', text: 'checkout 2.5.4 --env production --dry-run' },
  { command: '/deploy', text: 'checkout 2.5' },
  { command: '/incident', text: 'declare SEV-9 Checkout is down' },
  { command: '/rollback', text: 'help' },
  { command: '/readiness', text: 'checkout 2.5.4 --force' },
];

/** Commands each target gets before the measured rounds (at most one round's worth). */
export const ACK_WARMUP = 1000;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Fires one round at a target, measured from the inside (CPU, event-loop delay) and from the outside (latency). */
async function round(target: Target, agent: Agent, secret: string, commands: number, concurrency: number) {
  await target.mark();
  const latencies = await fireSignedCommands({
    url: target.url,
    secret,
    total: commands,
    concurrency,
    samples: ACK_SAMPLES,
    agent,
  });
  const sample = await target.read();
  return { latencies, cpuUs: sample.cpuUs, eventLoopDelayP99Ms: sample.eventLoopDelayP99Ms };
}

/**
 * The same signed slash commands at the same concurrency against a bare Bolt app that only acks and against
 * Shipgate, each in its own process over its own keep-alive connections: a warm-up, then `rounds` rounds of
 * `commands` per target, alternating which goes first so drift on a shared machine hits both alike. Each round
 * measures latency from the bench and CPU and event-loop delay inside the target. The caller prints.
 */
export async function benchAckLatency(options: {
  commands: number;
  concurrency: number;
  rounds: number;
}): Promise<AckLatencyBench> {
  const { commands, concurrency, rounds } = options;
  const secret = `bench-${process.pid}`;
  const env = { BENCH_SIGNING_SECRET: secret };
  const targets = [
    { name: 'bare Bolt (ack only)', target: await spawnTarget(here('./targets/bare-bolt.ts'), env) },
    { name: 'Shipgate', target: await spawnTarget(here('./targets/shipgate.ts'), env) },
  ];
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
  try {
    for (const [i, { target }] of targets.entries()) {
      await round(target, agents[i] as Agent, secret, Math.min(ACK_WARMUP, commands), concurrency);
    }
    const measured = targets.map(() => [] as Awaited<ReturnType<typeof round>>[]);
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const { target } = targets[i] as (typeof targets)[number];
        measured[i]?.push(await round(target, agents[i] as Agent, secret, commands, concurrency));
      }
    }
    const [bare, shipgate] = await Promise.all(
      targets.map(async ({ name, target }, i): Promise<AckLatencyResult> => {
        const own = measured[i] ?? [];
        const perRound = own.map((m) => ({
          latency: summarize(m.latencies),
          cpuUsPerCommand: m.cpuUs / m.latencies.length,
          eventLoopDelayP99Ms: m.eventLoopDelayP99Ms,
        }));
        return {
          name,
          latency: summarize(own.flatMap((m) => m.latencies)),
          cpuUsPerCommand: own.reduce((sum, m) => sum + m.cpuUs, 0) / (commands * own.length),
          eventLoopDelayP99Ms: median(perRound.map((m) => m.eventLoopDelayP99Ms)),
          peakRssMiB: await peakRssMiB(target.child.pid ?? 0),
          rounds: perRound,
        };
      }),
    );
    if (!bare || !shipgate) throw new Error('benchmark produced no results');
    const ratios = bare.rounds.map((b, r) => {
      const s = shipgate.rounds[r] as AckRound;
      return {
        first: r % 2 === 0 ? 'bare Bolt' : 'Shipgate',
        p99: s.latency.p99 / b.latency.p99,
        cpuPerCommand: s.cpuUsPerCommand / b.cpuUsPerCommand,
        eventLoopDelayP99: s.eventLoopDelayP99Ms / b.eventLoopDelayP99Ms,
      };
    });
    return {
      bare,
      shipgate,
      ratios,
      medianRatio: {
        p99: median(ratios.map((r) => r.p99)),
        cpuPerCommand: median(ratios.map((r) => r.cpuPerCommand)),
        eventLoopDelayP99: median(ratios.map((r) => r.eventLoopDelayP99)),
      },
    };
  } finally {
    for (const agent of agents) agent.destroy();
    await Promise.all(targets.map(({ target }) => target.stop()));
  }
}
