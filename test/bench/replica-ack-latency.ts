import { fileURLToPath } from 'node:url';
import { freshSchema } from '../support/postgres.js';
import { ACK_SAMPLES, ACK_WARMUP } from './ack-latency.js';
import { Agent, fireSignedCommands } from './signed-load.js';
import { spawnTarget, type Target } from './spawn-target.js';
import { type LatencySummary, median, peakRssMiB, summarize } from './stats.js';

/** One setup's figures over every round. */
export interface ReplicaAckResult {
  readonly name: string;
  readonly latency: LatencySummary;
  /** CPU of the Shipgate processes (all replicas together) per command, in µs; the proxy's left out. */
  readonly cpuUsPerCommand: number;
  /** Median over the rounds of the worst replica's event-loop delay p99, in ms. */
  readonly eventLoopDelayP99Ms: number;
  /** Peak RSS of each Shipgate process, in MiB. */
  readonly peakRssMiB: readonly (number | undefined)[];
}

/** Two replicas on PostgreSQL / one Shipgate on SQLite, in one round. */
export interface ReplicaAckRatio {
  readonly first: string;
  readonly p99: number;
  readonly cpuPerCommand: number;
}

/** The replicas' ack-latency bench: both setups, the per-round ratios and their medians. */
export interface ReplicaAckBench {
  readonly sqlite: ReplicaAckResult;
  readonly postgres: ReplicaAckResult;
  readonly ratios: readonly ReplicaAckRatio[];
  readonly medianRatio: Omit<ReplicaAckRatio, 'first'>;
}

/** One setup: the Shipgate processes, and the round-robin proxy in front of them that the commands go to. */
interface Setup {
  readonly name: string;
  readonly shipgates: Target[];
  readonly proxy: Target;
  readonly agent: Agent;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SHIPGATE = here('./targets/shipgate.ts');
const PROXY = here('./targets/round-robin.ts');

/** Fires one round through the setup's proxy; CPU and loop delay are read inside every Shipgate process. */
async function round(setup: Setup, secret: string, commands: number, concurrency: number) {
  await Promise.all(setup.shipgates.map((s) => s.mark()));
  const latencies = await fireSignedCommands({
    url: setup.proxy.url,
    secret,
    total: commands,
    concurrency,
    samples: ACK_SAMPLES,
    agent: setup.agent,
  });
  const samples = await Promise.all(setup.shipgates.map((s) => s.read()));
  return {
    latencies,
    cpuUs: samples.reduce((sum, s) => sum + s.cpuUs, 0),
    eventLoopDelayP99Ms: Math.max(...samples.map((s) => s.eventLoopDelayP99Ms)),
  };
}

/** A round-robin proxy (its own process) in front of `shipgates`. */
async function behindProxy(name: string, shipgates: Target[], concurrency: number): Promise<Setup> {
  const upstreams = shipgates.map((s) => new URL(s.url).origin).join(',');
  const proxy = await spawnTarget(PROXY, { BENCH_UPSTREAMS: upstreams });
  return { name, shipgates, proxy, agent: new Agent({ keepAlive: true, maxSockets: concurrency }) };
}

/**
 * Benchmark of issue #14: the ack bench's signed slash commands at the same concurrency, through a round-robin
 * proxy (`RoundRobinProxy`, in its own process), against two Shipgate replicas on one fresh PostgreSQL schema
 * (requests alternating between them) and, as the baseline in the same run, against one Shipgate on SQLite behind
 * the same kind of proxy (so the ratio compares the stores, not the extra hop). A warm-up, then `rounds` rounds of
 * `commands` per setup, alternating which goes first. The caller prints.
 */
export async function benchReplicaAckLatency(options: {
  databaseUrl: string;
  commands: number;
  concurrency: number;
  rounds: number;
}): Promise<ReplicaAckBench> {
  const { commands, concurrency, rounds } = options;
  const secret = `bench-${process.pid}`;
  const env = { BENCH_SIGNING_SECRET: secret };
  const schema = await freshSchema('bench_ha_ack', options.databaseUrl);
  const started: Target[] = [];
  const setups: Setup[] = [];
  const spawn = async (script: string, extra: Record<string, string> = {}) => {
    const target = await spawnTarget(script, { ...env, ...extra });
    started.push(target);
    return target;
  };
  try {
    const sqlite = await spawn(SHIPGATE);
    setups.push(await behindProxy('one Shipgate on SQLite', [sqlite], concurrency));
    const replicas: Target[] = [];
    for (const id of ['replica-a', 'replica-b'])
      replicas.push(await spawn(SHIPGATE, { BENCH_DATABASE_URL: schema.url, BENCH_REPLICA_ID: id }));
    setups.push(await behindProxy('two replicas on PostgreSQL', replicas, concurrency));
    for (const setup of setups) started.push(setup.proxy);

    for (const setup of setups) await round(setup, secret, Math.min(ACK_WARMUP, commands), concurrency);
    const measured = setups.map(() => [] as Awaited<ReturnType<typeof round>>[]);
    for (let r = 0; r < rounds; r++)
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0])
        measured[i]?.push(await round(setups[i] as Setup, secret, commands, concurrency));

    const results = await Promise.all(
      setups.map(async (setup, i): Promise<ReplicaAckResult> => {
        const own = measured[i] ?? [];
        return {
          name: setup.name,
          latency: summarize(own.flatMap((m) => m.latencies)),
          cpuUsPerCommand: own.reduce((sum, m) => sum + m.cpuUs, 0) / (commands * own.length),
          eventLoopDelayP99Ms: median(own.map((m) => m.eventLoopDelayP99Ms)),
          peakRssMiB: await Promise.all(setup.shipgates.map((s) => peakRssMiB(s.child.pid ?? 0))),
        };
      }),
    );
    const [base, replicated] = results as [ReplicaAckResult, ReplicaAckResult];
    const ratios = (measured[0] ?? []).map((b, r) => {
      const s = (measured[1] ?? [])[r] as (typeof measured)[number][number];
      return {
        first: r % 2 === 0 ? 'SQLite' : 'PostgreSQL',
        p99: summarize(s.latencies).p99 / summarize(b.latencies).p99,
        cpuPerCommand: s.cpuUs / b.cpuUs,
      };
    });
    return {
      sqlite: base,
      postgres: replicated,
      ratios,
      medianRatio: {
        p99: median(ratios.map((r) => r.p99)),
        cpuPerCommand: median(ratios.map((r) => r.cpuPerCommand)),
      },
    };
  } finally {
    for (const setup of setups) setup.agent.destroy();
    await Promise.all(started.map((target) => target.stop()));
    await schema.drop();
  }
}
