import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type DemoService, startDemoService } from '../../src/sandbox/demo-service/demo-service.js';
import { type DemoMetrics, demoWatchConfig } from '../../src/sandbox/demo-service/demo-watch-config.js';
import { type DeployHarness, IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { missingPrometheus, type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';
import { waitForQuery } from '../support/wait-for-query.js';
import { idOf } from '../support/watch-scenario.js';

/**
 * The sandbox's story on the example config: checkout deploys to the demo service through scripts/*.sh (real child
 * processes), the watch reads the demo (through http_json, or a real Prometheus), breaking the live colour rolls
 * back automatically. Shipgate's clock is fake; the demo's synthetic traffic runs on the same clock.
 */
function demoStory(name: string, metricsFor: (demo: DemoService) => Promise<DemoMetrics>, realTime: boolean) {
  describe(name, () => {
    const clock = new FakeClock(IN_WINDOW);
    let demo: DemoService;
    let prometheus: PrometheusServer | undefined;
    let h: DeployHarness;

    beforeAll(async () => {
      demo = await startDemoService({
        services: ['checkout', 'payments'],
        ...(realTime ? {} : { tickMs: 0, now: () => clock.now().getTime() }),
      });
      const metrics = await metricsFor(demo);
      if (metrics.kind === 'prometheus') prometheus = { url: metrics.url, stop: async () => undefined };
      h = await startDeployHarness({
        clock,
        env: {
          DEMO_SWITCH_URL: demo.url,
          DEMO_TARGET_STATE_DIR: mkdtempSync(join(tmpdir(), 'shipgate-demo-target-')),
        },
        configure: () => demoWatchConfig(loadConfig('config/shipgate.example.yml'), demo, metrics),
      });
      await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
      await fetch(`${demo.url}/admin/checkout/versions`, {
        method: 'POST',
        body: JSON.stringify({ color: 'blue', version: '2.5.3' }),
      });
      clock.advance(30_000);
    }, 40_000);
    afterAll(async () => {
      await h?.stop();
      await demo?.stop();
    });

    /** One watch interval (10 s on Shipgate's clock) and whatever it leads to. */
    async function sample(times: number): Promise<void> {
      for (let i = 0; i < times; i++) {
        clock.advance(10_000);
        await h.settle();
      }
    }

    it('deploys through the scripts, then rolls back automatically once the live colour breaks', async () => {
      const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
      for (const approver of ['U0BOB', 'U0CAROL', 'U0DAVE'])
        if ((await h.record(id)).state === 'awaiting_approval') await h.click(approver, id, 'approve');
      expect((await h.record(id)).state).toBe('watching');
      expect(demo.state()[0]).toMatchObject({ live: 'green', versions: { blue: '2.5.3', green: '2.5.4' } });
      await sample(1);
      expect((await h.record(id)).state).toBe('watching');

      demo.break('green');
      if (prometheus)
        await waitForQuery(
          prometheus.url,
          'sum(rate(http_requests_total{track="green",code="500"}[3s])) / sum(rate(http_requests_total{track="green"}[3s]))',
          (v) => v > 0.2,
          { timeoutMs: 15_000 },
        );
      await sample(3);
      expect((await h.record(id)).state).toBe('rolled_back');
      const fired = (await h.thread(id)).find((t) => t.includes('Rollback trigger fired')) ?? '';
      expect(fired).toMatch(/health_check_failures|error_rate_increase|latency_increase/);
      // http_json serves no history: the baseline is what it reported, and the thread says so.
      const baseline = prometheus
        ? 'Baseline of blue averaged over the last 5m'
        : 'Baseline of blue as its metrics source reported it';
      expect((await h.thread(id)).some((t) => t.includes(baseline))).toBe(true);
      expect(
        (await h.thread(id)).some((t) => /INC-\d{4}-\d{4} \(SEV-2\) declared for this rollback/.test(t)),
      ).toBe(true);
      expect(demo.state()[0]).toMatchObject({ live: 'blue', weights: { blue: 100, green: 0 } });
      expect(demo.state()[0]?.notes).toEqual([
        expect.stringMatching(/^rolled back 2\.5\.4 to 2\.5\.3 in production/),
      ]);
    }, 60_000);
  });
}

demoStory('the demo story through http_json', async () => ({ kind: 'http_json' }), false);

describe.skipIf(missingPrometheus())('with a real Prometheus', () => {
  const servers: PrometheusServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });
  demoStory(
    'the demo story through Prometheus',
    async (demo) => {
      const prometheus = await startPrometheus({ targets: [demo.hostPort] });
      servers.push(prometheus);
      // The idle colour's probe traffic has rates before traffic moves to it.
      await waitForQuery(prometheus.url, 'sum(rate(http_requests_total{track="green"}[1m]))', (v) => v > 0, {
        timeoutMs: 15_000,
      });
      return { kind: 'prometheus', url: prometheus.url };
    },
    true,
  );
});

describe.skipIf(missingPrometheus())('a rolling staging deploy watched through Prometheus', () => {
  const clock = new FakeClock(IN_WINDOW);
  let demo: DemoService;
  let prometheus: PrometheusServer;
  let h: DeployHarness;

  beforeAll(async () => {
    demo = await startDemoService({ services: ['checkout', 'payments'] });
    prometheus = await startPrometheus({ targets: [demo.hostPort] });
    // Rolling judges the `stable` role, not a colour: its series must have rates before the deploy.
    await waitForQuery(
      prometheus.url,
      'sum(rate(http_requests_total{service="checkout",track="stable"}[1m]))',
      (v) => v > 0,
      {
        timeoutMs: 15_000,
      },
    );
    h = await startDeployHarness({
      clock,
      env: {
        DEMO_SWITCH_URL: demo.url,
        DEMO_TARGET_STATE_DIR: mkdtempSync(join(tmpdir(), 'shipgate-demo-target-')),
      },
      configure: () =>
        demoWatchConfig(loadConfig('config/shipgate.example.yml'), demo, {
          kind: 'prometheus',
          url: prometheus.url,
        }),
    });
    await seedProductionVersion(h, 'checkout', '2.5.3', undefined, { env: 'staging', strategy: 'rolling' });
    demo.run('checkout', 'blue', '2.5.3');
    clock.advance(30_000);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await prometheus?.stop();
    await demo?.stop();
  });

  it('reads track="stable" and rolls back once the live colour breaks', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4 --env staging'));
    expect(await h.record(id)).toMatchObject({ state: 'watching', strategy: 'rolling' });
    clock.advance(10_000);
    await h.settle();
    expect((await h.record(id)).state).toBe('watching');

    demo.break('blue');
    await waitForQuery(
      prometheus.url,
      'sum(rate(http_requests_total{service="checkout",track="stable",code="500"}[3s])) / sum(rate(http_requests_total{service="checkout",track="stable"}[3s]))',
      (v) => v > 0.2,
      { timeoutMs: 15_000 },
    );
    for (let i = 0; i < 4 && (await h.record(id)).state === 'watching'; i++) {
      clock.advance(10_000);
      await h.settle();
    }
    expect((await h.record(id)).state).toBe('rolled_back');
    // A metric trigger, read from the `stable` series (the health check alone would need three failures).
    expect((await h.thread(id)).find((t) => t.includes('Rollback trigger fired')) ?? '').toMatch(
      /(error_rate_increase|latency_increase).*against a baseline of \d/,
    );
  }, 60_000);
});
