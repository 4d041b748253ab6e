import { App, type BlockAction, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { slackError, startStandIn, webClient } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let app: App | undefined;
const seen: { event: string; detail: unknown }[] = [];

async function startSocketApp(): Promise<App> {
  const bolt = new App({
    token: 'xoxb-sandbox',
    appToken: 'xapp-sandbox',
    socketMode: true,
    botId: 'B0SHIPGATE',
    botUserId: 'U0SHIPGATE',
    logLevel: webApi.LogLevel.ERROR,
    clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });
  bolt.command('/deploy', async ({ ack, command, client }) => {
    await ack({ text: `Checking ${command.text}` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: 'Approve?',
      blocks: [
        {
          type: 'actions',
          block_id: 'approval',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              text: { type: 'plain_text', text: 'Approve' },
              value: 'ap-1',
            },
          ],
        },
      ],
    });
  });
  bolt.action<BlockAction>('approve', async ({ ack, body }) => {
    await ack();
    seen.push({ event: 'action', detail: body.actions[0] });
  });
  bolt.event('app_mention', async ({ event, context }) => {
    seen.push({ event: 'mention', detail: { text: event.text, retryNum: context.retryNum } });
  });
  await bolt.start();
  return bolt;
}

beforeEach(async () => {
  seen.length = 0;
  standIn = await startStandIn();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await standIn.stop();
});

describe('Socket Mode', () => {
  it('connects a Bolt app through apps.connections.open with the app-level token', async () => {
    app = await startSocketApp();
    expect(standIn.callsTo('apps.connections.open').map((c) => c.ok)).toEqual([true]);
  });

  it('delivers a slash command as an envelope and returns the ack payload', async () => {
    app = await startSocketApp();
    const result = await standIn.command({ user: 'alice', command: '/deploy', text: 'api 1.2.3' });
    expect(result).toMatchObject({ status: 200, ack: { text: 'Checking api 1.2.3' } });
    const posted = await standIn.waitFor(() =>
      standIn.messages('deploys').find((m) => m.text === 'Approve?'),
    );
    await standIn.clickButton({ user: 'bob', channel: 'deploys', ts: posted.ts, actionId: 'approve' });
    await standIn.waitFor(() => seen.some((s) => s.event === 'action'));
    expect(seen.find((s) => s.event === 'action')?.detail).toMatchObject({
      action_id: 'approve',
      value: 'ap-1',
    });
  });

  it('sends events_api envelopes with retry_attempt reaching Bolt as context.retryNum', async () => {
    app = await startSocketApp();
    const { reply } = await standIn.mention({
      user: 'erin',
      channel: 'incidents',
      text: 'status?',
      retryNum: 2,
    });
    expect(reply.status).toBe(200);
    await standIn.waitFor(() => seen.some((s) => s.event === 'mention'));
    expect(seen.find((s) => s.event === 'mention')?.detail).toEqual({
      text: '<@U0SHIPGATE> status?',
      retryNum: 2,
    });
  });

  it('refuses apps.connections.open with the bot token, and bot methods with the app token', async () => {
    expect(await slackError(webClient(standIn).apiCall('apps.connections.open'))).toBe('invalid_auth');
    expect(await slackError(webClient(standIn, 'xapp-sandbox').auth.test())).toBe('not_allowed_token_type');
  });

  it('refuses a WebSocket connection without a valid one-time ticket', async () => {
    const url = (await webClient(standIn, 'xapp-sandbox').apps.connections.open()).url as string;
    const forged = url.replace(/socket-mode\/[^?]+/, 'socket-mode/forged');
    const outcome = await new Promise<string>((resolve) => {
      const ws = new WebSocket(forged);
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    });
    expect(outcome).toBe('refused 401');
  });
});
