import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import { SlackStandIn, type SlackStandInOptions } from '../../../src/sandbox/slack-stand-in.js';

/** Signing secret shared by the tiny Bolt apps in these tests. */
export const SECRET = 'stand-in-test-secret';

/** A seeded stand-in on 127.0.0.1:0. */
export function startStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  return SlackStandIn.start({ seed: true, ...options });
}

/** A WebClient pointed at the stand-in, failing fast (no retries, 429 rejected); `null` sends no token. */
export function webClient(standIn: SlackStandIn, token: string | null = 'xoxb-sandbox'): webApi.WebClient {
  return new webApi.WebClient(token ?? undefined, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** The `data.error` of a rejected Web API call (throws if the call succeeded). */
export async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    const data = (err as { data?: { error?: string } }).data;
    if (data?.error) return data.error;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** A tiny Bolt app talking to the stand-in; `configure` registers its listeners. Returns it started and connected. */
export async function startBoltApp(standIn: SlackStandIn, configure: (app: App) => void): Promise<App> {
  const app = new App({
    token: 'xoxb-sandbox',
    signingSecret: SECRET,
    botId: 'B0SHIPGATE',
    botUserId: 'U0SHIPGATE',
    logLevel: webApi.LogLevel.ERROR,
    clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });
  configure(app);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
  standIn.connectBot({
    url: `http://127.0.0.1:${server.address().port}/slack/events`,
    signingSecret: SECRET,
  });
  return app;
}
