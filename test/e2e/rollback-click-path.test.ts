import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

/**
 * `/rollback checkout` end to end through the Roll back now button, on an unwatched checkout (no `watch` block in
 * the deploy test config): the release being undone has already `succeeded`, so this file covers the deploy
 * state-machine edge `succeeded → rolled_back` (`roll_back`) through a human's click. The rollback's health check
 * is gated (FAKE_TARGET_GATE) so the fake clock can move while it runs: that is the duration shown.
 */
let h: DeployHarness;
let bad = '';
let run = '';

const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';
/** Top-level messages of #deploys (not thread replies). */
const deployChannel = () =>
  h.slack
    .messages('#deploys')
    .filter((m) => m.threadTs === undefined)
    .map((m) => m.text);

async function command(user: string, name: string, text: string): Promise<string> {
  const result = await h.slack.command({ user, command: name, text, channel: 'C0DEPLOYS' });
  await h.settle();
  return JSON.stringify(result.ack);
}

/** The newest `/rollback` plan `user` was shown (ephemeral, with a Roll back now button). */
function planShownTo(user: string) {
  const plan = h.slack.state
    .allMessages()
    .filter((m) => m.ephemeralFor === user && JSON.stringify(m.blocks ?? []).includes(IDS.rollbackNow))
    .at(-1);
  if (!plan) throw new Error(`${user} was shown no rollback plan`);
  return plan;
}

/** Clicks Roll back now on the newest plan `user` was shown; resolves with what that user was told. */
async function clickRollBackNow(user: string): Promise<string> {
  const plan = planShownTo(user);
  const result = await h.slack.clickButton({
    user,
    channel: plan.channel,
    ts: plan.ts,
    actionId: IDS.rollbackNow,
  });
  await h.slack.waitFor(() => result.responses.length > 0 || undefined, { timeoutMs: 5000 });
  return result.responses.map((r) => JSON.stringify(r.body)).join('\n');
}

