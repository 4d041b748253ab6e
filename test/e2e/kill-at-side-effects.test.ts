import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type DeployHarness, IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { ShipgateChildren } from '../support/shipgate-child.js';
import { tempDbPath } from '../support/test-shipgate.js';

/**
 * kill -9 at each side-effect boundary: Slack has carried out the call, but the process dies before it hears
 * the answer (the stand-in applies the call and never answers). The Shipgate that starts next on the same file
 * must find the earlier attempt instead of doing it again, at once (it owns the dead process's leases: the
 * restart comes 10 s after the child's start and waits 4 s, well inside the 60 s a lease would otherwise hold),
 * and leave exactly one channel, one alert, one deploy message.
 */
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let children: ShipgateChildren;
let restarted: DeployHarness | undefined;
const SEC = 1000;

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  pagerduty = await PagerDutyStandIn.start();
  children = new ShipgateChildren(slack);
});
afterEach(async () => {
  children.killAll();
  slack.clearFaults();
  await restarted?.stop();
  restarted = undefined;
});
afterAll(async () => {
  await slack.stop();
  await pagerduty.stop();
});

/** Kills `child` once Slack has carried out the call `applied` waits for, then starts Shipgate again in-process. */
async function killOnceApplied(child: ChildProcess, dbPath: string, applied: () => boolean) {
  await slack.waitFor(applied, { timeoutMs: 15_000 });
  await children.kill(child);
  slack.clearFaults();
  const h = await startDeployHarness({
    dbPath,
    slack,
    pagerduty,
    clock: new FakeClock(Date.parse(IN_WINDOW) + 10 * SEC),
  });
  restarted = h;
  await h.settle();
  for (let i = 0; i < 4; i++) {
    h.clock.advance(SEC);
    await h.settle();
  }
  return h;
}
async function declare(text: string): Promise<string> {
  const result = await slack.command({
    user: 'U0BOB',
    command: '/incident',
    text: `declare ${text}`,
    channel: 'C0DEPLOYS',
  });
  return /INC-\d{4}-\d{4}/.exec(JSON.stringify(result.ack))?.[0] ?? '';
}
const channelsNamed = (prefix: string) =>
  [...slack.state.channels.values()].filter((c) => c.name.startsWith(prefix));
const alertsIn = (channel: string) =>
  slack.state
    .messagesIn(channel)
    .filter((m) => m.user === 'U0SHIPGATE' && m.text.startsWith('INCIDENT ALERT'));

describe('killed at a side-effect boundary', () => {
  it('adopts the incident channel Slack created while the process died', async () => {
    const dbPath = tempDbPath('shipgate-kill-create-');
    const child = await children.start(dbPath);
    slack.failMethod('conversations.create', { afterApply: 'hang' }, { times: 1 });
    const id = await declare('SEV-3 Search results are stale');
    const slug = id.toLowerCase();
    const h = await killOnceApplied(child, dbPath, () => channelsNamed(slug).length > 0);

    const channels = channelsNamed(slug);
    expect(slack.callsTo('conversations.create').at(-1)?.error).toBe('name_taken');
    expect(channels.map((c) => c.name)).toEqual([`${slug}-search-results-are-stale`]);
    expect((await h.shipgate.runtime.incidents.get(id))?.channelId).toBe(channels[0]?.id);
    expect(alertsIn(channels[0]?.id ?? '')).toHaveLength(1);
    expect(channels[0]?.members.has('U0BOB')).toBe(true);
  }, 30_000);

  it('posts the incident alert once when the process died waiting for its answer', async () => {
    const dbPath = tempDbPath('shipgate-kill-alert-');
    const child = await children.start(dbPath);
    slack.failMethod(
      'chat.postMessage',
      { afterApply: 'hang' },
      { times: 1, when: (args) => String(args.text ?? '').startsWith('INCIDENT ALERT') },
    );
    const id = await declare('SEV-3 Emails delayed');
    const slug = `${id.toLowerCase()}-emails-delayed`;
    const channelOf = () => channelsNamed(slug)[0]?.id ?? '';
    const h = await killOnceApplied(child, dbPath, () => alertsIn(channelOf()).length > 0);

    expect(channelsNamed(slug)).toHaveLength(1);
    expect((await h.shipgate.runtime.incidents.get(id))?.channelId).toBe(channelOf());
    expect(alertsIn(channelOf())).toHaveLength(1);
    expect((await h.shipgate.runtime.incidents.get(id))?.status).toBe('declared');
  }, 30_000);

  it('keeps one deploy message, drawn from the current state, when the process died during its first post', async () => {
    const dbPath = tempDbPath('shipgate-kill-deploy-');
    const seeding = await startDeployHarness({ dbPath, slack, pagerduty });
    await seedProductionVersion(seeding, 'checkout', '2.5.3', 'blue');
    await seeding.stop();
    const child = await children.start(dbPath);
    const isFirstPost = (args: Readonly<Record<string, unknown>>) =>
      String(args.text ?? '').includes('checkout 2.5.3 → 2.5.4');
    const deployMessages = () =>
      slack.state
        .messagesIn('C0DEPLOYS')
        .filter((m) => m.via === 'api' && !m.threadTs && isFirstPost({ text: m.text }));
    slack.failMethod('chat.postMessage', { afterApply: 'hang' }, { times: 1, when: isFirstPost });
    const ack = await slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: 'checkout 2.5.4',
      channel: 'C0DEPLOYS',
    });
    const id = /DEP-\d{4}-\d{4}/.exec(JSON.stringify(ack.ack))?.[0] ?? '';
    const h = await killOnceApplied(child, dbPath, () => deployMessages().length > 0);
    const searched = slack.callsTo('conversations.history').filter((c) => c.args.channel === 'C0DEPLOYS');
    expect(searched.length).toBeGreaterThan(0);

    expect(deployMessages()).toHaveLength(1);
    expect((await h.message(id))?.ts).toBe(deployMessages()[0]?.ts);
    expect(await h.click('U0BOB', id, 'approve')).toContain('approved DEP');
    expect(await h.click('U0CAROL', id, 'approve')).toContain('the deploy starts now');
    await h.settle();
    expect((await h.record(id)).state).toBe('succeeded');
    expect(deployMessages()).toHaveLength(1);
    expect(JSON.stringify(deployMessages()[0]?.blocks)).not.toContain('Approve');
    expect(JSON.stringify(deployMessages()[0]?.blocks)).not.toContain('Running pre-deployment validations');
  }, 30_000);
});
