import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
const FRANK = { id: 'PUFRANK', name: 'Frank', email: 'frank@example.com' };

beforeAll(async () => {
  h = await startDeployHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.pagerduty.clearOnCall();
});

const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';

describe('/deploy behind human approval', () => {
  it('deploys a PATCH once a team lead and the on-call engineer PagerDuty names have approved', async () => {
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    h.pagerduty.setOnCall({ scheduleId: 'PSCH001', users: [FRANK] });
    const ack = await h.deploy('U0ALICE', 'checkout 2.5.4');
    const id = idOf(ack);
    expect(ack).toContain('Running pre-deployment validations');
    const record = await h.record(id);
    expect(record.state).toBe('awaiting_approval');
    expect(record.bump).toBe('patch');
    expect(record.requiredRoles).toEqual(['team-lead', 'on-call-engineer']);
    expect(record.onCall).toEqual({ members: ['U0FRANK'], source: 'pagerduty' });
    expect(record.validations.map((v) => [v.name, v.ok])).toEqual([
      ['smoke_tests', true],
      ['integration_tests', true],
      ['security_scan', true],
      ['performance_baseline', true],
    ]);
    const posted = await h.message(id);
    expect(posted?.text).toContain('checkout 2.5.3 → 2.5.4');
    expect(JSON.stringify(posted?.blocks)).toContain('on-call-engineer :hourglass_flowing_sand: <@U0FRANK>');

    expect(await h.click('U0CAROL', id, 'approve')).toContain(
      'You hold none of the roles this deploy still needs',
    );
    expect(await h.click('U0BOB', id, 'approve')).toContain('approved DEP');
    expect((await h.record(id)).state).toBe('awaiting_approval');
    expect(JSON.stringify((await h.message(id))?.blocks)).toContain('team-lead :white_check_mark: <@U0BOB>');
    expect(await h.click('U0FRANK', id, 'approve')).toContain('the deploy starts now');

    const done = await h.record(id);
    expect(done.state).toBe('succeeded');
    expect(done.targetColor).toBe('green');
    expect(
      h
        .targetCalls()
        .filter((c) => c.step !== 'validate')
        .map((c) => `${c.step} ${c.args.join(' ')}`),
    ).toEqual([
      'deploy checkout 2.5.4 production green ',
      'smoke_test checkout 2.5.4 production green',
      'switch_traffic checkout 2.5.4 production green',
    ]);
    const blocks = JSON.stringify((await h.message(id))?.blocks);
    expect(blocks).not.toContain('"type":"actions"');
    expect(blocks).toContain('Switch traffic to green');
    expect((await h.thread(id)).some((t) => t.includes('is live in production'))).toBe(true);

    const updates = async () => {
      const ts = (await h.message(id))?.ts;
      return h.slack.calls
        .filter((c) => c.method === 'chat.update' && c.args.ts === ts)
        .map((c) => JSON.stringify([c.args.text, c.args.blocks]));
    };
    const sent = await updates();
    expect(sent.filter((payload, i) => i > 0 && payload === sent[i - 1])).toEqual([]);
    await h.shipgate.runtime.notifier.redraw('deploy', id, h.clock.now());
    await h.settle();
    expect(await updates()).toHaveLength(sent.length);
  });

  it('needs a team lead for a MINOR bump and refuses the requester, a bot and the wrong role', async () => {
    await seedProductionVersion(h, 'checkout', '2.6.0', 'green');
    const id = idOf(await h.deploy('U0BOB', 'checkout 2.7.0 --strategy canary'));
    expect((await h.record(id)).bump).toBe('minor');
    expect((await h.record(id)).onCall.source).toBe('config');
    expect(JSON.stringify((await h.message(id))?.blocks)).toContain(
      'On-call engineer from the config members',
    );
    expect(JSON.stringify((await h.message(id))?.blocks)).toContain(
      'team-lead :hourglass_flowing_sand: <@U0FRANK>',
    );
    expect(JSON.stringify((await h.message(id))?.blocks)).not.toContain('U0ROBOT');
    expect(await h.click('U0BOB', id, 'approve')).toContain('You requested this deploy');
    const refusedBot = await h.click('U0ROBOT', id, 'approve');
    expect(refusedBot).toContain('Bots may not approve a deploy');
    expect(refusedBot).toContain('OB-DEPLOY-2');
    expect(refusedBot).not.toContain('U0ROBOT');
    expect(await h.click('U0ERIN', id, 'approve')).toContain('You hold none of the roles');
    expect(await h.click('U0CAROL', id, 'approve')).toContain('as on-call-engineer');
    expect(await h.click('U0CAROL', id, 'approve')).toContain('You already approved');
    expect(await h.click('U0FRANK', id, 'approve')).toContain('the deploy starts now');
    expect((await h.record(id)).state).toBe('succeeded');
    const canary = h.targetCalls().filter((c) => c.args[1] === '2.7.0' && c.step !== 'validate');
    expect(canary.map((c) => `${c.step} ${c.args.at(-1)}`)).toEqual([
      'deploy 5',
      'health_check 5',
      'set_traffic 25',
      'health_check 25',
      'set_traffic 50',
      'health_check 50',
      'set_traffic 100',
    ]);
  });

  it('needs an engineering lead for a MAJOR bump and drafts the customer communication', async () => {
    await seedProductionVersion(h, 'checkout', '2.7.0', 'green');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 3.0.0'));
    const record = await h.record(id);
    expect(record.bump).toBe('major');
    expect(record.requiredRoles).toEqual(['team-lead', 'on-call-engineer', 'engineering-lead']);
    const blocks = JSON.stringify((await h.message(id))?.blocks);
    expect(blocks).toContain('Customer communication (MAJOR, drafted)');
    expect(blocks).toContain('new major version of checkout (3.0.0)');
    expect(blocks).toContain('60 min after deploy (extended: MAJOR)');
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('awaiting_approval');
    expect(await h.click('U0DAVE', id, 'approve')).toContain('the deploy starts now');
    expect((await h.record(id)).state).toBe('succeeded');
    expect((await h.record(id)).targetColor).toBe('blue');
  });

  it('counts 20 concurrent clicks by the last approver once and runs the deploy once', async () => {
    await seedProductionVersion(h, 'checkout', '3.0.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 3.0.1'));
    await h.click('U0BOB', id, 'approve');
    const before = h.targetCalls().length;
    const posted = await h.message(id);
    if (!posted) throw new Error('no message');
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.slack.clickButton({
          user: 'U0CAROL',
          channel: posted.channel,
          ts: posted.ts,
          actionId: 'deploy.approve',
        }),
      ),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    await h.settle();
    expect(
      (await h.shipgate.runtime.deploys.approvals(id)).filter((a) => a.userId === 'U0CAROL'),
    ).toHaveLength(1);
    expect((await h.record(id)).state).toBe('succeeded');
    const deploySteps = h
      .targetCalls()
      .slice(before)
      .filter((c) => c.step === 'deploy');
    expect(deploySteps).toHaveLength(1);
    expect((await h.shipgate.events.forSubject(id)).filter((e) => e.type === 'deploy.start')).toHaveLength(1);
  });

  it('keeps a decision when Slack rate-limits the message update, and edits the message once Slack is back', async () => {
    await seedProductionVersion(h, 'checkout', '3.1.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 3.1.1'));
    expect(await h.click('U0AGENT', id, 'approve')).toContain(
      'AI agents may not approve a deploy: a person has to',
    );
    h.slack.failMethod('chat.update', { status: 429, retryAfter: 30 }, { times: 1 });
    expect(await h.click('U0BOB', id, 'approve')).toContain('you approved');
    expect((await h.shipgate.runtime.deploys.approvals(id)).map((a) => a.userId)).toEqual(['U0BOB']);
    expect(JSON.stringify((await h.message(id))?.blocks)).not.toContain('team-lead :white_check_mark:');
    const sync = (await h.shipgate.timers.pending(id)).find((t) => t.kind === 'slack.sync');
    expect(sync?.dueAt.getTime()).toBeGreaterThanOrEqual(h.clock.now().getTime() + 30_000);
    h.clock.advance(30_000);
    await h.settle();
    expect(JSON.stringify((await h.message(id))?.blocks)).toContain('team-lead :white_check_mark: <@U0BOB>');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('succeeded');
  });
});
