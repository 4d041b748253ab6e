import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoMetricsService, startDemoMetricsService } from '../support/demo-metrics-service.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { createTestRepo, git } from '../support/git-repo.js';
import { missingPrometheus, type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';
import { waitForQuery } from '../support/wait-for-query.js';
import {
  approve as approveWith,
  configureWatch,
  ERRORS,
  idOf,
  sample as sampleWith,
} from '../support/watch-scenario.js';

/**
 * The post-deploy watch against a real Prometheus scraping a loopback demo service whose traffic the test sets:
 * the watch samples on Shipgate's (fake) clock and reads Prometheus's real data, so each step waits until
 * Prometheus shows what the test set before it lets a sample be taken.
 */
let demo: DemoMetricsService;
let prom: PrometheusServer;
let h: DeployHarness;
const repo = createTestRepo();

const sample = (times: number) => sampleWith(h, times);
const approve = (id: string) => approveWith(h, id);
/** `/rollback <text>` as `user` in #deploys; the ack as JSON. */
async function rollbackAs(user: string, text: string): Promise<string> {
  const result = await h.slack.command({ user, command: '/rollback', text, channel: 'C0DEPLOYS' });
  return JSON.stringify(result.ack);
}

describe.skipIf(missingPrometheus())('the post-deploy watch against a real Prometheus', () => {
  beforeAll(async () => {
    demo = await startDemoMetricsService({ service: 'checkout' });
    prom = await startPrometheus({ targets: [demo.hostPort] });
    await waitForQuery(prom.url, ERRORS('blue'), (v) => v === 0, { timeoutMs: 20_000 });
    h = await startDeployHarness({
      configure: configureWatch({ prometheusUrl: prom.url, demoUrl: demo.url, repository: repo.dir }),
    });
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    repo.commit('feat: checkout 2.5.3');
    repo.tag('v2.5.3');
    repo.commit('fix: totals are rounded once');
  }, 40_000);
  afterAll(async () => {
    await h?.stop();
    await prom?.stop();
    await demo?.stop();
  });

  it('lets a clean release survive its watch, with the baseline and the metrics in the thread', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    await approve(id);
    expect((await h.record(id)).state).toBe('watching');
    expect((await h.thread(id)).some((t) => t.includes('Baseline of blue averaged over the last 1m'))).toBe(
      true,
    );
    await sample(3);
    expect(git(repo.dir, 'tag', '-l', 'v2.5.4')).toBe('');
    await sample(3);
    const done = await h.record(id);
    expect(done.state).toBe('succeeded');
    expect(done.survived).toBe(true);
    expect(done.watch?.progress.samples).toBe(6);
    expect((await h.thread(id)).some((t) => t.includes('survived its post-deploy watch: 6 samples'))).toBe(
      true,
    );
    expect(
      (await h.thread(id)).some(
        (t) => t.startsWith(':bar_chart: *Watch of') && t.includes('error_rate 0.00%'),
      ),
    ).toBe(true);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
    expect(await h.shipgate.runtime.releases.get('checkout', '2.5.4')).toMatchObject({
      deployId: id,
      state: 'tagged',
    });
    expect(git(repo.dir, 'tag', '-l', '--format=%(contents)', 'v2.5.4')).toContain(
      'survived its post-deploy watch',
    );
  }, 30_000);

  it('rolls back automatically when the error rate rises, says why with numbers, blocks the version and opens an incident', async () => {
    demo.setTrack('blue', { errorRate: 0.3 });
    await waitForQuery(prom.url, ERRORS('blue'), (v) => v > 0.25, { timeoutMs: 15_000 });
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.5'));
    await approve(id);
    expect((await h.record(id)).state).toBe('watching');
    await sample(3);
    const bad = await h.record(id);
    expect(bad.state).toBe('rolled_back');
    expect(await h.shipgate.runtime.releases.get('checkout', '2.5.5')).toBeUndefined();
    expect(git(repo.dir, 'tag', '-l', 'v2.5.5')).toBe('');
    const fired = (await h.thread(id)).find((t) => t.includes('Rollback trigger fired'));
    expect(fired).toMatch(
      /error_rate_increase: 10% \(relative to the baseline\): error_rate [23]\d\.\d\d% against a baseline of 0\.00% \(limit 10\.00%\), 3 samples in a row/,
    );
    expect(fired).toContain(
      'Query: `(sum(rate(http_requests_total{service="checkout",track="blue",code="500"}[3s]))',
    );
    expect(fired).toContain(
      'baseline: green averaged over the last 1m before traffic moved; one sample every 10s.',
    );
    const run = (await h.shipgate.runtime.deploys.recent(5, 'checkout')).find((d) => d.kind === 'rollback');
    expect(run).toMatchObject({
      state: 'succeeded',
      version: '2.5.4',
      previousVersion: '2.5.5',
      rollbackOf: id,
    });
    const switched = h
      .targetCalls()
      .filter((c) => c.step === 'switch_traffic')
      .at(-1);
    expect(switched?.args).toContain('green');
    const order = (await h.shipgate.events.forSubject(run?.id ?? '')).find(
      (e) => e.type === 'deploy.order_rollback',
    );
    expect(order?.actor).toBe('shipgate');
    expect(order?.actorKind).toBe('shipgate');
    expect(String(order?.payload.authority)).toMatch(
      /rollback\.automatic: true in .*production-deployment\.yml \(sha256 [0-9a-f]{12}\)/,
    );
    expect(await h.shipgate.runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.5.4',
      color: 'green',
    });
    expect(
      h.slack.messages('#deploys').some((m) => m.text.includes('checkout rolled back 2.5.5 → 2.5.4')),
    ).toBe(true);
    const incident = (await h.shipgate.runtime.incidents.list()).find((i) =>
      i.title.startsWith('Rollback of checkout 2.5.5'),
    );
    expect(incident).toMatchObject({ severity: 'SEV-2', service: 'checkout', commander: 'U0ALICE' });

    const again = await h.deploy('U0ALICE', 'checkout 2.5.5');
    expect(again).toContain('blocked');
    expect(again).toContain('automatic rollback under rollback.automatic: true');
    const locked = await h.deploy('U0ALICE', 'checkout 2.5.6');
    expect(idOf(locked)).not.toBe('');
    expect((await h.record(idOf(locked))).state).toBe('queued');
    const refused = await h.slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: 'unblock checkout',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(refused.ack)).toContain('only a team lead or an engineering lead may unblock');
    const freed = await h.slack.command({
      user: 'U0BOB',
      command: '/deploy',
      text: 'unblock checkout',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(freed.ack)).toContain(`Freed checkout/production after ${run?.id}`);
    await h.slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: `cancel ${idOf(locked)}`,
      channel: 'C0DEPLOYS',
    });
    await h.settle();
    demo.setTrack('blue', { errorRate: 0 });
  }, 40_000);

  it('answers /rollback with a plan and a Roll back now button, and refuses what cannot be rolled back', async () => {
    const unknown = await rollbackAs('U0CAROL', 'payments');
    expect(unknown).toContain('unknown service');
    const never = await rollbackAs('U0CAROL', 'checkout --to 9.9.9');
    expect(never).toContain('was never deployed to production');
    const bystander = await rollbackAs('U0ERIN', 'checkout --to 2.5.3');
    expect(bystander).toContain('You may not roll back');
    const dry = await rollbackAs('U0ERIN', 'checkout --to 2.5.3 --dry-run');
    expect(dry).toContain('Dry run');
    expect(dry).not.toContain('rollback.now');
  });
});
