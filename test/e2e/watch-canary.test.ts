import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/core/config/loaded-config.js';
import { metricsSchema, watchSchema } from '../../src/core/config/watch-schema.js';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type DemoMetricsService, startDemoMetricsService } from '../support/demo-metrics-service.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { keepPostDeployment } from '../support/post-deployment-checks.js';
import { missingPrometheus, type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';
import { waitForNoValue, waitForQuery } from '../support/wait-for-query.js';

/**
 * Canary steps gated by the watch's analysis, and rollbacks of a deploy that is still running (issue #9, items 3
 * and 7), against a real Prometheus scraping a loopback demo service: each canary step (5 %, 25 %, 50 %) is judged
 * canary against stable before traffic moves on; a failing step stops the rollout at that safe point and only what
 * was done is undone; `/rollback` during a step stops the deploy after that step.
 */
const ERRORS = (track: string) =>
  `(sum(rate(http_requests_total{service="checkout",track="${track}",code="500"}[3s])) or vector(0)) / sum(rate(http_requests_total{service="checkout",track="${track}"}[3s]))`;

let demo: DemoMetricsService;
let prom: PrometheusServer;
let h: DeployHarness;
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
/** One Slack and PagerDuty stand-in for the file, so a restarted Shipgate finds its messages where they were. */
const harnessOptions = (reopen?: DeployHarness) => ({
  env: { FAKE_TARGET_HANG: 'deploy@2.7.0' },
  configure: configure(prom.url),
  slack,
  pagerduty,
  ...(reopen ? { dbPath: reopen.dbPath, store: reopen.testStore, clock: reopen.clock } : {}),
});

function configure(prometheusUrl: string) {
  return (loaded: LoadedConfig): LoadedConfig => {
    const production = loaded.environments.get('production');
    const checkout = loaded.config.services.checkout;
    if (!production || !checkout || checkout.deploy?.adapter !== 'command')
      throw new Error('unexpected fixture');
    const environments = new Map(loaded.environments);
    environments.set('production', {
      ...keepPostDeployment(production, ['smoke_tests', 'monitoring_verification']),
      monitoring: { ...production.monitoring, duration: { ms: 30_000, text: '30s' } },
    });
    const target = 'node fake-target.mjs';
    return {
      ...loaded,
      environments,
      config: {
        ...loaded.config,
        metrics: metricsSchema.parse({ prometheus: { url: prometheusUrl, timeout: '2s' } }),
        services: {
          ...loaded.config.services,
          checkout: {
            ...checkout,
            deploy: {
              ...checkout.deploy,
              steps: {
                ...checkout.deploy.steps,
                canary_stop: `${target} canary_stop {service} {version} {env}`,
                terminate_canary: `${target} terminate_canary {service} {version} {env}`,
              },
            },
            watch: watchSchema.parse({
              interval: '10s',
              baseline: '1m',
              min_samples: 2,
              step_window: '20s',
              queries: { error_rate: ERRORS('{track}') },
            }),
          },
        },
      },
    };
  };
}

async function sample(times: number) {
  for (let i = 0; i < times; i++) {
    h.clock.advance(10_000);
    await h.settle();
  }
}
async function approve(id: string) {
  await h.click('U0BOB', id, 'approve');
  await h.click('U0CAROL', id, 'approve');
}
const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';
/** The fake target's deploy steps since `from` (validations left out), as `step percent` words. */
const callsSince = (from: number) =>
  h
    .targetCalls()
    .slice(from)
    .filter((c) => c.step !== 'validate')
    .map((c) => `${c.step}${c.step === 'set_traffic' || c.step === 'deploy' ? ` ${c.args.at(-1)}` : ''}`);
/** The value of the button `actionId` anywhere in a Block Kit payload. */
function buttonValue(payload: unknown, actionId: string): string | undefined {
  if (Array.isArray(payload))
    return payload.map((p) => buttonValue(p, actionId)).find((v) => v !== undefined);
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  if (record.action_id === actionId && typeof record.value === 'string') return record.value;
  return buttonValue(Object.values(record), actionId);
}
const freeLane = async (runId: string) => {
  const freed = await h.slack.command({
    user: 'U0BOB',
    command: '/deploy',
    text: 'unblock checkout',
    channel: 'C0DEPLOYS',
  });
  expect(JSON.stringify(freed.ack)).toContain(`Freed checkout/production after ${runId}`);
};
const rollbackRunOf = async (id: string) =>
  (await h.shipgate.runtime.deploys.recent(20, 'checkout')).find(
    (d) => d.kind === 'rollback' && d.rollbackOf === id,
  );

describe.skipIf(missingPrometheus())(
  'canary steps gated by the watch, and rollbacks of a running deploy',
  () => {
    beforeAll(async () => {
      demo = await startDemoMetricsService({ service: 'checkout' });
      prom = await startPrometheus({ targets: [demo.hostPort] });
      await waitForQuery(prom.url, ERRORS('canary'), (v) => v === 0, { timeoutMs: 20_000 });
      slack = await SlackStandIn.start({ seed: true });
      pagerduty = await PagerDutyStandIn.start();
      h = await startDeployHarness(harnessOptions());
      await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    }, 40_000);
    afterAll(async () => {
      await h?.stop();
      await slack?.stop();
      await pagerduty?.stop();
      await prom?.stop();
      await demo?.stop();
    });

    it('holds each canary step until the analysis judged it, then watches at 100 %', async () => {
      const from = h.targetCalls().length;
      const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4 --strategy canary'));
      await approve(id);
      await h.settle();
      expect((await h.record(id)).state).toBe('running');
      expect((await h.record(id)).watch?.gate).toMatchObject({ percent: 5 });
      expect(callsSince(from)).toEqual(['deploy 5', 'health_check']);
      expect(
        (await h.thread(id)).some((t) => t.includes('Canary at 5%: judged against stable for 20 seconds')),
      ).toBe(true);
      await sample(1);
      expect((await h.record(id)).watch?.gate?.percent).toBe(5);
      await sample(1);
      expect((await h.thread(id)).some((t) => t.includes('Canary at 5% held against stable'))).toBe(true);
      expect((await h.record(id)).watch?.gate?.percent).toBe(25);
      await sample(4);
      const live = await h.record(id);
      expect(live.state).toBe('watching');
      expect(callsSince(from)).toEqual([
        'deploy 5',
        'health_check',
        'set_traffic 25',
        'health_check',
        'set_traffic 50',
        'health_check',
        'set_traffic 100',
      ]);
      expect(live.watch?.progress.samples).toBe(6);
      expect(live.watch?.progress.watchedMs).toBe(0);
      await sample(3);
      expect(await h.record(id)).toMatchObject({ state: 'succeeded', survived: true });
      const post = (await h.thread(id)).find((t) => t.includes('Post-deployment checks after traffic moved'));
      expect(post).toContain('✓ smoke_tests');
      expect(post).toContain('✓ monitoring_verification: data for error_rate');
      const steps = h.targetCalls().slice(from);
      const full = steps.findIndex((c) => c.step === 'set_traffic' && c.args.at(-1) === '100');
      expect(full).toBeGreaterThan(0);
      expect(steps.slice(full).some((c) => c.step === 'validate' && c.args.includes('smoke_tests'))).toBe(
        true,
      );
    }, 40_000);

    it('stops the rollout at the step whose analysis fails and undoes only that canary', async () => {
      const from = h.targetCalls().length;
      const id = idOf(await h.deploy('U0ALICE', 'checkout 2.6.0 --strategy canary'));
      await approve(id);
      await h.settle();
      await sample(2);
      expect((await h.record(id)).watch?.gate?.percent).toBe(25);
      demo.setTrack('canary', { errorRate: 0.4 });
      await waitForQuery(prom.url, ERRORS('canary'), (v) => v > 0.3, { timeoutMs: 15_000 });
      await sample(1);
      const bad = await h.record(id);
      expect(bad.state).toBe('rolled_back');
      expect(bad.steps.filter((s) => s.state === 'skipped').map((s) => s.id)).toEqual([
        'traffic-50',
        'health-50',
        'traffic-100',
      ]);
      expect((await h.thread(id)).find((t) => t.includes('Rollback trigger fired'))).toMatch(
        /error_rate_increase: 10% \(relative to the baseline\): error_rate [34]\d\.\d\d%/,
      );
      const run = await rollbackRunOf(id);
      expect(run).toMatchObject({ state: 'succeeded', version: '2.5.4', previousVersion: '2.6.0' });
      expect(callsSince(from)).toEqual([
        'deploy 5',
        'health_check',
        'set_traffic 25',
        'health_check',
        'canary_stop',
        'set_traffic 0',
        'terminate_canary',
      ]);
      expect((await h.thread(id)).some((t) => t.includes('Stopped at a safe point for'))).toBe(true);
      expect((await h.shipgate.runtime.deploys.current('checkout', 'production'))?.version).toBe('2.5.4');
      demo.setTrack('canary', { errorRate: 0 });
      await freeLane(run?.id ?? '');
    }, 40_000);

    it('stops a blue-green deploy after the step it runs when /rollback is clicked, and undoes nothing that never took traffic', async () => {
      const from = h.targetCalls().length;
      const id = idOf(await h.deploy('U0ALICE', 'checkout 2.7.0'));
      await h.click('U0BOB', id, 'approve');
      const posted = await h.message(id);
      await h.slack.clickButton({
        user: 'U0CAROL',
        channel: posted?.channel ?? '',
        ts: posted?.ts ?? '',
        actionId: 'deploy.approve',
      });
      const running = async () => (await h.record(id)).steps.find((s) => s.state === 'running')?.kind;
      await h.slack.waitFor(async () => (await running()) === 'deploy' || undefined, { timeoutMs: 5_000 });
      const asked = await h.slack.command({
        user: 'U0CAROL',
        command: '/rollback',
        text: 'checkout --reason "wrong build"',
        channel: 'C0DEPLOYS',
      });
      const reply = JSON.stringify(asked.ack);
      expect(reply).toContain('2.7.0 → 2.5.4');
      expect(reply).toContain('Health check blue (traffic never left it)');
      const value = buttonValue(asked.ack, 'rollback.now');
      expect(value).toContain('"to":"2.5.4"');
      const plan = h.slack
        .messages('#deploys', { user: 'U0CAROL' })
        .find((m) => buttonValue(m.blocks, 'rollback.now') === value);
      expect(plan?.ephemeralFor).toBe('U0CAROL');
      const confirmed = await h.slack.clickButton({
        user: 'U0CAROL',
        channel: 'C0DEPLOYS',
        ts: plan?.ts ?? '',
        actionId: 'rollback.now',
        value: value ?? '',
      });
      // The click is acked first; the answer to Carol follows once the halt is recorded.
      await h.slack.waitFor(() => confirmed.responses.length > 0 || undefined, { timeoutMs: 5_000 });
      expect((await h.record(id)).state).toBe('running');
      expect((await h.shipgate.events.forSubject(id)).some((e) => e.type === 'deploy.halt_requested')).toBe(
        true,
      );
      await h.settle();
      expect((await h.thread(id)).some((t) => t.includes('stops after the step running now'))).toBe(true);
      const bad = await h.record(id);
      expect(bad.state).toBe('rolled_back');
      expect(bad.steps.map((s) => s.state)).toEqual(['failed', 'skipped', 'skipped']);
      const run = await rollbackRunOf(id);
      expect(run).toMatchObject({ state: 'succeeded', version: '2.5.4', requester: 'U0CAROL' });
      expect(run?.steps.map((s) => s.id)).toEqual(['halt-health-blue']);
      expect(callsSince(from).filter((c) => c.startsWith('switch_traffic'))).toEqual([]);
      expect((await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.7.0'))?.reason).toBe(
        'wrong build',
      );
      await freeLane(run?.id ?? '');
    }, 40_000);

    it('resumes a canary gate after a restart: the samples are timer rows and the rollout goes on from that step', async () => {
      const id = idOf(await h.deploy('U0ALICE', 'checkout 2.8.0 --strategy canary'));
      await approve(id);
      await h.settle();
      await sample(1);
      expect((await h.record(id)).watch).toMatchObject({
        state: 'gating',
        gate: { percent: 5 },
        progress: { samples: 1 },
      });
      await h.shipgate.stop();
      h = await startDeployHarness(harnessOptions(h));
      await h.settle();
      expect(await h.record(id)).toMatchObject({
        state: 'running',
        watch: { state: 'gating', gate: { percent: 5 } },
      });
      await sample(1);
      expect((await h.record(id)).watch).toMatchObject({ gate: { percent: 25 }, progress: { samples: 2 } });
      await sample(4);
      expect((await h.record(id)).state).toBe('watching');
      expect((await h.thread(id)).filter((t) => t.includes('Canary at 5% held against stable'))).toHaveLength(
        1,
      );
    }, 40_000);

    it('rolls back a release whose required queries return no data at the first sample after traffic moved (monitoring_verification)', async () => {
      const watched = await h.shipgate.runtime.deploys.laneHolder('checkout', 'production');
      if (watched) await h.deploy('U0BOB', `watch stop ${watched}`);
      demo.setExposed('green', false);
      await waitForNoValue(prom.url, ERRORS('green'));
      const id = idOf(await h.deploy('U0ALICE', 'checkout 2.9.0'));
      await approve(id);
      expect((await h.record(id)).state).toBe('watching');
      await sample(1);
      expect((await h.record(id)).state).toBe('rolled_back');
      expect(
        (await h.thread(id)).find((t) => t.includes('Post-deployment checks after traffic moved')),
      ).toContain('✗ monitoring_verification: no data for error_rate');
      expect((await h.thread(id)).find((t) => t.includes('Rollback trigger fired'))).toContain(
        'post_deployment: monitoring_verification (required)',
      );
      expect(await rollbackRunOf(id)).toMatchObject({ state: 'succeeded', previousVersion: '2.9.0' });
      demo.setExposed('green', true);
      await freeLane((await rollbackRunOf(id))?.id ?? '');
    }, 40_000);

    it('took the running → rolled back edge of the deploy state machine', async () => {
      const deploys = await h.shipgate.runtime.deploys.recent(1000);
      const taken = (await Promise.all(deploys.map(async (d) => await h.shipgate.events.forSubject(d.id))))
        .flat()
        .filter((e) => e.type === 'deploy.roll_back')
        .map((e) => `${String(e.payload.from)}:roll_back`);
      expect(taken).toContain('running:roll_back');
    });
  },
);
