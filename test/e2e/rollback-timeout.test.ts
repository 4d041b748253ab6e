import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { watchTestConfig } from '../support/watch-config.js';

/**
 * `rollback.timeout` (5m in the chapter's production policy) on the fake clock: the rollback's health check hangs
 * (FAKE_TARGET_HANG), Shipgate's clock passes the timeout while it hangs, and the overrun pages the on-call and
 * escalates to the engineering lead; the step is then killed by the target's own timeout (2 s, real time), tried
 * once more, and the rollback fails with the lane locked.
 */
let h: DeployHarness;
let bad = '';

const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';
const FIVE_MINUTES = 5 * 60_000;

describe('a rollback that overruns rollback.timeout', () => {
  beforeAll(async () => {
    h = await startDeployHarness({
      env: { FAKE_TARGET_HANG: 'health_check@2.5.3' },
      configure: watchTestConfig({ stepTimeout: { ms: 2000, text: '2s' } }),
    });
    const seeded = await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    await h.shipgate.runtime.deploys.update(seeded, { survived: true }, h.clock.now());
    bad = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    await h.click('U0BOB', bad, 'approve');
    await h.click('U0CAROL', bad, 'approve');
  }, 20_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('pages the on-call, escalates to the engineering lead and says so in the thread; the hung step then fails the rollback', async () => {
    expect((await h.record(bad)).state).toBe('succeeded');
    const plan = await h.slack.command({
      user: 'U0CAROL',
      command: '/rollback',
      text: 'checkout --reason "payment errors"',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(plan.ack)).toContain('within rollback.timeout (5 minutes)');
    const shown = h.slack.state
      .allMessages()
      .filter((m) => m.ephemeralFor === 'U0CAROL' && JSON.stringify(m.blocks ?? []).includes(IDS.rollbackNow))
      .at(-1);
    if (!shown) throw new Error('no plan shown');
    const calls = h.targetCalls().length;
    const click = await h.slack.clickButton({
      user: 'U0CAROL',
      channel: shown.channel,
      ts: shown.ts,
      actionId: IDS.rollbackNow,
    });
    await h.slack.waitFor(
      () =>
        h
          .targetCalls()
          .slice(calls)
          .some((c) => c.step === 'health_check') || undefined,
      { timeoutMs: 10_000 },
    );
    const run = idOf(JSON.stringify(click.responses.map((r) => r.body)));
    expect(await h.record(run)).toMatchObject({ kind: 'rollback', state: 'running', rollbackOf: bad });
    expect((await h.shipgate.timers.pending(run)).map((t) => t.kind)).toContain('rollback.timeout');

    const timeout = (await h.shipgate.timers.pending(run)).find((t) => t.kind === 'rollback.timeout');
    expect(timeout?.dueAt.getTime()).toBe(h.clock.now().getTime() + FIVE_MINUTES);

    // The run's hung step holds its run timer, so a tick does not end until the step does: the test waits for the
    // overrun itself while the step still hangs.
    h.clock.advance(FIVE_MINUTES + 1000);
    void h.shipgate.timers.tick();
    const overran = await h.slack.waitFor(
      async () => (await h.shipgate.events.forSubject(run)).find((e) => e.type === 'deploy.rollback_overran'),
      { timeoutMs: 5000 },
    );
    expect((await h.record(run)).state).toBe('running');
    expect(overran?.payload).toEqual({ timeoutMs: FIVE_MINUTES });
    const key = `rollback-timeout-${run}`;
    await h.slack.waitFor(() => h.pagerduty.incident(key), { timeoutMs: 5000 });
    expect(h.pagerduty.incident(key)).toMatchObject({
      summary: `checkout rollback ${run} in production has not finished within 5 minutes`,
      status: 'triggered',
      customDetails: { deploy: run, env: 'production', version: '2.5.3' },
    });
    const escalation = `${run} has not finished within rollback.timeout (5 minutes). The on-call is paged; escalated to engineering-lead: <@U0DAVE>.`;
    await h.slack.waitFor(
      async () => (await h.thread(run)).some((t) => t.includes(escalation)) || undefined,
      {
        timeoutMs: 5000,
      },
    );
    const takeOver = `Rollback ${run} of checkout is overrunning rollback.timeout (5 minutes); <@U0DAVE> please take over.`;
    await h.slack.waitFor(
      () =>
        h.slack.messages('#deploys').some((m) => m.threadTs === undefined && m.text.includes(takeOver)) ||
        undefined,
      { timeoutMs: 5000 },
    );

    await h.settle();
    const failed = await h.record(run);
    expect(failed.state).toBe('failed');
    expect(failed.steps.map((s) => [s.kind, s.state])).toEqual([
      ['switch_traffic', 'succeeded'],
      ['health_check', 'failed'],
    ]);
    expect(
      h
        .targetCalls()
        .slice(calls)
        .filter((c) => c.step === 'health_check'),
    ).toHaveLength(2);
    expect(
      (await h.thread(run)).some(
        (t) => t.includes('*Health check blue* failed') && t.includes('trying it once more'),
      ),
    ).toBe(true);
    const finished = (await h.shipgate.events.forSubject(run)).find(
      (e) => e.type === 'deploy.rollback_finished',
    );
    expect(finished?.payload).toEqual({ ok: false, durationMs: FIVE_MINUTES + 1000, withinTimeout: false });
    expect(
      (await h.thread(bad)).some(
        (t) =>
          t.includes(`checkout rollback 2.5.4 → 2.5.3 in production FAILED after 5 minutes (${run})`) &&
          t.includes('Finish it by hand') &&
          t.includes('the lane stays locked'),
      ),
    ).toBe(true);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(run);
    expect((await h.shipgate.timers.pending(run)).filter((t) => t.kind === 'rollback.timeout')).toEqual([]);
    expect(h.pagerduty.allIncidents().filter((i) => i.dedupKey === key)).toHaveLength(1);
  }, 30_000);
});
