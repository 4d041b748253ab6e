import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids.js';
import { SHIPGATE_EVENT_TYPE } from '../../src/slack/post-once.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

/**
 * Slack applies a call and the answer is lost (the connection is reset after the effect): Slack has no
 * idempotency keys, so each side effect must find its own earlier attempt instead of doing it again.
 */
let h: DeployHarness;
const SEC = 1000;

beforeAll(async () => {
  h = await startDeployHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Lets the retries run: the first retry is due a second after a failure, doubling. */
async function retryFor(ms: number) {
  for (let waited = 0; waited < ms; waited += SEC) {
    h.clock.advance(SEC);
    await h.settle();
  }
}
async function declare(text: string): Promise<string> {
  const result = await h.slack.command({
    user: 'U0BOB',
    command: '/incident',
    text: `declare ${text}`,
    channel: 'C0DEPLOYS',
  });
  await h.settle();
  return /INC-\d{4}-\d{4}/.exec(JSON.stringify(result.ack))?.[0] ?? '';
}
/** Top-level messages the bot posted through the Web API (replies to commands are not among them). */
const botMessages = (channel: string) =>
  h.slack.state.messagesIn(channel).filter((m) => m.user === 'U0SHIPGATE' && !m.threadTs && m.via === 'api');
/** The searches for an earlier attempt in a channel. */
const searches = (channel: string) =>
  h.slack
    .callsTo('conversations.history')
    .filter((c) => c.args.channel === channel && c.args.include_all_metadata);
const channelsNamed = (prefix: string) =>
  [...h.slack.state.channels.values()].filter((c) => c.name.startsWith(prefix));

describe('a side effect whose answer was lost is done once', () => {
  it('adopts the incident channel Slack created instead of making a second one', async () => {
    h.slack.failMethod('conversations.create', { afterApply: 'drop' }, { times: 1 });
    const id = await declare('SEV-3 Search results are stale');
    await retryFor(4 * SEC);
    const slug = id.toLowerCase();
    const channels = channelsNamed(slug);
    expect(channels.map((c) => c.name)).toEqual([`${slug}-search-results-are-stale`]);
    expect(h.slack.callsTo('conversations.create').map((c) => c.error ?? 'ok')).toEqual(['ok', 'name_taken']);
    expect((await h.shipgate.runtime.incidents.get(id))?.channelId).toBe(channels[0]?.id);
    expect(
      botMessages(channels[0]?.id ?? '').filter((m) => m.text.startsWith('INCIDENT ALERT')),
    ).toHaveLength(1);
  });

  it('posts the incident alert once when the answer to its post is lost', async () => {
    h.slack.failMethod(
      'chat.postMessage',
      { afterApply: 'drop' },
      {
        times: 1,
        when: (args) => String(args.text ?? '').startsWith('INCIDENT ALERT'),
      },
    );
    const id = await declare('SEV-3 Emails delayed');
    await retryFor(4 * SEC);
    const channel = (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
    const alerts = botMessages(channel).filter((m) => m.text.startsWith('INCIDENT ALERT'));
    expect(alerts).toHaveLength(1);
    expect(searches(channel).length).toBeGreaterThan(0);
    expect(alerts[0]?.metadata).toEqual({
      event_type: SHIPGATE_EVENT_TYPE,
      event_payload: { key: `${id}:alert` },
    });
    expect(
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => String(c.args.text).startsWith('INCIDENT ALERT') && c.args.channel === channel),
    ).toHaveLength(1);
    expect((await h.shipgate.runtime.incidents.get(id))?.status).toBe('declared');
  });

  it('keeps one deploy message, showing the current state, when the first post’s answer is lost', async () => {
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    const before = botMessages('C0DEPLOYS').length;
    h.slack.failMethod(
      'chat.postMessage',
      { afterApply: 'drop' },
      {
        times: 1,
        when: (args) => String(args.text ?? '').includes('checkout 2.5.3 → 2.5.4'),
      },
    );
    const ack = await h.deploy('U0ALICE', 'checkout 2.5.4');
    const id = /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
    await retryFor(4 * SEC);
    const posted = botMessages('C0DEPLOYS').slice(before);
    expect(posted).toHaveLength(1);
    expect(searches('C0DEPLOYS').length).toBeGreaterThan(0);
    expect(posted[0]?.metadata).toEqual({
      event_type: SHIPGATE_EVENT_TYPE,
      event_payload: { key: `deploy:${id}` },
    });
    expect((await h.message(id))?.ts).toBe(posted[0]?.ts);
    expect(await h.click('U0BOB', id, 'approve')).toContain('approved DEP');
    expect(await h.click('U0CAROL', id, 'approve')).toContain('the deploy starts now');
    expect((await h.record(id)).state).toBe('succeeded');
    expect(JSON.stringify((await h.message(id))?.blocks)).not.toContain('Approve');
    expect(botMessages('C0DEPLOYS').slice(before)).toHaveLength(1);
  });

  it('posts an outbox message (the customer notice) once when the answer is lost', async () => {
    const id = await declare('SEV-2 Checkout errors --service checkout');
    const channel = (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
    h.slack.failMethod(
      'chat.postMessage',
      { afterApply: 'drop' },
      {
        times: 1,
        when: (args) => args.channel === h.slack.state.findChannel('#status')?.id,
      },
    );
    const ref = await h.shipgate.sync.ref('customer-notice', id);
    const result = await h.slack.clickButton({
      user: 'U0BOB',
      channel,
      ts: ref?.ts ?? '',
      actionId: IDS.noticeApprove,
    });
    await h.slack.waitFor(() => result.responses.length > 0 || undefined);
    await h.settle();
    await retryFor(4 * SEC);
    expect(h.slack.messages('#status').filter((m) => m.text.includes('checkout'))).toHaveLength(1);
    expect(searches(h.slack.state.findChannel('#status')?.id ?? '').length).toBeGreaterThan(0);
  });
});
