import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids.js';
import {
  type DemoMetricsService,
  type DemoTrack,
  startDemoMetricsService,
} from '../support/demo-metrics-service.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { missingPrometheus, type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';
import { waitForNoValue, waitForQuery } from '../support/wait-for-query.js';
import {
  approve,
  clickWatch,
  command,
  configureWatch,
  decisionMessage,
  ERRORS,
  idOf,
  sample,
} from '../support/watch-scenario.js';

/**
 * What humans decide about a post-deploy watch, against a real Prometheus scraping a loopback demo service: the
 * production policy is in manual mode (`rollback.automatic: false`), so a fired trigger asks the people in Slack
 * (Roll back now / Keep); an inconclusive watch asks for Mark good / Roll back now; a team lead may stop a watch.
 * Staging keeps the chapter's `rollback.automatic: true` for the health-check triggers. The watch samples on the
 * fake clock; the test waits for Prometheus only where it changed what Prometheus sees.
 */
let demo: DemoMetricsService;
let prom: PrometheusServer;
let h: DeployHarness;

const LATENCY = (track: string) =>
  `sum(rate(http_request_duration_seconds_bucket{service="checkout",track="${track}"}[3s]))`;

/** The colour a production deploy of checkout goes to next: the one not serving now. */
async function idleTrack(): Promise<DemoTrack> {
  return (await h.shipgate.runtime.deploys.current('checkout', 'production'))?.color === 'green'
    ? 'blue'
    : 'green';
}
/** Makes a track fail 30 % of its requests; resolves once Prometheus sees it (await it before sampling). */
async function raiseErrors(track: DemoTrack): Promise<void> {
  demo.setTrack(track, { errorRate: 0.3 });
  await waitForQuery(prom.url, ERRORS(track), (v) => v > 0.25);
}
/** Stops showing a track's series; resolves once Prometheus has no data for it (await it before sampling). */
async function hide(track: DemoTrack): Promise<void> {
  demo.setExposed(track, false);
  await Promise.all([waitForNoValue(prom.url, ERRORS(track)), waitForNoValue(prom.url, LATENCY(track))]);
}
const live = async () => await h.shipgate.runtime.deploys.current('checkout', 'production');
/** Requests and approves a production release; resolves with its id once it is watched. */
async function release(version: string): Promise<string> {
  const id = idOf(await h.deploy('U0ALICE', `checkout ${version}`));
  await approve(h, id);
  expect((await h.record(id)).state).toBe('watching');
  return id;
}
const rollbackRuns = async () =>
  (await h.shipgate.runtime.deploys.recent(200)).filter((d) => d.kind === 'rollback');
const pages = () => h.pagerduty.events.filter((e) => e.body.event_action === 'trigger');
/** The pages PagerDuty took about checkout `version` whose event mentions `what`. */
const paged = (version: string, what: string) =>
  pages().filter((e) => {
    const body = JSON.stringify(e.body);
    return body.includes(`checkout ${version} `) && body.includes(what);
  });
const incidentOf = async (version: string) =>
  (await h.shipgate.runtime.incidents.list()).find((i) =>
    i.title.startsWith(`Rollback of checkout ${version} `),
  );
/** Waits until a rollback run started by a click (it runs after the clicker's answer) has finished. */
async function finished(runId: string): Promise<void> {
  await h.slack.waitFor(
    async () => ['succeeded', 'failed'].includes((await h.record(runId)).state) || undefined,
    {
      timeoutMs: 10_000,
    },
  );
  await h.settle();
}
/** A team lead frees a lane locked after a rollback. */
async function unblockLane(env: string): Promise<void> {
  expect(await command(h, 'U0BOB', '/deploy', `unblock checkout --env ${env}`)).toContain('Freed checkout');
  expect(await h.shipgate.runtime.deploys.laneHolder('checkout', env)).toBeUndefined();
}

