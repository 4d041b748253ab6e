import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { startBoltApp, startStandIn } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let app: App | undefined;
let clock: FakeClock;

beforeEach(async () => {
  clock = new FakeClock('2026-11-24T10:00:00Z');
  standIn = await startStandIn({ clock });
  app = await startBoltApp(standIn, (bolt) => {
    bolt.command('/deploy', async ({ ack }) => {
      await ack();
    });
  });
});
afterEach(async () => {
  await app?.stop();
  await standIn.stop();
});

/** Posts to a response_url as the bot's respond() does: JSON body. */
async function respond(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function responseUrl(user = 'alice', channel = 'deploys'): Promise<string> {
  return (await standIn.command({ user, command: '/deploy', text: 'api 1.2.3', channel })).responseUrl;
}

describe('response_url', () => {
  it('posts ephemerally to the invoking user by default, and to the channel with response_type in_channel', async () => {
    const url = await responseUrl();
    expect(await respond(url, { text: 'just you' })).toEqual({ status: 200, json: { ok: true } });
    expect(await respond(url, { response_type: 'in_channel', text: 'everyone' })).toMatchObject({
      status: 200,
    });
    expect(standIn.messages('deploys', { user: 'U0ALICE' }).map((m) => [m.text, m.ephemeralFor])).toEqual([
      ['just you', 'U0ALICE'],
      ['everyone', undefined],
    ]);
    expect(standIn.messages('deploys', { user: 'U0BOB' }).map((m) => m.text)).toEqual(['everyone']);
    expect(standIn.responsesTo(url).map((p) => p.body.text)).toEqual(['just you', 'everyone']);
  });

  it('replaces the previous response with replace_original and removes it with delete_original', async () => {
    const url = await responseUrl();
    await respond(url, { text: 'Checking…' });
    await respond(url, { replace_original: true, text: 'Ready' });
    expect(standIn.messages('deploys', { user: 'U0ALICE' }).map((m) => m.text)).toEqual(['Ready']);
    await respond(url, { delete_original: true });
    expect(standIn.messages('deploys', { user: 'U0ALICE' })).toEqual([]);
  });

  it('refuses invalid blocks and empty messages with 400', async () => {
    const url = await responseUrl();
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await respond(url, { blocks })).toEqual({
      status: 400,
      json: { ok: false, error: 'invalid_blocks' },
    });
    expect(await respond(url, {})).toEqual({ status: 400, json: { ok: false, error: 'no_text' } });
  });

  it('works five times, then answers used_url', async () => {
    const url = await responseUrl();
    for (let i = 1; i <= 5; i++) expect((await respond(url, { text: `#${i}` })).status).toBe(200);
    expect(await respond(url, { text: '#6' })).toEqual({
      status: 404,
      json: { ok: false, error: 'used_url' },
    });
  });

  it('expires after 30 minutes', async () => {
    const url = await responseUrl();
    clock.advance(30 * 60 * 1000 + 1);
    expect(await respond(url, { text: 'late' })).toEqual({
      status: 404,
      json: { ok: false, error: 'expired_url' },
    });
    expect(standIn.messages('deploys', { user: 'U0ALICE' })).toEqual([]);
  });

  it('answers 404 for a response_url the stand-in never issued', async () => {
    expect(await respond(`${standIn.url}/respond/T0SANDBOX/1/forged`, { text: 'x' })).toMatchObject({
      status: 404,
    });
  });
});

describe('waitFor', () => {
  it('rejects with the description once the timeout passes', async () => {
    await expect(standIn.waitFor(() => false, { timeoutMs: 50, description: 'a reply' })).rejects.toThrow(
      'waitFor timed out after 50 ms: a reply',
    );
  });

  it('resolves with the first truthy value as soon as Web API activity makes it true', async () => {
    const pending = standIn.waitFor(() => standIn.callsTo('auth.test')[0], { pollMs: 10_000 });
    await fetch(`${standIn.apiUrl}auth.test`, {
      method: 'POST',
      headers: { Authorization: 'Bearer xoxb-sandbox' },
    });
    expect(await pending).toMatchObject({ method: 'auth.test', ok: true });
  });
});
