import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { startBoltApp, startStandIn } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let app: App | undefined;

function bot(bolt: App): void {
  bolt.command('/deploy', async ({ ack, command, respond, client }) => {
    await ack(`Checking ${command.text}…`);
    await respond({ text: 'Approval requested' });
    setTimeout(() => {
      void client.chat.postMessage({ channel: 'C0DEPLOYS', text: `Waiting for approval of ${command.text}` });
    }, 50);
  });
}

async function say(body: unknown) {
  const res = await fetch(`${standIn.url}/_standin/say`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeEach(async () => {
  standIn = await startStandIn({ quietMs: 400 });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await standIn.stop();
});

describe('POST /_standin/say', () => {
  it('sends the command and returns ack, response_url posts and what the user saw once the bot went quiet', async () => {
    app = await startBoltApp(standIn, bot);
    const { status, json } = await say({ user: 'alice', text: '/deploy api 1.2.3' });
    expect(status).toBe(200);
    expect(json.ack).toBe('Checking api 1.2.3…');
    expect(json.responses).toEqual([{ text: 'Approval requested' }]);
    const messages = json.messages as { text: string; ephemeral: boolean; channel_name: string }[];
    expect(messages.map((m) => [m.text, m.ephemeral, m.channel_name])).toEqual([
      ['Checking api 1.2.3…', true, 'deploys'],
      ['Approval requested', true, 'deploys'],
      ['Waiting for approval of api 1.2.3', false, 'deploys'],
    ]);
  });

  it('answers 409 when no bot is connected and 400 for text that is not a slash command', async () => {
    expect((await say({ user: 'alice', text: '/deploy help' })).status).toBe(409);
    app = await startBoltApp(standIn, bot);
    const bad = await say({ user: 'alice', text: 'deploy help' });
    expect(bad).toEqual({
      status: 400,
      json: { error: 'text must start with a slash command, e.g. "/deploy help"' },
    });
    expect((await say({ user: 'mallory', text: '/deploy help' })).json).toEqual({
      error: 'unknown user mallory',
    });
    expect((await say({ text: '/deploy' })).status).toBe(400);
  });
});

describe('GET /_standin/state', () => {
  it('dumps channels with members and messages, marking ephemeral ones', async () => {
    app = await startBoltApp(standIn, bot);
    await say({ user: 'bob', text: '/deploy web 2.0.0', channel: 'status' });
    const res = await fetch(`${standIn.url}/_standin/state`);
    const state = (await res.json()) as {
      channels: { id: string; members: string[]; messages: { text: string; ephemeral_for?: string }[] }[];
    };
    const status = state.channels.find((c) => c.id === 'C0STATUS');
    expect(status?.members).toContain('U0BOB');
    expect(status?.messages.map((m) => [m.text, m.ephemeral_for])).toEqual([
      ['Checking web 2.0.0…', 'U0BOB'],
      ['Approval requested', 'U0BOB'],
    ]);
    expect(state.channels.find((c) => c.id === 'C0DEPLOYS')?.messages.map((m) => m.text)).toEqual([
      'Waiting for approval of web 2.0.0',
    ]);
  });
});
