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

describe('conversations.create', () => {
  it('creates a channel with the bot as member and creator', async () => {
    const res = await client.conversations.create({ name: 'inc-2026-0001-api-down' });
    expect(res.channel).toMatchObject({
      name: 'inc-2026-0001-api-down',
      is_member: true,
      creator: 'U0SHIPGATE',
    });
    expect(res.channel?.id).toMatch(/^C/);
    expect((await client.conversations.info({ channel: res.channel?.id as string })).channel?.name).toBe(
      'inc-2026-0001-api-down',
    );
  });

  it.each([
    ['', 'invalid_name_required'],
    ['x'.repeat(81), 'invalid_name_maxlength'],
    ['Incident', 'invalid_name_specials'],
    ['inc 1', 'invalid_name_specials'],
    ['inc.1', 'invalid_name_specials'],
    ['--__', 'invalid_name_punctuation'],
  ])('refuses the name %j with %s', async (name, error) => {
    expect(await slackError(client.apiCall('conversations.create', { name }))).toBe(error);
  });

  it('accepts 80 characters of lowercase letters, digits, hyphens and underscores', async () => {
    const name = `a_1-${'z'.repeat(76)}`;
    expect((await client.conversations.create({ name })).channel?.name).toBe(name);
  });

  it('answers name_taken for an existing name, archived channels included', async () => {
    expect(await slackError(client.conversations.create({ name: 'deploys' }))).toBe('name_taken');
    await client.conversations.archive({ channel: 'C0STATUS' });
    expect(await slackError(client.conversations.create({ name: 'status' }))).toBe('name_taken');
  });
});

describe('conversations.invite', () => {
  it('adds members to a channel', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-1' });
    await client.conversations.invite({ channel: channel?.id as string, users: 'U0CAROL,U0DAVE' });
    expect([...(standIn.state.channels.get(channel?.id as string)?.members ?? [])]).toEqual([
      'U0SHIPGATE',
      'U0CAROL',
      'U0DAVE',
    ]);
  });

  it('answers user_not_found, already_in_channel, cant_invite_self and not_in_channel', async () => {
    expect(await slackError(client.conversations.invite({ channel: 'C0DEPLOYS', users: 'U0NOBODY' }))).toBe(
      'user_not_found',
    );
    expect(await slackError(client.conversations.invite({ channel: 'C0DEPLOYS', users: 'U0ALICE' }))).toBe(
      'already_in_channel',
    );
    const { channel } = await client.conversations.create({ name: 'inc-2' });
    expect(
      await slackError(client.conversations.invite({ channel: channel?.id as string, users: 'U0SHIPGATE' })),
    ).toBe('cant_invite_self');
    standIn.state.addChannel({ id: 'C0OTHER', name: 'other', members: ['U0ALICE'] });
    expect(await slackError(client.conversations.invite({ channel: 'C0OTHER', users: 'U0BOB' }))).toBe(
      'not_in_channel',
    );
  });

  it('refuses invites to archived channels', async () => {
    await client.conversations.archive({ channel: 'C0STATUS' });
    expect(await slackError(client.conversations.invite({ channel: 'C0STATUS', users: 'U0ROBOT' }))).toBe(
      'is_archived',
    );
  });
});

describe('topic, purpose, join, archive', () => {
  it('sets topic and purpose, and refuses more than 250 characters', async () => {
    await client.conversations.setTopic({ channel: 'C0INCIDENTS', topic: 'SEV-1: api down' });
    await client.conversations.setPurpose({ channel: 'C0INCIDENTS', purpose: 'War room' });
    const { channel } = await client.conversations.info({ channel: 'C0INCIDENTS' });
    expect(channel?.topic).toMatchObject({ value: 'SEV-1: api down', creator: 'U0SHIPGATE' });
    expect(channel?.purpose?.value).toBe('War room');
    expect(
      await slackError(client.conversations.setTopic({ channel: 'C0INCIDENTS', topic: 't'.repeat(251) })),
    ).toBe('too_long');
  });

  it('joins a public channel, warning when already a member', async () => {
    standIn.state.addChannel({ id: 'C0RANDOM', name: 'random', members: ['U0ALICE'] });
    expect((await client.conversations.join({ channel: 'C0RANDOM' })).channel?.is_member).toBe(true);
    expect((await client.conversations.join({ channel: 'C0RANDOM' })).warning).toBe('already_in_channel');
  });

  it('archives once, then answers already_archived; archived channels cannot be joined', async () => {
    await client.conversations.archive({ channel: 'C0STATUS' });
    expect((await client.conversations.info({ channel: 'C0STATUS' })).channel?.is_archived).toBe(true);
    expect(await slackError(client.conversations.archive({ channel: 'C0STATUS' }))).toBe('already_archived');
    expect(await slackError(client.conversations.join({ channel: 'C0STATUS' }))).toBe('is_archived');
  });

  it('answers channel_not_found for unknown channels', async () => {
    expect(await slackError(client.conversations.info({ channel: 'C0NOPE' }))).toBe('channel_not_found');
    expect(await slackError(client.conversations.setTopic({ channel: 'C0NOPE', topic: 'x' }))).toBe(
      'channel_not_found',
    );
  });
});

