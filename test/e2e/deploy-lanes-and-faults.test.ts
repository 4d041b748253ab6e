import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
let failing = '';
const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';

beforeAll(async () => {
  h = await startDeployHarness({
    env: { FAKE_TARGET_FAIL: 'deploy@7.0.2,validate@7.0.9', FAKE_TARGET_HANG: 'switch_traffic@7.1.0' },
  });
});
afterAll(async () => {
  await h.stop();
});

describe('one deploy per service and environment', () => {
  it('queues a second request, shows its position, and starts its approval when the lane frees', async () => {
    await seedProductionVersion(h, 'checkout', '7.0.0', 'blue');
    const first = idOf(await h.deploy('U0ALICE', 'checkout 7.0.1'));
    const secondAck = await h.deploy('U0BOB', 'checkout 7.0.2');
    const second = idOf(secondAck);
    failing = second;
    expect(secondAck).toContain(`queued at position 1: ${first} holds checkout/production`);
    expect((await h.record(second)).state).toBe('queued');
    const third = idOf(await h.deploy('U0ALICE', 'checkout 7.0.3'));
    const queue = await h.deploy('U0ALICE', 'queue');
    expect(queue).toContain(`checkout/production* — held by ${first}`);
    expect(queue).toContain(`${third}* checkout`);
    expect(queue).toContain('position 2');

    expect(await h.deploy('U0CAROL', `cancel ${third}`)).toContain('Only the requester');
    expect(await h.deploy('U0FRANK', `cancel ${third}`)).toContain(`${third} is cancelled`);
    await h.settle();
    expect((await h.record(third)).state).toBe('cancelled');

    expect(await h.deploy('U0ALICE', `cancel ${first}`)).toContain('is cancelled');
    await h.settle();
    expect((await h.record(first)).state).toBe('cancelled');
    expect((await h.record(second)).state).toBe('awaiting_approval');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(second);
    await h.click('U0FRANK', second, 'approve');
    await h.click('U0CAROL', second, 'approve');
    expect((await h.record(second)).state).toBe('failed');
    const one = await h.deploy('U0ALICE', `status ${second}`);
    expect(one).toContain('Approvals: team-lead by <@U0FRANK>, on-call-engineer by <@U0CAROL>');
    expect(one).toContain('Outcome: Deploy to green (idle) failed');
    const service = await h.deploy('U0ALICE', 'status checkout');
    for (const id of [first, second, third]) expect(service).toContain(id);
  });
});

describe('adapter faults', () => {
  it('fails the step when the target exits non-zero, says so in the thread, and frees the lane', async () => {
    const id = failing;
    const record = await h.record(id);
    expect(record.version).toBe('7.0.2');
    expect(record.outcome).toContain('Deploy to green (idle) failed');
    expect(record.steps.map((s) => s.state)).toEqual(['failed', 'skipped', 'skipped']);
    expect((await h.thread(id)).some((t) => t.includes('exit 3') && t.includes('failed on purpose'))).toBe(
      true,
    );
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBeUndefined();
  });

  it('refuses a deploy whose required validation fails, with the last lines of its output', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 7.0.9'));
    const record = await h.record(id);
    expect(record.state).toBe('failed');
    expect(record.outcome).toBe(
      'refused: smoke_tests, integration_tests, security_scan, performance_baseline failed',
    );
    const told = h.slack
      .messages('C0DEPLOYS', { user: 'U0ALICE' })
      .find((m) => m.ephemeralFor === 'U0ALICE' && m.text.includes(`${id} is refused`));
    expect(told?.text).toContain('failed on purpose');
    expect((await h.message(id))?.blocks.some((b) => JSON.stringify(b).includes('"type":"actions"'))).toBe(
      false,
    );
  });

  it('fails a step that hangs past its timeout and kills it', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 7.1.0'));
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    const record = await h.record(id);
    expect(record.state).toBe('failed');
    const step = record.steps.find((s) => s.kind === 'switch_traffic');
    expect(step?.state).toBe('failed');
    expect(step?.summary).toContain('timed out');
  });
});

describe('rejection', () => {
  it('asks the rejecting approver for a reason in a modal and records it', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 7.2.0'));
    expect(await h.click('U0ROBOT', id, 'reject')).toContain('Only people can reject');
    expect(await h.click('U0ALICE', id, 'reject')).toContain('withdraw it with');
    await h.click('U0BOB', id, 'reject');
    const view = [...h.slack.state.views.values()].find((v) => v.open && v.userId === 'U0BOB');
    if (!view) throw new Error('no reject modal opened');
    const empty = await h.slack.submitView({
      user: 'U0BOB',
      viewId: view.id,
      values: { reason: { reason_input: 'no' } },
    });
    expect(JSON.stringify(empty.ack)).toContain('Give a reason');
    await h.slack.submitView({
      user: 'U0BOB',
      viewId: view.id,
      values: { reason: { reason_input: 'Schema migration not reviewed' } },
    });
    await h.settle();
    const record = await h.record(id);
    expect(record.state).toBe('rejected');
    expect(record.outcome).toContain('Schema migration not reviewed');
    expect((await h.shipgate.events.forSubject(id)).find((e) => e.type === 'deploy.reject')?.actor).toBe(
      'U0BOB',
    );
    expect(await h.click('U0CAROL', id, 'approve').catch((e: Error) => e.message)).toContain(
      'has no element deploy.approve',
    );
  });
});