describe.skipIf(missingPrometheus())('humans decide about a post-deploy watch (real Prometheus)', () => {
  beforeAll(async () => {
    demo = await startDemoMetricsService({ service: 'checkout' });
    prom = await startPrometheus({ targets: [demo.hostPort] });
    await waitForQuery(prom.url, ERRORS('blue'), (v) => v === 0, { timeoutMs: 20_000 });
    h = await startDeployHarness({
      configure: configureWatch({
        prometheusUrl: prom.url,
        demoUrl: demo.url,
        automatic: false,
        maxNoData: '30s',
      }),
    });
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    await seedProductionVersion(h, 'checkout', '1.0.0', undefined, { env: 'staging', strategy: 'rolling' });
  }, 40_000);
  afterAll(async () => {
    await h?.stop();
    await prom?.stop();
    await demo?.stop();
  });

  it('manual mode: recommends a rollback with the numbers, refuses a bystander, and rolls back on an approver’s click', async () => {
    const before = await live();
    const track = await idleTrack();
    const raised = raiseErrors(track);
    const id = await release('2.5.4');
    expect((await h.record(id)).targetColor).toBe(track);
    await raised;
    await sample(h, 2);
    expect((await h.record(id)).watch?.state).toBe('watching');
    expect(await decisionMessage(h, id)).toBeUndefined();
    await sample(h, 1);

    const watched = await h.record(id);
    expect(watched.state).toBe('watching');
    expect(watched.watch?.state).toBe('recommending');
    const firing = watched.watch?.firing;
    expect(firing).toMatchObject({
      trigger: 'error_rate_increase',
      metric: 'error_rate',
      streak: 3,
      limit: 0.1,
    });
    expect(firing?.baseline).toBe(watched.watch?.baseline.error_rate);
    expect(firing?.value).toBeGreaterThan(0.25);
    expect(await rollbackRuns()).toEqual([]);
    const numbers = `error_rate_increase: 10% (relative to the baseline): error_rate ${((firing?.value ?? 0) * 100).toFixed(2)}% against a baseline of ${((firing?.baseline ?? 0) * 100).toFixed(2)}% (limit 10.00%), 3 samples in a row`;
    expect((await h.thread(id)).find((t) => t.includes('Rollback trigger fired'))).toContain(numbers);
    const asked = await decisionMessage(h, id);
    expect(asked?.channel).toBe((await h.message(id))?.channel);
    expect(asked?.blocks).toContain(`Rollback recommended for checkout 2.5.4 (production, ${id})`);
    expect(asked?.blocks).toContain(numbers);
    expect(asked?.blocks).toContain('Is the root cause known?');
    expect(asked?.blocks).toContain(`"action_id":"${IDS.watchRollback}"`);
    expect(asked?.blocks).toContain(`"action_id":"${IDS.watchKeep}"`);
    expect(paged('2.5.4', 'rollback recommended')).toHaveLength(1);

    const switches = h.targetCalls().length;
    for (const bystander of ['U0ERIN', 'U0ALICE']) {
      const refused = await clickWatch(h, bystander, id, 'rollback');
      expect(refused.ephemeral).toBe(true);
      expect(refused.text).toContain('You may not decide this');
    }
    const robot = await clickWatch(h, 'U0ROBOT', id, 'rollback');
    expect(robot.ephemeral).toBe(true);
    expect(robot.text).toContain('Bots may not execute a rollback');
    expect(robot.text).toContain('OB-ROLLBACK-1');
    expect((await h.record(id)).watch?.state).toBe('recommending');
    expect(await rollbackRuns()).toEqual([]);
    expect(h.targetCalls().length).toBe(switches);
    expect(await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.5.4')).toBeUndefined();
    expect((await decisionMessage(h, id))?.blocks).toContain(IDS.watchRollback);

    const accepted = await clickWatch(h, 'U0BOB', id, 'rollback');
    expect(accepted.ephemeral).toBe(true);
    const runId = idOf(accepted.text);
    expect(accepted.text).toContain(`${runId} rolls checkout back to ${before?.version} in production now`);
    await finished(runId);
    expect(await h.record(runId)).toMatchObject({
      kind: 'rollback',
      state: 'succeeded',
      version: before?.version,
      previousVersion: '2.5.4',
      rollbackOf: id,
      requester: 'U0BOB',
    });
    const order = (await h.shipgate.events.forSubject(runId)).find((e) => e.type === 'deploy.order_rollback');
    expect(order).toMatchObject({ actor: 'U0BOB', actorKind: 'human' });
    expect(String(order?.payload.reason)).toBe(`recommendation accepted: ${numbers}`);
    expect(order?.payload.authority).toBeUndefined();
    expect((await h.record(id)).state).toBe('rolled_back');
    expect((await h.record(id)).watch?.state).toBe('rolled_back');
    expect(await live()).toEqual(before);
    expect((await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.5.4'))?.blockedBy).toBe(
      'U0BOB',
    );
    expect(await incidentOf('2.5.4')).toMatchObject({
      severity: 'SEV-2',
      service: 'checkout',
      commander: 'U0BOB',
    });
    expect(
      (await h.thread(id)).some(
        (t) => t.includes(`Rolling back to ${before?.version}: ${runId}`) && t.includes('<@U0BOB>'),
      ),
    ).toBe(true);
    const decided = (await decisionMessage(h, id))?.blocks;
    expect(decided).toContain('rolled back');
    expect(decided).not.toContain(IDS.watchRollback);
    expect(await h.deploy('U0ALICE', 'checkout 2.5.4')).toContain('blocked');

    demo.setTrack(track, { errorRate: 0 });
    await unblockLane('production');
  }, 30_000);

  it('Keep: resumes the watch, the kept trigger does not fire again, and the release can still survive', async () => {
    const track = await idleTrack();
    const raised = raiseErrors(track);
    const id = await release('2.5.5');
    await raised;
    await sample(h, 3);
    expect((await h.record(id)).watch?.state).toBe('recommending');
    expect(paged('2.5.5', 'rollback recommended')).toHaveLength(1);

    const bystander = await clickWatch(h, 'U0ERIN', id, 'keep');
    expect(bystander.text).toContain('You may not decide this');
    expect((await h.record(id)).watch?.state).toBe('recommending');
    const kept = await clickWatch(h, 'U0CAROL', id, 'keep');
    expect(kept).toEqual({ ephemeral: true, text: `Kept ${id}; the watch goes on.` });
    const resumed = await h.record(id);
    expect(resumed.watch?.state).toBe('watching');
    expect(resumed.watch?.progress.kept).toEqual(['error_rate_increase']);
    expect(resumed.watch?.firing).toBeUndefined();
    expect((await h.thread(id)).some((t) => t.includes('<@U0CAROL> kept the release'))).toBe(true);
    const afterKeep = (await decisionMessage(h, id))?.blocks;
    expect(afterKeep).toContain('kept');
    expect(afterKeep).not.toContain(IDS.watchRollback);
    expect(afterKeep).not.toContain(IDS.watchKeep);

    await sample(h, 2);
    const still = await h.record(id);
    expect(still.watch?.state).toBe('watching');
    expect(still.watch?.lastFindings.find((f) => f.metric === 'error_rate')?.value).toBeGreaterThan(0.25);
    expect((await h.thread(id)).filter((t) => t.includes('Rollback trigger fired'))).toHaveLength(1);
    expect(paged('2.5.5', 'rollback recommended')).toHaveLength(1);

    await sample(h, 1);
    const done = await h.record(id);
    expect(done.state).toBe('succeeded');
    expect(done.survived).toBe(true);
    expect(done.watch?.state).toBe('survived');
    expect(done.watch?.progress.samples).toBe(6);
    expect((await rollbackRuns()).filter((r) => r.rollbackOf === id)).toEqual([]);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
    demo.setTrack(track, { errorRate: 0 });
  }, 30_000);

  it('rolls back (staging, automatic) after 3 consecutive failing health checks', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 1.0.1 --env staging'));
    expect((await h.record(id)).state).toBe('watching');
    demo.setHealth(500, 'stable');
    await sample(h, 2);
    expect((await h.record(id)).watch).toMatchObject({ state: 'watching', progress: { healthStreak: 2 } });
    await sample(h, 1);

    expect((await h.record(id)).state).toBe('rolled_back');
    const fired = (await h.thread(id)).find((t) => t.includes('Rollback trigger fired'));
    expect(fired).toContain(
      'health_check_failures: 3 (consecutive): 3 consecutive failed health checks; the last:',
    );
    expect(fired).toContain('500');
    const run = (await rollbackRuns()).find((r) => r.rollbackOf === id);
    expect(run).toMatchObject({
      state: 'succeeded',
      version: '1.0.0',
      previousVersion: '1.0.1',
      requester: 'shipgate',
    });
    expect((await h.shipgate.runtime.deploys.current('checkout', 'staging'))?.version).toBe('1.0.0');
    demo.setHealth(200, 'stable');
    await unblockLane('staging');
  }, 30_000);

  it('does not roll back on 3 scattered failing health checks (fail, ok, fail, ok, fail): the release survives', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 1.0.2 --env staging'));
    expect((await h.record(id)).state).toBe('watching');
    const streaks: number[] = [];
    for (const status of [500, 200, 500, 200, 500, 200]) {
      demo.setHealth(status, 'stable');
      await sample(h, 1);
      streaks.push((await h.record(id)).watch?.progress.healthStreak ?? -1);
    }
    expect(streaks).toEqual([1, 0, 1, 0, 1, 0]);
    const done = await h.record(id);
    expect(done).toMatchObject({ state: 'succeeded', survived: true });
    expect((await h.thread(id)).some((t) => t.includes('Rollback trigger fired'))).toBe(false);
    expect((await rollbackRuns()).filter((r) => r.rollbackOf === id)).toEqual([]);
  }, 30_000);

  it('no data pauses the watch clock instead of rolling back, ends inconclusive after watch.max_no_data, pages, and a human marks it good', async () => {
    const track = await idleTrack();
    const hidden = hide(track);
    const id = await release('2.5.6');
    expect((await h.record(id)).targetColor).toBe(track);
    await hidden;
    await sample(h, 1);
    const paused = await h.record(id);
    expect(paused.watch?.progress).toMatchObject({ samples: 1, watchedMs: 0, pausedMs: 10_000 });
    expect(paused.watch?.progress.noData).toEqual(
      expect.arrayContaining(['error_rate', 'latency_p95', 'latency_p99']),
    );
    const said = (await h.thread(id)).find((t) => t.includes('No data —'));
    expect(said).toContain('error_rate:');
    expect(said).toContain('the watch clock stops until it is back');
    await sample(h, 1);
    expect((await h.record(id)).watch?.state).toBe('watching');
    expect((await h.thread(id)).filter((t) => t.includes('No data —'))).toHaveLength(1);
    await sample(h, 1);

    const ended = await h.record(id);
    expect(ended).toMatchObject({
      state: 'succeeded',
      watch: { state: 'inconclusive', progress: { pausedMs: 30_000, watchedMs: 0 } },
    });
    expect(ended.survived).toBeFalsy();
    expect((await rollbackRuns()).filter((r) => r.rollbackOf === id)).toEqual([]);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
    expect(
      (await h.thread(id)).some((t) =>
        t.includes(
          `The watch of ${id} ended inconclusive: no data for 30 seconds (watch.max_no_data 30 seconds)`,
        ),
      ),
    ).toBe(true);
    expect(paged('2.5.6', 'post-deploy watch inconclusive')).toHaveLength(1);
    const asked = (await decisionMessage(h, id))?.blocks;
    expect(asked).toContain(`The watch of checkout 2.5.6 (production, ${id}) was inconclusive`);
    expect(asked).toContain(IDS.watchGood);
    expect(asked).toContain(IDS.watchRollback);

    expect((await clickWatch(h, 'U0ERIN', id, 'good')).text).toContain('You may not decide this');
    expect((await h.record(id)).survived).toBeFalsy();
    const good = await clickWatch(h, 'U0CAROL', id, 'good');
    expect(good).toEqual({ ephemeral: true, text: `Marked ${id} good.` });
    expect((await h.record(id)).survived).toBe(true);
    expect((await h.thread(id)).some((t) => t.includes('<@U0CAROL> marked checkout 2.5.6 good'))).toBe(true);
    expect((await decisionMessage(h, id))?.blocks).toContain('marked good');
    expect((await decisionMessage(h, id))?.blocks).not.toContain(IDS.watchGood);
    expect(await h.shipgate.runtime.deploys.lastSurvived('checkout', 'production', undefined)).toBe('2.5.6');
    demo.setExposed(track, true);
  }, 30_000);

  it('rolls back an inconclusive watch on Roll back now, and pages each inconclusive watch on its own', async () => {
    const before = await live();
    const track = await idleTrack();
    const hidden = hide(track);
    const id = await release('2.5.7');
    await hidden;
    await sample(h, 3);
    expect(await h.record(id)).toMatchObject({ state: 'succeeded', watch: { state: 'inconclusive' } });

    // The previous test's watch of 2.5.6 ended inconclusive too and is still open in PagerDuty.
    const [earlier] = paged('2.5.6', 'post-deploy watch inconclusive');
    const [mine] = paged('2.5.7', 'post-deploy watch inconclusive');
    expect(earlier?.dedupKey).toBeDefined();
    expect(mine?.dedupKey).toBeDefined();
    expect(mine?.dedupKey).not.toBe(earlier?.dedupKey);
    expect(h.pagerduty.incident(mine?.dedupKey ?? '')?.status).toBe('triggered');
    expect(h.pagerduty.incident(earlier?.dedupKey ?? '')).not.toBe(
      h.pagerduty.incident(mine?.dedupKey ?? ''),
    );

    const accepted = await clickWatch(h, 'U0DAVE', id, 'rollback');
    const runId = idOf(accepted.text);
    expect(accepted.text).toContain(`${runId} rolls checkout back to ${before?.version} in production now`);
    await finished(runId);
    expect(await h.record(runId)).toMatchObject({ state: 'succeeded', rollbackOf: id, requester: 'U0DAVE' });
    const order = (await h.shipgate.events.forSubject(runId)).find((e) => e.type === 'deploy.order_rollback');
    expect(order?.payload.reason).toBe('rolled back after an inconclusive watch');
    expect(await h.record(id)).toMatchObject({ state: 'rolled_back', watch: { state: 'rolled_back' } });
    expect(await live()).toEqual(before);
    expect((await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.5.7'))?.blockedBy).toBe(
      'U0DAVE',
    );
    expect(await incidentOf('2.5.7')).toMatchObject({ severity: 'SEV-2', commander: 'U0DAVE' });
    demo.setExposed(track, true);
    await unblockLane('production');
  }, 30_000);

  it('/deploy watch stop: a team lead ends the watch (recorded, not survived, lane freed); others are refused', async () => {
    const id = await release('2.5.8');
    await sample(h, 1);
    const queued = idOf(await h.deploy('U0ALICE', 'checkout 2.5.9'));
    expect((await h.record(queued)).state).toBe('queued');

    for (const notLead of ['U0CAROL', 'U0ALICE'])
      expect(await command(h, notLead, '/deploy', `watch stop ${id}`)).toContain(
        'You may not stop this watch',
      );
    expect(await command(h, 'U0ROBOT', '/deploy', `watch stop ${id}`)).toContain(
      'Bots may not stop a post-deploy watch',
    );
    expect((await h.record(id)).watch?.state).toBe('watching');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(id);

    expect(await command(h, 'U0FRANK', '/deploy', `watch stop ${id}`)).toContain(
      `Stopped the watch of ${id}`,
    );
    const stopped = await h.record(id);
    expect(stopped).toMatchObject({
      state: 'succeeded',
      watch: { state: 'stopped', outcome: 'stopped by U0FRANK' },
    });
    expect(stopped.survived).toBeFalsy();
    const ended = (await h.shipgate.events.forSubject(id)).find((e) => e.type === 'deploy.end_watch');
    expect(ended).toMatchObject({
      actor: 'U0FRANK',
      actorKind: 'human',
      payload: { from: 'watching', watch: 'stopped' },
    });
    expect(
      (await h.thread(id)).some((t) => t.includes(`The watch of ${id} was stopped early by <@U0FRANK>`)),
    ).toBe(true);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(queued);
    expect((await h.record(queued)).state).toBe('awaiting_approval');
    await sample(h, 2);
    expect((await h.record(id)).watch?.progress.samples).toBe(1);
    expect(await command(h, 'U0FRANK', '/deploy', `watch stop ${id}`)).toContain('has no running watch');
    expect(await h.deploy('U0ALICE', `cancel ${queued}`)).toContain('is cancelled');
  }, 30_000);

  it('took every watch edge of the deploy state machine', async () => {
    const edges = new Set<string>();
    for (const d of await h.shipgate.runtime.deploys.recent(1000))
      for (const e of await h.shipgate.events.forSubject(d.id))
        if (typeof e.payload.from === 'string')
          edges.add(`${e.payload.from}:${e.type.slice('deploy.'.length)}`);
    for (const edge of [
      'running:watch',
      'watching:survive',
      'watching:end_watch',
      'watching:roll_back',
      'succeeded:roll_back',
    ])
      expect(edges).toContain(edge);
  });
});
