import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type Shipgate, startShipgate } from '../../src/shipgate.js';
import { startsOf } from './command-starts.js';
import { seedLiveVersion, seedWatchingDeploy } from './seed-deploys.js';
import { type LatencySummary, summarize } from './stats.js';
import { until } from './until.js';
import { startWatchUpstreams } from './watch-upstreams.js';
import { watchedConfig } from './watched-config.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SECRET = 'bench-detection-secret';
/** The watch interval of {@link watchedConfig}: the fake clock moves this far before each sample. */
const INTERVAL_MS = 10_000;
/** `health_check_failures: 3` in the bench policy: the third failing sample in a row is the one that fires. */
const FIRING_SAMPLE = 3;

/** Wall-clock now in ms with sub-millisecond precision, comparable with the target script's `date +%s%N`. */
const wallNow = () => performance.timeOrigin + performance.now();

/** Waits until Shipgate has nothing left to do now: background work idle and no timer due on its clock. */
async function quiet(shipgate: Shipgate, clock: FakeClock): Promise<void> {
  for (let round = 0; round < 200; round++) {
    await shipgate.work.idle();
    if ((await shipgate.timers.pending()).every((t) => t.dueAt > clock.now())) {
      await shipgate.timers.tick();
      await shipgate.work.idle();
      if ((await shipgate.timers.pending()).every((t) => t.dueAt > clock.now())) return;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('Shipgate did not go quiet');
}

/**
 * Benchmark of issue #9, detection → first rollback command: per round, a blue-green deploy of `checkout` under
 * `rollback.automatic: true` enters its post-deploy watch (stored as just deployed, then Shipgate's own
 * `captureBaseline` and `beginWatch`), and its new colour's health URL answers 503, so `health_check_failures: 3`
 * fires on the third sample. Shipgate runs in this process with its real scheduler started on a fake clock; each
 * sample is the clock moving one interval and the scheduler's tick at its due time (what its wake-up does, minus
 * the scheduler's own lateness, measured by the timer bench). Measured: from that tick of the firing sample to the
 * rollback run's first step (`switch_traffic` back to blue, `fixtures/first-command.sh`) having started as a real
 * child process — the sample's queries to the loopback Prometheus and health stand-ins, the verdict, the order
 * and the spawn. Between rounds the rollback finishes, its follow-up (incident, notifications) runs and a team
 * lead frees the lane with `/deploy unblock checkout`. Baseline in the same run: spawning the same command at
 * once (`sh first-command.sh`), from the same clock reading to the same recorded start.
 */
export async function benchDetectionToRollback(
  rounds: number,
): Promise<{ shipgate: LatencySummary; bare: LatencySummary }> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-detection-'));
  const log = join(dir, 'target.log');
  const upstreams = await startWatchUpstreams({ health: (path) => (path.includes('/green/') ? 503 : 200) });
  const slack = await SlackStandIn.start({ seed: true });
  const clock = new FakeClock();
  const shipgate = await startShipgate({
    config: watchedConfig(loadConfig(join(FIXTURES, 'watch-shipgate.yml')), upstreams),
    dbPath: join(dir, 'shipgate.db'),
    port: 0,
    host: '127.0.0.1',
    clock,
    logger: createLogger({ level: 'silent' }),
    env: { PATH: process.env.PATH ?? '', BENCH_TARGET_LOG: log },
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: SECRET,
      apiUrl: slack.apiUrl,
      retries: 0,
    },
  });
  const rt = shipgate.runtime;
  const shipgateTimes: number[] = [];
  try {
    slack.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: SECRET });
    await seedLiveVersion(rt, 'checkout', '1.0.0', 'blue');
    for (let i = 0; i <= rounds; i++) {
      const id = await seedWatchingDeploy(rt, 'checkout', `2.0.${i}`, '1.0.0', 'blue');
      await quiet(shipgate, clock);
      let detected = 0;
      for (let sample = 1; sample <= FIRING_SAMPLE; sample++) {
        if (sample === FIRING_SAMPLE) detected = wallNow();
        clock.advance(INTERVAL_MS);
        await shipgate.timers.tick();
        if (sample < FIRING_SAMPLE) await quiet(shipgate, clock);
      }
      const started = await until(
        () => startsOf(log, 'switch_traffic 1.0.0 blue')[i],
        'the first rollback command',
      );
      if (i > 0) shipgateTimes.push(started - detected);
      const run = await until(async () => {
        const r = (await rt.deploys.recent(1, 'checkout'))[0];
        return r?.kind === 'rollback' && r.rollbackOf === id && r.state === 'succeeded' ? r : undefined;
      }, 'the rollback run to succeed');
      const samples = (await rt.deploys.get(id))?.watch?.progress.samples;
      if (samples !== FIRING_SAMPLE)
        throw new Error(`${id} was rolled back after ${samples} samples, not on sample ${FIRING_SAMPLE}`);
      await quiet(shipgate, clock);
      await slack.command({
        user: 'U0BOB',
        command: '/deploy',
        text: 'unblock checkout',
        channel: 'C0DEPLOYS',
      });
      await until(
        async () =>
          (await rt.deploys.laneHolder('checkout', 'production')) === undefined ? true : undefined,
        `the lane freed after ${run.id}`,
      );
      await quiet(shipgate, clock);
    }
  } finally {
    await shipgate.stop();
    await slack.stop();
    await upstreams.stop();
  }

  const bareTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const spawned = wallNow();
    const child = spawn('sh', [join(FIXTURES, 'first-command.sh'), 'switch_traffic', 'bare'], {
      env: { PATH: process.env.PATH ?? '', BENCH_TARGET_LOG: log },
    });
    await once(child, 'exit');
    bareTimes.push((startsOf(log, 'switch_traffic bare')[i] ?? Number.NaN) - spawned);
  }
  return { shipgate: summarize(shipgateTimes), bare: summarize(bareTimes) };
}
