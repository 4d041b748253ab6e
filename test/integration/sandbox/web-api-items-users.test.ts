import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { slackError, startStandIn, webClient } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let client: ReturnType<typeof webClient>;
let ts: string;
beforeEach(async () => {
  standIn = await startStandIn();
  client = webClient(standIn);
  ts = (await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'INC-2026-0001' })).ts as string;
});
afterEach(async () => {
  await standIn.stop();
});

describe('pins.add', () => {
  it('pins a message once, then answers already_pinned', async () => {
    await client.pins.add({ channel: 'C0INCIDENTS', timestamp: ts });
    expect(standIn.state.message('C0INCIDENTS', ts)?.pinnedBy).toBe('U0SHIPGATE');
    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages?.[0]).toMatchObject({ pinned_to: ['C0INCIDENTS'] });
    expect(await slackError(client.pins.add({ channel: 'C0INCIDENTS', timestamp: ts }))).toBe(
      'already_pinned',
    );
  });

  it('answers message_not_found, bad_timestamp and no_item_specified', async () => {
    expect(await slackError(client.pins.add({ channel: 'C0INCIDENTS', timestamp: '1.000001' }))).toBe(
      'message_not_found',
    );
    expect(await slackError(client.pins.add({ channel: 'C0INCIDENTS', timestamp: 'yesterday' }))).toBe(
      'bad_timestamp',
    );
    expect(await slackError(client.apiCall('pins.add', { channel: 'C0INCIDENTS' }))).toBe(
      'no_item_specified',
    );
  });
});

describe('bookmarks.add', () => {
  it('adds a link bookmark to a channel', async () => {
    const res = await client.bookmarks.add({
      channel_id: 'C0INCIDENTS',
      title: 'Runbook',
      type: 'link',
      link: 'https://runbooks.example.com/api',
      emoji: ':book:',
    });
    expect(res.bookmark).toMatchObject({
      channel_id: 'C0INCIDENTS',
      title: 'Runbook',
      type: 'link',
      emoji: ':book:',
    });
    expect(standIn.state.bookmarks.map((b) => b.link)).toEqual(['https://runbooks.example.com/api']);
  });

  it('refuses other types, bad links and unknown channels', async () => {
    const base = { channel_id: 'C0INCIDENTS', title: 'x', link: 'https://x.io' };
    expect(await slackError(client.apiCall('bookmarks.add', { ...base, type: 'folder' }))).toBe(
      'invalid_bookmark_type',
    );
    expect(
      await slackError(client.apiCall('bookmarks.add', { ...base, type: 'link', link: 'not a url' })),
    ).toBe('invalid_link');
    expect(
      await slackError(client.apiCall('bookmarks.add', { ...base, type: 'link', channel_id: 'C0NOPE' })),
    ).toBe('channel_not_found');
  });
});

describe('reactions.add', () => {
  it('adds a reaction once per user and shows it on the message', async () => {
    await client.reactions.add({ channel: 'C0INCIDENTS', timestamp: ts, name: 'eyes' });
    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages?.[0]?.reactions).toEqual([{ name: 'eyes', users: ['U0SHIPGATE'], count: 1 }]);
    expect(
      await slackError(client.reactions.add({ channel: 'C0INCIDENTS', timestamp: ts, name: 'eyes' })),
    ).toBe('already_reacted');
  });

  it('refuses bad emoji names and unknown messages', async () => {
    expect(
      await slackError(client.reactions.add({ channel: 'C0INCIDENTS', timestamp: ts, name: 'Not An Emoji' })),
    ).toBe('invalid_name');
    expect(
      await slackError(client.reactions.add({ channel: 'C0INCIDENTS', timestamp: '1.000001', name: 'x' })),
    ).toBe('message_not_found');
  });
});

describe('users and user groups', () => {
  it('returns a user with profile email and title', async () => {
    const { user } = await client.users.info({ user: 'U0DAVE' });
    expect(user).toMatchObject({
      id: 'U0DAVE',
      name: 'dave',
      is_bot: false,
      profile: { email: 'dave@example.com', title: 'Engineering Lead' },
    });
    expect((await client.users.info({ user: 'U0ROBOT' })).user?.is_bot).toBe(true);
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
  });

  it('looks users up by email, case-insensitively, and answers users_not_found on a miss', async () => {
    expect((await client.users.lookupByEmail({ email: 'Carol@Example.com' })).user?.id).toBe('U0CAROL');
    expect(await slackError(client.users.lookupByEmail({ email: 'mallory@example.com' }))).toBe(
      'users_not_found',
    );
  });

  it('lists a user group’s members and answers no_such_subteam for an unknown group', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S0TEAMLEADS' })).users).toEqual([
      'U0BOB',
      'U0FRANK',
    ]);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toBe('no_such_subteam');
  });
});
