import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type DemoMetricsService, startDemoMetricsService } from '../support/demo-metrics-service.js';
import { type DeployHarness, IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { missingPrometheus, type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';
import { tempDbPath } from '../support/test-shipgate.js';
import { waitForQuery } from '../support/wait-for-query.js';
import { monitoringFor, watchTestConfig } from '../support/watch-config.js';

/**
 * A restart during a post-deploy watch, against a real Prometheus: each sample is a timer row and the watch's
 * progress (samples, streaks, alerts raised, baseline) is stored with the deploy, so a Shipgate started on the same
 * database file goes on where the stopped one was — same sample count, same streaks, same thread messages.
 */
const ERRORS = (track: string) =>
  `(sum(rate(http_requests_total{service="checkout",track="${track}",code="500"}[3s])) or vector(0)) / sum(rate(http_requests_total{service="checkout",track="${track}"}[3s]))`;
const LATENCY = (q: number) =>
  `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}",track="{track}"}[3s])))`;

let demo: DemoMetricsService;
let prom: PrometheusServer;
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let h: DeployHarness;
const dbPath = tempDbPath('shipgate-watch-restart-');
const clock = new FakeClock(IN_WINDOW);

const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

function start(): Promise<DeployHarness> {
  return startDeployHarness({
    dbPath,
    clock,
    slack,
    pagerduty,
    configure: watchTestConfig({
      prometheusUrl: prom.url,
      watch: {
        interval: '10s',
        baseline: '1m',
        min_samples: 3,
        health_check: { url: `${demo.url}/healthz/{color}`, timeout: '1s' },
        queries: { error_rate: ERRORS('{track}'), latency_p95: LATENCY(0.95), latency_p99: LATENCY(0.99) },
      },
      production: monitoringFor(60_000, '1m'),
    }),
  });
}

/** Stops this Shipgate (its Bolt app, scheduler and database) and starts a new one on the same file. */
async function restart() {
  await h.stop();
  h = await start();
  await h.settle();
}

async function sample(times: number) {
  for (let i = 0; i < times; i++) {
    clock.advance(10_000);
    await h.settle();
  }
}

const sampled = async (id: string) =>
  (await h.shipgate.events.forSubject(id))
    .filter((e) => e.type === 'deploy.watch_sampled')
    .map((e) => e.payload.sample);
const count = async (id: string, text: string) => (await h.thread(id)).filter((t) => t.includes(text)).length;

describe.skipIf(missingPrometheus())('a restart during a post-deploy watch', () => {
  beforeAll(async () => {
    demo = await startDemoMetricsService({ service: 'checkout' });
    prom = await startPrometheus({ targets: [demo.hostPort] });
    slack = await SlackStandIn.start({ seed: true });
    pagerduty = await PagerDutyStandIn.start();
    await waitForQuery(prom.url, ERRORS('blue'), (v) => v === 0, { timeoutMs: 20_000 });
    h = await start();
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
  }, 40_000);
  afterAll(async () => {
    await h?.stop();
    await slack?.stop();
    await pagerduty?.stop();
    await prom?.stop();
    await demo?.stop();
  });

  it('resumes a clean watch from its stored progress and lets it survive, without a second baseline or watch start', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('watching');
    await sample(2);
    expect((await h.record(id)).watch?.progress).toMatchObject({ samples: 2, watchedMs: 20_000 });
    const [timer] = await h.shipgate.timers.pending(`watch:${id}`);
    expect(timer?.kind).toBe('deploy.watch_sample');
    const baseline = (await h.record(id)).watch?.baseline;
    const ts = (await h.message(id))?.ts;

    await restart();
    const resumed = await h.record(id);
    expect(resumed.state).toBe('watching');
    expect(resumed.watch?.progress).toMatchObject({ samples: 2, watchedMs: 20_000 });
    expect(resumed.watch?.baseline).toEqual(baseline);
    expect((await h.shipgate.timers.pending(`watch:${id}`)).map((t) => [t.kind, t.dueAt])).toEqual([
      [timer?.kind, timer?.dueAt],
    ]);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(id);

    await sample(3);
    expect((await h.record(id)).state).toBe('watching');
    await sample(1);
    const done = await h.record(id);
    expect(done).toMatchObject({ state: 'succeeded', survived: true });
    expect(done.watch?.progress.samples).toBe(6);
    expect(await sampled(id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await h.message(id))?.ts).toBe(ts);
    expect(await count(id, 'Baseline of blue averaged over the last 1m')).toBe(1);
    expect(await count(id, ':eyes: Post-deploy watch')).toBe(1);
    expect(await count(id, `*Watch of ${id}*`)).toBe(1);
    expect(await count(id, 'survived its post-deploy watch: 6 samples, 1 minute of data')).toBe(1);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
  }, 40_000);

  it('keeps the error-rate streak across the restart: the third breaching sample, the first after it, rolls back', async () => {
    demo.setTrack('blue', { errorRate: 0.3 });
    await waitForQuery(prom.url, ERRORS('blue'), (v) => v > 0.25, { timeoutMs: 15_000 });
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.5'));
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    expect(await h.record(id)).toMatchObject({ state: 'watching', liveColor: 'green', targetColor: 'blue' });
    await sample(2);
    expect((await h.record(id)).watch?.progress).toMatchObject({
      samples: 2,
      streaks: { 'error_rate_increase:error_rate': 2 },
    });
    expect(await count(id, 'Alert: error_rate')).toBe(1);

    await restart();
    expect((await h.record(id)).state).toBe('watching');
    await sample(1);

    const bad = await h.record(id);
    expect(bad.state).toBe('rolled_back');
    expect(bad.watch?.progress.samples).toBe(3);
    expect(await sampled(id)).toEqual([1, 2, 3]);
    expect((await h.thread(id)).find((t) => t.includes('Rollback trigger fired'))).toMatch(
      /error_rate_increase: 10% \(relative to the baseline\): error_rate [23]\d\.\d\d% against a baseline of 0\.00% \(limit 10\.00%\), 3 samples in a row/,
    );
    const run = (await h.shipgate.runtime.deploys.recent(10, 'checkout')).find((d) => d.kind === 'rollback');
    expect(run).toMatchObject({
      state: 'succeeded',
      version: '2.5.4',
      previousVersion: '2.5.5',
      rollbackOf: id,
    });
    expect(await h.shipgate.runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.5.4',
      color: 'green',
    });
    expect(await count(id, 'Baseline of green averaged over the last 1m')).toBe(1);
    expect(await count(id, ':eyes: Post-deploy watch')).toBe(1);
    expect(await count(id, 'Alert: error_rate')).toBe(1);
    demo.setTrack('blue', { errorRate: 0 });
  }, 40_000);
});
