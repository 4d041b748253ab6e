import { fileURLToPath } from 'node:url';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { spawnTarget } from './spawn-target.js';
import type { LoadSample } from './targets/load-probe.js';
import { startWatchUpstreams } from './watch-upstreams.js';

/** One Shipgate process over the measured window. */
export interface WatchCpuRun {
  /** Process CPU (user + system, all threads) as a percentage of one core over the window. */
  readonly cpuPercent: number;
  readonly load: LoadSample;
}

/** The watch CPU benchmark's figures (see {@link benchWatchCpu}). */
export interface WatchCpuBench {
  readonly watches: number;
  readonly windowS: number;
  readonly intervalS: number;
  readonly watching: WatchCpuRun;
  readonly idle: WatchCpuRun;
  /** Health requests the stand-in answered during the window (one per sample), and how many a 10 s cadence gives. */
  readonly samples: number;
  readonly expectedSamples: number;
  /** Prometheus queries answered during the window (two per sample). */
  readonly queries: number;
  /** Slack messages posted and edited during the window (both targets). */
  readonly slackCalls: number;
}

const TARGET = fileURLToPath(new URL('./targets/watching-shipgate.ts', import.meta.url));
/** The bench watch's interval (`watchedConfig`). */
const INTERVAL_S = 10;
/**
 * After start, one interval plus this lets every watch take its first sample and the Slack messages of 200 new
 * watches drain unmeasured (with only 2 s, the outbox was still posting inside the window).
 */
const WARM_UP_EXTRA_MS = 8000;

/**
 * Benchmark of issue #9, CPU of concurrent watches: two Shipgate processes on the real clock, each with 200
 * services configured with the bench watch (a sample every 10 s: two instant queries to a loopback Prometheus
 * stand-in answering `/api/v1/query` JSON, one request to a loopback health URL, the verdict stored in SQLite):
 * one has `watches` deploys in their watch, their samples spread over the interval; the other watches nothing —
 * the idle baseline, the same process over the same wall-clock window (both run at once). The stand-ins and the
 * Slack stand-in run in this process, so neither target pays for them. After a warm-up of one interval (the
 * first samples, their report messages and each watch's start notes), each target's `process.cpuUsage()` is read over `windowS` seconds of
 * real time; nothing is extrapolated. Also counts the samples taken in the window against the 10 s cadence.
 */
export async function benchWatchCpu(watches: number, windowS: number): Promise<WatchCpuBench> {
  const upstreams = await startWatchUpstreams();
  const slack = await SlackStandIn.start({ seed: true });
  const env = {
    BENCH_PROMETHEUS_URL: upstreams.prometheusUrl,
    BENCH_HEALTH_URL: upstreams.healthUrl,
    BENCH_SLACK_API_URL: slack.apiUrl,
    BENCH_SERVICES: String(Math.max(watches, 1)),
  };
  const [watching, idle] = await Promise.all([
    spawnTarget(TARGET, { ...env, BENCH_WATCHES: String(watches) }),
    spawnTarget(TARGET, { ...env, BENCH_WATCHES: '0' }),
  ]);
  try {
    await new Promise((r) => setTimeout(r, INTERVAL_S * 1000 + WARM_UP_EXTRA_MS));
    const slackCalls = () => slack.callsTo('chat.postMessage').length + slack.callsTo('chat.update').length;
    const before = { ...upstreams.counts, slack: slackCalls() };
    await Promise.all([watching.mark(), idle.mark()]);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, windowS * 1000));
    const [watchingLoad, idleLoad] = await Promise.all([watching.read(), idle.read()]);
    const wallUs = (performance.now() - started) * 1000;
    const run = (load: LoadSample): WatchCpuRun => ({ cpuPercent: (load.cpuUs / wallUs) * 100, load });
    return {
      watches,
      windowS,
      intervalS: INTERVAL_S,
      watching: run(watchingLoad),
      idle: run(idleLoad),
      samples: upstreams.counts.health - before.health,
      expectedSamples: (watches * windowS) / INTERVAL_S,
      queries: upstreams.counts.queries - before.queries,
      slackCalls: slackCalls() - before.slack,
    };
  } finally {
    await Promise.all([watching.stop(), idle.stop()]);
    await slack.stop();
    await upstreams.stop();
  }
}
