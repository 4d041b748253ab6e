import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { slackError, startStandIn, webClient } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let client: ReturnType<typeof webClient>;
beforeEach(async () => {
  standIn = await startStandIn();
  client = webClient(standIn);
});
afterEach(async () => {
  await standIn.stop();
});

const button = {
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: 'Approve' },
  value: 'a1',
};

describe('chat.postMessage', () => {
  it('stores the message as the bot and answers with channel, ts and the message', async () => {
    const res = await client.chat.postMessage({ channel: '#deploys', text: 'Deploying api 1.2.3' });
    expect(res).toMatchObject({
      ok: true,
      channel: 'C0DEPLOYS',
      message: { text: 'Deploying api 1.2.3', user: 'U0SHIPGATE', bot_id: 'B0SHIPGATE', type: 'message' },
    });
    expect(standIn.messages('C0DEPLOYS').map((m) => [m.ts, m.text])).toEqual([
      [res.ts, 'Deploying api 1.2.3'],
    ]);
  });

  it('fills in block_id and action_id the way Slack does when the bot leaves them out', async () => {
    const res = await client.chat.postMessage({
      channel: 'C0DEPLOYS',
      text: 'fallback',
      blocks: [{ type: 'actions', elements: [button] }],
    });
    const block = res.message?.blocks?.[0] as { block_id?: string; elements?: { action_id?: string }[] };
    expect(block.block_id).toMatch(/^[\w-]{5}$/);
    expect(block.elements?.[0]?.action_id).toMatch(/^[\w-]{5}$/);
  });

  it('refuses 51 blocks with invalid_blocks and explains why', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const err = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'x', blocks }).catch((e) => e);
    expect(err.data).toEqual({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
  });

  it('refuses blocks that are not JSON, and a message with nothing to show', async () => {
    expect(await slackError(client.apiCall('chat.postMessage', { channel: 'C0DEPLOYS', blocks: '[{' }))).toBe(
      'invalid_blocks_format',
    );
    expect(await slackError(client.apiCall('chat.postMessage', { channel: 'C0DEPLOYS' }))).toBe('no_text');
  });

  it('refuses unknown channels, archived channels and private channels the bot is not in', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    standIn.state.addChannel({ id: 'C0SECRET', name: 'secret', isPrivate: true, members: ['U0ALICE'] });
    expect(await slackError(client.chat.postMessage({ channel: 'C0SECRET', text: 'x' }))).toBe(
      'not_in_channel',
    );
    await client.conversations.archive({ channel: 'C0STATUS' });
    expect(await slackError(client.chat.postMessage({ channel: 'C0STATUS', text: 'x' }))).toBe('is_archived');
  });

  it('keeps threads: replies carry thread_ts and the parent shows reply_count', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'INC-2026-0001' });
    await client.chat.postMessage({
      channel: 'C0INCIDENTS',
      text: 'update 1',
      thread_ts: parent.ts as string,
    });
    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages).toHaveLength(1);
    expect(history.messages?.[0]).toMatchObject({ ts: parent.ts, reply_count: 1, thread_ts: parent.ts });
  });

  it('opens a DM when posting to a user id', async () => {
    const res = await client.chat.postMessage({ channel: 'U0DAVE', text: 'approval needed' });
    expect(res.channel).toMatch(/^D/);
    expect(standIn.state.channels.get(res.channel as string)?.imUser).toBe('U0DAVE');
  });

  it('truncates text beyond 40,000 characters as Slack does', async () => {
    const res = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'x'.repeat(40_005) });
    expect(res.message?.text).toHaveLength(40_000);
  });
});

describe('chat.update', () => {
  it('changes text, keeps blocks that were not resent, and marks the message edited', async () => {
    const blocks = [{ type: 'actions', block_id: 'b', elements: [{ ...button, action_id: 'approve' }] }];
    const posted = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'pending', blocks });
    const res = await client.chat.update({ channel: 'C0DEPLOYS', ts: posted.ts as string, text: 'approved' });
    expect(res.message).toMatchObject({ text: 'approved', blocks, edited: { user: 'U0SHIPGATE' } });
  });

  it('answers message_not_found for an unknown ts and cant_update_message for a person’s message', async () => {
    expect(await slackError(client.chat.update({ channel: 'C0DEPLOYS', ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    const { ts } = standIn.state.storeMessage({
      channel: 'C0DEPLOYS',
      ts: standIn.state.nextTs(),
      user: 'U0ALICE',
      text: 'hello',
      reactions: [],
      via: 'user',
    });
    expect(await slackError(client.chat.update({ channel: 'C0DEPLOYS', ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
  });

  it('checks Block Kit limits on updates too', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'x' });
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }];
    expect(
      await slackError(client.chat.update({ channel: 'C0DEPLOYS', ts: posted.ts as string, blocks: long })),
    ).toBe('invalid_blocks');
  });
});

describe('chat.postEphemeral and chat.getPermalink', () => {
  it('shows an ephemeral message to its user only and keeps it out of history', async () => {
    const res = await client.chat.postEphemeral({ channel: 'C0DEPLOYS', user: 'U0BOB', text: 'only you' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.messages('deploys', { user: 'U0BOB' }).map((m) => m.text)).toEqual(['only you']);
    expect(standIn.messages('deploys', { user: 'U0CAROL' })).toEqual([]);
    expect((await client.conversations.history({ channel: 'C0DEPLOYS' })).messages).toEqual([]);
  });

  it('refuses an ephemeral message for someone outside the channel', async () => {
    standIn.state.addChannel({ id: 'C0SMALL', name: 'small', members: ['U0SHIPGATE', 'U0ALICE'] });
    expect(
      await slackError(client.chat.postEphemeral({ channel: 'C0SMALL', user: 'U0BOB', text: 'x' })),
    ).toBe('user_not_in_channel');
  });

  it('builds permalinks, with thread_ts for replies', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'p' });
    const reply = await client.chat.postMessage({
      channel: 'C0DEPLOYS',
      text: 'r',
      thread_ts: parent.ts as string,
    });
    const link = await client.chat.getPermalink({ channel: 'C0DEPLOYS', message_ts: parent.ts as string });
    expect(link.permalink).toBe(
      `https://shipgate-sandbox.slack.com/archives/C0DEPLOYS/p${(parent.ts as string).replace('.', '')}`,
    );
    const replyLink = await client.chat.getPermalink({
      channel: 'C0DEPLOYS',
      message_ts: reply.ts as string,
    });
    expect(replyLink.permalink).toContain(`?thread_ts=${parent.ts}&cid=C0DEPLOYS`);
    expect(await slackError(client.chat.getPermalink({ channel: 'C0DEPLOYS', message_ts: '9.000009' }))).toBe(
      'message_not_found',
    );
  });
});
