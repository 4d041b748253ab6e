import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDate } from '../../src/slack/render-mrkdwn.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
const deploy = async (user: string, text: string) => idOf(await h.deploy(user, text));
const approveAll = async (id: string, people: string[]) => {
  for (const user of people) await h.click(user, id, 'approve');
};

beforeAll(async () => {
  h = await startDeployHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('a queued request is planned again when it leaves the queue', () => {
  it('deploys a queued blue-green request to the colour that is idle then, not the one idle at request time', async () => {
    h.clock.set('2026-11-24T09:00:00Z');
    await seedProductionVersion(h, 'checkout', '2.0.0', 'blue');
    const first = await deploy('U0ALICE', 'checkout 2.0.2');
    const queued = await deploy('U0ALICE', 'checkout 2.0.3');
    expect(await h.record(queued)).toMatchObject({
      state: 'queued',
      previousVersion: '2.0.0',
      liveColor: 'blue',
    });
    await approveAll(first, ['U0BOB', 'U0CAROL']);
    expect(await h.record(first)).toMatchObject({ state: 'succeeded', targetColor: 'green' });

    expect(await h.record(queued)).toMatchObject({
      state: 'awaiting_approval',
      previousVersion: '2.0.2',
      liveColor: 'green',
    });
    const message = JSON.stringify((await h.message(queued))?.blocks);
    expect(message).toContain(`${queued}: checkout 2.0.2 → 2.0.3 (production)`);
    expect(message).toContain('Switch traffic back to green (target &lt; 1 min)');
    expect((await h.thread(queued)).join('\n')).toContain(
      'Re-planned when it left the queue — current version: 2.0.0 → 2.0.2 · live colour: blue → green',
    );
    await approveAll(queued, ['U0BOB', 'U0CAROL']);
    expect(await h.record(queued)).toMatchObject({ state: 'succeeded', targetColor: 'blue' });
    const steps = h.targetCalls().filter((c) => c.args.includes('2.0.3'));
    expect(steps.map((c) => `${c.step} ${c.args.slice(1).join(' ')}`.trim())).toEqual(
      expect.arrayContaining(['deploy 2.0.3 production blue', 'switch_traffic 2.0.3 production blue']),
    );
    expect(steps.every((c) => !c.args.includes('green'))).toBe(true);
    expect(await h.shipgate.runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.0.3',
      color: 'blue',
    });
  });

  it('refuses a queued downgrade when it leaves the queue and points the requester at /rollback', async () => {
    h.clock.set('2026-11-24T10:00:00Z');
    await seedProductionVersion(h, 'checkout', '2.0.4', 'blue');
    const newer = await deploy('U0ALICE', 'checkout 2.0.9');
    const older = await deploy('U0BOB', 'checkout 2.0.7');
    await approveAll(newer, ['U0FRANK', 'U0CAROL']);
    const refused = await h.record(older);
    expect(refused.state).toBe('refused');
    expect(refused.outcome).toContain('checkout runs 2.0.9 in production; 2.0.7 is not newer');
    expect(JSON.stringify((await h.message(older))?.blocks ?? [])).not.toContain('deploy.approve');
    const told = h.slack
      .messages('C0DEPLOYS', { user: 'U0BOB' })
      .find((m) => m.ephemeralFor === 'U0BOB' && m.text.includes('refused when it left the queue'));
    expect(told?.text).toContain(`${older} was refused when it left the queue`);
    expect(told?.text).toContain('/rollback checkout --to 2.0.7');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
  });

  it('asks for the roles of the bump as it is when the request leaves the queue', async () => {
    h.clock.set('2026-11-24T11:00:00Z');
    await seedProductionVersion(h, 'checkout', '2.9.0', 'blue');
    const major = await deploy('U0ALICE', 'checkout 3.0.0');
    const queued = await deploy('U0ALICE', 'checkout 3.0.1');
    expect(await h.record(queued)).toMatchObject({ bump: 'major' });
    expect((await h.record(queued)).requiredRoles).toContain('engineering-lead');
    await approveAll(major, ['U0BOB', 'U0CAROL', 'U0DAVE']);
    const replanned = await h.record(queued);
    expect(replanned).toMatchObject({ state: 'awaiting_approval', bump: 'patch', previousVersion: '3.0.0' });
    expect(replanned.requiredRoles).toEqual(['team-lead', 'on-call-engineer']);
    expect(JSON.stringify((await h.message(queued))?.blocks)).toContain('*Change*\\nPATCH');
    expect((await h.thread(queued)).join('\n')).toContain('change: MAJOR → PATCH');
    await approveAll(queued, ['U0BOB', 'U0CAROL']);
    expect((await h.record(queued)).state).toBe('succeeded');
  });

  it('voids the approvals of a deploy when production changed between approval and start', async () => {
    h.clock.set('2026-11-24T12:00:00Z');
    const id = await deploy('U0ALICE', 'checkout 3.1.0');
    await h.click('U0BOB', id, 'approve');
    await seedProductionVersion(h, 'checkout', '3.0.5', 'green');
    await h.click('U0CAROL', id, 'approve');
    const refused = await h.record(id);
    expect(refused.state).toBe('refused');
    expect(refused.outcome).toContain('production now runs 3.0.5, not the 3.0.1 it was approved against');
    expect(h.targetCalls().some((c) => c.args.includes('3.1.0') && c.step !== 'validate')).toBe(false);
  });
});

describe('change-window refusals', () => {
  it("name the window's zone and the next opening in it, and in each reader's own zone", async () => {
    h.clock.set('2026-11-28T11:00:00Z');
    const ack = JSON.parse(await h.deploy('U0ALICE', 'checkout 9.9.9')) as { text: string };
    expect(ack.text).toContain('production is outside its change window: Saturday is not an allowed day');
    expect(ack.text).toContain(
      `Next opening: Tuesday 2026-12-01 10:00 Europe/Berlin (${slackDate(new Date('2026-12-01T09:00:00Z'))} your time).`,
    );
  });
});
