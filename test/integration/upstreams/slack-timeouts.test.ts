import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UpstreamErrorReason } from '../../../src/core/upstream-error.js';
import { createLogger } from '../../../src/logger.js';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { createSlackApp } from '../../../src/slack/create-slack-app.js';

let standIn: SlackStandIn;
let seen: Array<[string, UpstreamErrorReason]>;
const post = () =>
  createSlackApp(
    {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: 'secret',
      apiUrl: standIn.apiUrl,
      retries: 0,
      timeoutMs: 300,
      onUpstreamError: (upstream, reason) => seen.push([upstream, reason]),
    },
    createLogger({ level: 'silent' }),
  ).app.client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'hello' });

beforeAll(async () => {
  standIn = await SlackStandIn.start({ seed: true });
});
afterAll(() => standIn.stop());
beforeEach(() => {
  standIn.clearFaults();
  seen = [];
});

describe('the Slack Web API client', () => {
  it('gives up a call Slack does not answer after the configured timeout, and counts a timeout', async () => {
    standIn.failMethod('chat.postMessage', { delayMs: 5000 }, { times: 1 });
    const started = performance.now();
    await expect(post()).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(seen).toEqual([['slack', 'timeout']]);
    expect(standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  it('counts a 5xx and a 429 as upstream trouble, an answered error as none', async () => {
    standIn.failMethod('chat.postMessage', { status: 500 }, { times: 1 });
    await expect(post()).rejects.toThrow();
    standIn.failMethod('chat.postMessage', { status: 429, retryAfter: 1 }, { times: 1 });
    await expect(post()).rejects.toThrow();
    standIn.failMethod('chat.postMessage', { error: 'channel_not_found' }, { times: 1 });
    await expect(post()).rejects.toThrow(/channel_not_found/);
    await expect(post()).resolves.toMatchObject({ ok: true });
    expect(seen).toEqual([
      ['slack', '5xx'],
      ['slack', '429'],
    ]);
  });
});