describe('/rollback through the Roll back now button', () => {
  beforeAll(async () => {
    h = await startDeployHarness({ env: { FAKE_TARGET_GATE: 'health_check@2.5.3' } });
    const seeded = await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    await h.shipgate.runtime.deploys.update(seeded, { survived: true }, h.clock.now());
    bad = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    await h.click('U0BOB', bad, 'approve');
    await h.click('U0CAROL', bad, 'approve');
  }, 20_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('rolls an unwatched, succeeded release back on one click: switch back to blue, health check, duration, notices, incident', async () => {
    expect(await h.record(bad)).toMatchObject({ state: 'succeeded', version: '2.5.4', targetColor: 'green' });
    expect((await h.record(bad)).watch).toBeUndefined();
    expect(await h.shipgate.runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.5.4',
      color: 'green',
    });

    const plan = await command('U0CAROL', '/rollback', 'checkout --reason "checkout 500s after 2.5.4"');
    expect(plan).toContain('Rollback of checkout in production: 2.5.4 → 2.5.3');
    expect(plan).toContain('1. Switch traffic back to blue');
    expect(plan).toContain('2. Health check blue');
    expect(plan).toContain(IDS.rollbackNow);
    const button = JSON.stringify(planShownTo('U0CAROL').blocks);
    expect(button).toContain('"confirm"');
    expect(button).toContain('Roll checkout back from 2.5.4 to 2.5.3 in production?');
    expect((await h.shipgate.runtime.deploys.recent(10, 'checkout')).some((d) => d.kind === 'rollback')).toBe(
      false,
    );

    const callsBefore = h.targetCalls().length;
    const told = await clickRollBackNow('U0CAROL');
    run = idOf(told);
    expect(told).toContain(`${run} rolls checkout back to 2.5.3 in production now`);
    await h.slack.waitFor(
      () =>
        h
          .targetCalls()
          .slice(callsBefore)
          .some((c) => c.step === 'health_check') || undefined,
      { timeoutMs: 10_000 },
    );
    expect((await h.record(run)).state).toBe('running');
    h.clock.advance(37_000);
    writeFileSync(`${h.targetLog}.open`, '');
    await h.settle();

    const done = await h.record(run);
    expect(done).toMatchObject({
      kind: 'rollback',
      state: 'succeeded',
      version: '2.5.3',
      previousVersion: '2.5.4',
      rollbackOf: bad,
      requester: 'U0CAROL',
      survived: true,
    });
    expect(done.steps.map((s) => [s.kind, s.color, s.state])).toEqual([
      ['switch_traffic', 'blue', 'succeeded'],
      ['health_check', 'blue', 'succeeded'],
    ]);
    const calls = h.targetCalls().slice(callsBefore);
    expect(calls.map((c) => c.step)).toEqual(['switch_traffic', 'health_check']);
    expect(calls[0]?.args).toEqual(['checkout', '2.5.3', 'production', 'blue']);
    expect(calls[1]?.args.slice(0, 3)).toEqual(['checkout', '2.5.3', 'production']);
    expect(await h.shipgate.runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.5.3',
      color: 'blue',
    });

    const events = await h.shipgate.events.forSubject(run);
    const order = events.find((e) => e.type === 'deploy.order_rollback');
    expect(order).toMatchObject({
      actor: 'U0CAROL',
      actorKind: 'human',
      payload: { from: '2.5.4', to: '2.5.3', reason: 'checkout 500s after 2.5.4', rollbackOf: bad },
    });
    expect(events.find((e) => e.type === 'deploy.rollback_finished')?.payload).toEqual({
      ok: true,
      durationMs: 37_000,
      withinTimeout: true,
    });

    const undone = await h.record(bad);
    expect(undone.state).toBe('rolled_back');
    expect(undone.outcome).toBe(`rolled back by ${run}: checkout 500s after 2.5.4`);
    const edge = (await h.shipgate.events.forSubject(bad)).find((e) => e.type === 'deploy.roll_back');
    expect(edge?.payload).toMatchObject({ from: 'succeeded', to: 'rolled_back', rollback: run });
    expect(edge?.actor).toBe('U0CAROL');

    const summary = `checkout rolled back 2.5.4 → 2.5.3 in production in 37 seconds (${run})`;
    const thread = await h.thread(bad);
    expect(thread.some((t) => t.includes(`Rolling back to 2.5.3: ${run} — checkout 500s after 2.5.4`))).toBe(
      true,
    );
    expect(thread.filter((t) => t.includes(summary))).toHaveLength(1);
    expect(thread.some((t) => t.includes('Reason: checkout 500s after 2.5.4'))).toBe(true);
    expect(deployChannel().filter((t) => t.includes(summary))).toHaveLength(1);
    expect((await h.thread(run)).some((t) => t.includes('checkout 2.5.3 is back in production'))).toBe(true);

    const incident = (await h.shipgate.runtime.incidents.list()).find((i) =>
      i.title.startsWith('Rollback of checkout 2.5.4 in production'),
    );
    expect(incident).toMatchObject({ severity: 'SEV-2', service: 'checkout', commander: 'U0CAROL' });
    expect(thread.some((t) => t.includes(`${incident?.id} (SEV-2) declared for this rollback`))).toBe(true);
  }, 30_000);

  it('refuses a second click on the same plan: production no longer runs what it was made for', async () => {
    const again = await clickRollBackNow('U0CAROL');
    expect(again).toContain('checkout 2.5.3 is what runs in production now');
    expect(
      (await h.shipgate.runtime.deploys.recent(20, 'checkout')).filter((d) => d.kind === 'rollback'),
    ).toHaveLength(1);
  });

  it('blocks the bad version naming who and why, keeps the lane locked until a team lead frees it, then unblocks the version', async () => {
    const refused = await h.deploy('U0ALICE', 'checkout 2.5.4');
    expect(refused).toContain(
      `checkout 2.5.4 is blocked in production since ${run} rolled it back — blocked by <@U0CAROL>: checkout 500s after 2.5.4`,
    );
    expect(refused).toContain('/deploy unblock checkout 2.5.4');

    const queued = idOf(await h.deploy('U0ALICE', 'checkout 2.5.5'));
    expect((await h.record(queued)).state).toBe('queued');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(run);
    expect(await command('U0CAROL', '/rollback', 'checkout --to 2.5.3')).toContain('is what runs');

    const notLead = await command('U0ALICE', '/deploy', 'unblock checkout');
    expect(notLead).toContain('only a team lead or an engineering lead may unblock');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(run);
    expect((await h.record(queued)).state).toBe('queued');

    const freed = await command('U0BOB', '/deploy', 'unblock checkout');
    expect(freed).toContain(`Freed checkout/production after ${run}. ${queued} takes the lane.`);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(queued);
    expect((await h.record(queued)).state).toBe('awaiting_approval');
    const lifted = (await h.shipgate.events.forSubject(run)).find((e) => e.type === 'deploy.lane_unblocked');
    expect(lifted?.actor).toBe('U0BOB');
    await command('U0ALICE', '/deploy', `cancel ${queued}`);
    expect((await h.record(queued)).state).toBe('cancelled');

    expect(await h.deploy('U0ALICE', 'checkout 2.5.4')).toContain('is blocked in production');
    expect(await command('U0CAROL', '/deploy', 'unblock checkout 2.5.4')).toContain(
      'only a team lead or an engineering lead may unblock',
    );
    expect(await command('U0BOB', '/deploy', 'unblock checkout 2.5.4')).toContain(
      'checkout 2.5.4 may be deployed to production again',
    );
    expect(await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.5.4')).toBeUndefined();
    const redeploy = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    expect((await h.record(redeploy)).state).toBe('awaiting_approval');
    await h.click('U0BOB', redeploy, 'approve');
    await h.click('U0CAROL', redeploy, 'approve');
    expect(await h.record(redeploy)).toMatchObject({ state: 'succeeded', previousVersion: '2.5.3' });
    expect(await h.shipgate.runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.5.4',
      color: 'green',
    });
  }, 30_000);
});