describe('history and replies', () => {
  it('lists channel messages newest first, paging with limit and cursor', async () => {
    for (const text of ['one', 'two', 'three']) await client.chat.postMessage({ channel: 'C0DEPLOYS', text });
    const first = await client.conversations.history({ channel: 'C0DEPLOYS', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(first.has_more).toBe(true);
    const next = await client.conversations.history({
      channel: 'C0DEPLOYS',
      limit: 2,
      cursor: first.response_metadata?.next_cursor as string,
    });
    expect(next.messages?.map((m) => m.text)).toEqual(['one']);
    expect(next.has_more).toBe(false);
  });

  it('filters history by oldest/latest', async () => {
    const a = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'a' });
    await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'b' });
    const res = await client.conversations.history({ channel: 'C0DEPLOYS', oldest: a.ts as string });
    expect(res.messages?.map((m) => m.text)).toEqual(['b']);
    const incl = await client.conversations.history({
      channel: 'C0DEPLOYS',
      oldest: a.ts as string,
      inclusive: true,
    });
    expect(incl.messages?.map((m) => m.text)).toEqual(['b', 'a']);
  });

  it('returns a thread oldest first with its parent, and thread_not_found for an unknown ts', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'root' });
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'r1', thread_ts: parent.ts as string });
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'r2', thread_ts: parent.ts as string });
    const res = await client.conversations.replies({ channel: 'C0INCIDENTS', ts: parent.ts as string });
    expect(res.messages?.map((m) => m.text)).toEqual(['root', 'r1', 'r2']);
    expect(await slackError(client.conversations.replies({ channel: 'C0INCIDENTS', ts: '5.000005' }))).toBe(
      'thread_not_found',
    );
  });

  it('refuses history of a channel the bot is not in', async () => {
    standIn.state.addChannel({ id: 'C0OTHER', name: 'other', members: ['U0ALICE'] });
    expect(await slackError(client.conversations.history({ channel: 'C0OTHER' }))).toBe('not_in_channel');
  });
});

describe('conversations.members and conversations.list', () => {
  it('pages the members of a channel, and hides a private channel the bot is not in', async () => {
    const created = await client.conversations.create({ name: 'inc-2026-0002-members', is_private: true });
    const id = created.channel?.id as string;
    await client.conversations.invite({ channel: id, users: 'U0ALICE,U0BOB' });
    const first = await client.conversations.members({ channel: id, limit: 2 });
    expect(first.members).toHaveLength(2);
    const cursor = first.response_metadata?.next_cursor ?? '';
    expect(cursor).not.toBe('');
    const rest = await client.conversations.members({ channel: id, cursor, limit: 2 });
    expect([...(first.members ?? []), ...(rest.members ?? [])].sort()).toEqual([
      'U0ALICE',
      'U0BOB',
      'U0SHIPGATE',
    ]);
    expect(rest.response_metadata?.next_cursor).toBe('');
    standIn.state.findChannel(id)?.members.delete('U0SHIPGATE');
    expect(await slackError(client.conversations.members({ channel: id }))).toBe('channel_not_found');
    expect(await slackError(client.apiCall('conversations.members', { channel: 'C0NOPE' }))).toBe(
      'channel_not_found',
    );
  });

  it('lists public channels, and private ones only for their members when asked for', async () => {
    const open = await client.conversations.create({ name: 'inc-2026-0003-public' });
    const closed = await client.conversations.create({ name: 'inc-2026-0004-private', is_private: true });
    const names = async (types?: string) =>
      (
        (await client.conversations.list(types ? { types, limit: 1000 } : { limit: 1000 })).channels ?? []
      ).map((c) => c.id);
    expect(await names()).toContain(open.channel?.id);
    expect(await names()).not.toContain(closed.channel?.id);
    expect(await names('public_channel,private_channel')).toContain(closed.channel?.id);
  });
});

describe('message metadata', () => {
  it('is returned by conversations.history and conversations.replies only with include_all_metadata', async () => {
    const metadata = { event_type: 'shipgate_message', event_payload: { key: 'k' } };
    const posted = await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'with metadata', metadata });
    const find = (messages: { ts?: string; metadata?: unknown }[] | undefined) =>
      messages?.find((m) => m.ts === posted.ts)?.metadata;
    expect(find((await client.conversations.history({ channel: 'C0DEPLOYS' })).messages)).toBeUndefined();
    expect(
      find(
        (await client.conversations.history({ channel: 'C0DEPLOYS', include_all_metadata: true })).messages,
      ),
    ).toEqual(metadata);
    const thread = { channel: 'C0DEPLOYS', ts: posted.ts as string };
    expect(find((await client.conversations.replies(thread)).messages)).toBeUndefined();
    expect(
      find((await client.conversations.replies({ ...thread, include_all_metadata: true })).messages),
    ).toEqual(metadata);
  });
});
