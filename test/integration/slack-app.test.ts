import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import type { Shipgate } from '../../src/shipgate.js';
import { startTestShipgate, TEST_SIGNING_SECRET } from '../support/test-shipgate.js';

let standIn: SlackStandIn;
let shipgate: Shipgate;
const clock = new FakeClock('2026-11-24T10:00:00Z');

beforeAll(async () => {
  standIn = await SlackStandIn.start({ seed: true });
  shipgate = await startTestShipgate({ apiUrl: standIn.apiUrl, clock });
  standIn.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });
});
afterAll(async () => {
  await shipgate.stop();
  await standIn.stop();
});
beforeEach(() => standIn.clearFaults());

const threadReplies = (ts: string) =>
  standIn.messages('C0DEPLOYS').filter((m) => m.threadTs === ts && m.user === 'U0SHIPGATE');

describe('Shipgate through the Slack stand-in', () => {
  it('answers a slash command sent as Slack sends it, visible only to the sender', async () => {
    const result = await standIn.command({
      user: 'U0ALICE',
      command: '/release',
      text: 'help',
      channel: 'C0DEPLOYS',
    });
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.ack)).toContain('/release notes &lt;service&gt; &lt;version&gt;');
    const seen = standIn.messages('C0DEPLOYS', { user: 'U0ALICE' }).at(-1);
    expect(seen?.ephemeralFor).toBe('U0ALICE');
    expect(standIn.messages('C0DEPLOYS', { user: 'U0BOB' }).some((m) => m.ts === seen?.ts)).toBe(false);
  });

  it('answers an @-mention in a thread with the command list', async () => {
    const { ts } = await standIn.mention({ user: 'U0BOB', channel: 'C0DEPLOYS', text: 'what can you do?' });
    const [reply] = await standIn.waitFor(() => (threadReplies(ts).length ? threadReplies(ts) : undefined));
    expect(reply?.text).toContain('/deploy');
  });

  it('acts once on an event Slack delivers again with X-Slack-Retry-Num', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0CAROL',
      text: '<@U0SHIPGATE> help',
      ts: '1795000000.000100',
      channel: 'C0DEPLOYS',
    };
    standIn.state.storeMessage({
      channel: 'C0DEPLOYS',
      ts: event.ts,
      user: 'U0CAROL',
      text: event.text,
      reactions: [],
      via: 'user',
    });
    const first = await standIn.sendEvent(event, { eventId: 'Ev0RETRY1' });
    const retry = await standIn.sendEvent(event, {
      eventId: 'Ev0RETRY1',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await standIn.waitFor(() => threadReplies(event.ts).length > 0);
    await shipgate.timers.tick();
    expect(threadReplies(event.ts)).toHaveLength(1);
  });

  it('keeps a reply it could not post while Slack failed, and posts it once Slack is back', async () => {
    standIn.failMethod('chat.postMessage', { status: 429, retryAfter: 5 }, { times: 1 });
    const { ts } = await standIn.mention({ user: 'U0DAVE', channel: 'C0DEPLOYS', text: 'hello' });
    await standIn.waitFor(() => standIn.callsTo('chat.postMessage').some((c) => c.args.thread_ts === ts));
    await shipgate.timers.tick();
    expect(threadReplies(ts)).toHaveLength(0);
    const pending = await shipgate.timers.pending('C0DEPLOYS');
    expect(pending).toHaveLength(1);
    expect(pending[0]?.dueAt.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 5000);
    clock.advance(5000);
    await shipgate.timers.tick();
    expect(threadReplies(ts)).toHaveLength(1);
    expect(await shipgate.timers.pending('C0DEPLOYS')).toHaveLength(0);
  });
});
