import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
const MIN = 60_000;
const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';

beforeAll(async () => {
  h = await startDeployHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('approval timeout and escalation', () => {
  it('reminds the missing approvers, escalates to the engineering lead, then expires and frees the lane', async () => {
    h.clock.set('2026-11-24T10:00:00Z');
    await seedProductionVersion(h, 'checkout', '4.0.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 4.0.1'));
    await h.click('U0BOB', id, 'approve');

    h.clock.advance(20 * MIN);
    await h.settle();
    const reminder = (await h.thread(id)).find((t) => t.includes('Reminder'));
    expect(reminder).toContain('on-call-engineer: <@U0CAROL>');

    h.clock.advance(10 * MIN);
    await h.settle();
    expect((await h.record(id)).state).toBe('escalated');
    expect((await h.thread(id)).some((t) => t.includes('Escalated to engineering-lead: <@U0DAVE>'))).toBe(
      true,
    );
    expect(JSON.stringify((await h.message(id))?.blocks)).toContain(
      'may approve in place of the missing roles',
    );

    h.clock.advance(30 * MIN);
    await h.settle();
    const expired = await h.record(id);
    expect(expired.state).toBe('expired');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
    expect(JSON.stringify((await h.message(id))?.blocks)).not.toContain('"type":"actions"');
    const told = h.slack
      .messages('C0DEPLOYS', { user: 'U0ALICE' })
      .some((m) => m.ephemeralFor === 'U0ALICE' && m.text.includes(`${id} expired`));
    expect(told).toBe(true);
  });

  it('lets the engineering lead approve in place of the missing roles after escalation', async () => {
    h.clock.set('2026-11-25T10:00:00Z');
    await seedProductionVersion(h, 'checkout', '4.1.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 4.1.1'));
    expect(await h.click('U0DAVE', id, 'approve')).toContain('once the request escalates');
    h.clock.advance(30 * MIN);
    await h.settle();
    expect(await h.click('U0DAVE', id, 'approve')).toContain('in place of team-lead, on-call-engineer');
    expect((await h.record(id)).state).toBe('succeeded');
    expect(JSON.stringify((await h.message(id))?.blocks)).toContain(
      'team-lead :white_check_mark: <@U0DAVE> (as engineering-lead, after escalation)',
    );
  });
});

describe('change windows', () => {
  it.each([
    ['a Saturday', '2026-11-28T11:00:00Z', 'is not an allowed day'],
    ['evening hours', '2026-11-24T17:30:00Z', 'outside 10:00-16:00'],
    ['a public holiday (Ascension Day)', '2026-05-14T10:00:00Z', 'holiday'],
    ['the last business days of the month', '2026-09-29T10:00:00Z', 'last 2 business days of the month'],
    ['a major event', '2026-12-16T10:00:00Z', 'Winter release freeze'],
  ])('refuses a production deploy on %s, with the reason and the next opening', async (_name, at, reason) => {
    h.clock.set(at);
    const before = await h.shipgate.events.count();
    const ack = await h.deploy('U0ALICE', 'checkout 9.9.9');
    expect(ack).toContain('outside its change window');
    expect(ack).toContain(reason);
    expect(ack).toContain('Next opening');
    expect(ack).toContain('--emergency');
    expect(await h.shipgate.events.count()).toBe(before);
  });

  it('lets an emergency override the window only, with an engineering lead, flagged for review', async () => {
    h.clock.set('2026-11-28T11:00:00Z');
    await seedProductionVersion(h, 'checkout', '5.0.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 5.0.1 --emergency "payment provider outage"'));
    const record = await h.record(id);
    expect(record.requiredRoles).toEqual(['team-lead', 'on-call-engineer', 'engineering-lead']);
    expect(record.needsReview).toBe(true);
    expect((await h.shipgate.events.forSubject(id)).map((e) => e.type)).toContain(
      'deploy.emergency_override',
    );
    const blocks = JSON.stringify((await h.message(id))?.blocks);
    expect(blocks).toContain('EMERGENCY override');
    expect(blocks).toMatch(/closed \(Saturday is not an allowed day.*Black Friday.*\) — emergency override/);
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    await h.click('U0DAVE', id, 'approve');
    expect((await h.record(id)).state).toBe('succeeded');
    const status = await h.deploy('U0ALICE', 'status');
    expect(status).toContain('needing post-hoc review');
    expect(status).toContain(id);
  });

  it('checks the window again when the deploy is about to run', async () => {
    h.clock.set('2026-11-24T14:50:00Z');
    await seedProductionVersion(h, 'checkout', '5.1.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 5.1.1'));
    await h.click('U0BOB', id, 'approve');
    h.clock.set('2026-11-24T15:20:00Z');
    await h.click('U0CAROL', id, 'approve');
    const record = await h.record(id);
    expect(record.state).toBe('refused');
    expect(record.outcome).toContain('change window closed before it could start');
  });
});

describe('dry run and refusals', () => {
  it.each(['constructor'])(
    'answers a service named %s (an Object.prototype name the grammar lets through) like any unknown service',
    async (name) => {
      const before = await h.shipgate.events.count();
      expect(await h.deploy('U0ALICE', `${name} 1.2.3`)).toContain(`unknown service \`${name}\``);
      const declared = await h.slack.command({
        user: 'U0ALICE',
        command: '/incident',
        text: `declare SEV-3 Odd --service ${name}`,
        channel: 'C0DEPLOYS',
      });
      expect(JSON.stringify(declared.ack)).toContain(`unknown service \`${name}\``);
      expect(await h.shipgate.events.count()).toBe(before);
    },
  );

  it('shows the whole plan for --dry-run and stores nothing', async () => {
    h.clock.set('2026-12-01T10:00:00Z');
    await seedProductionVersion(h, 'checkout', '6.0.0', 'green');
    const before = await h.shipgate.events.count();
    const ack = await h.deploy('U0ALICE', 'checkout 6.1.0 --dry-run');
    for (const part of [
      'Dry run',
      'MINOR',
      'team-lead, on-call-engineer',
      'open now',
      'smoke_tests',
      'Deploy to blue',
      'Switch traffic back to green',
    ]) {
      expect(ack).toContain(part);
    }
    expect(await h.shipgate.events.count()).toBe(before);
  });

  it('refuses an unknown service, a version that is not newer, and recreate in production', async () => {
    expect(await h.deploy('U0ALICE', 'billing 1.0.0')).toContain(
      'unknown service `billing`; known services: checkout',
    );
    expect(await h.deploy('U0ALICE', 'checkout 6.0.0')).toContain(
      '6.0.0 is not newer. To go back to an earlier version, use /rollback checkout',
    );
    expect(await h.deploy('U0ALICE', 'checkout 6.0.1 --strategy recreate')).toContain('recreate');
  });
});
