import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { slackError, startStandIn, webClient } from './stand-in-fixture.js';

let standIn: SlackStandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(async () => {
  await standIn.stop();
});

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${standIn.url}${path}`, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('Web API router', () => {
  it('answers unknown_method for a method with no spec or implementation', async () => {
    expect(
      await slackError(webClient(standIn).apiCall('chat.scheduleMessage', { channel: 'C0DEPLOYS' })),
    ).toBe('unknown_method');
  });

  it('answers not_authed without a token and invalid_auth for a wrong one', async () => {
    expect(await slackError(webClient(standIn, null).auth.test())).toBe('not_authed');
    expect(await slackError(webClient(standIn, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
  });

  it('accepts the token as a form field, as Bolt sends it on auth.test', async () => {
    const res = await post('/api/auth.test', 'token=xoxb-sandbox', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.json).toMatchObject({
      ok: true,
      user_id: 'U0SHIPGATE',
      bot_id: 'B0SHIPGATE',
      team_id: 'T0SANDBOX',
    });
  });

  it('takes JSON bodies with objects as values, but only with a Bearer token', async () => {
    const body = JSON.stringify({ channel: 'C0DEPLOYS', blocks: [{ type: 'divider' }], text: 'json' });
    const ok = await post('/api/chat.postMessage', body, {
      'Content-Type': 'application/json; charset=utf-8',
      Authorization: 'Bearer xoxb-sandbox',
    });
    expect(ok.json).toMatchObject({ ok: true, message: { text: 'json', blocks: [{ type: 'divider' }] } });
    const bodyToken = await post(
      '/api/chat.postMessage',
      JSON.stringify({ token: 'xoxb-sandbox', channel: 'x' }),
      {
        'Content-Type': 'application/json',
      },
    );
    expect(bodyToken.json).toMatchObject({ ok: false, error: 'not_authed' });
    const broken = await post('/api/auth.test', '{nope', {
      'Content-Type': 'application/json',
      Authorization: 'Bearer xoxb-sandbox',
    });
    expect(broken.json).toMatchObject({ ok: false, error: 'invalid_json' });
  });

  it('serves GET with query arguments too', async () => {
    const res = await fetch(`${standIn.url}/api/users.info?user=U0CAROL`, {
      headers: { Authorization: 'Bearer xoxb-sandbox' },
    });
    expect(await res.json()).toMatchObject({ ok: true, user: { id: 'U0CAROL', name: 'carol' } });
  });

  it("answers a missing required argument with the spec's error for it, else missing_argument", async () => {
    const client = webClient(standIn);
    expect(await slackError(client.apiCall('conversations.create', {}))).toBe('invalid_name_required');
    expect(await slackError(client.apiCall('chat.postMessage', { text: 'hi' }))).toBe('channel_not_found');
    expect(await slackError(client.apiCall('conversations.invite', { channel: 'C0DEPLOYS' }))).toBe(
      'no_user',
    );
    expect(await slackError(client.apiCall('conversations.setTopic', { channel: 'C0DEPLOYS' }))).toBe(
      'missing_argument',
    );
    expect(await slackError(client.apiCall('views.open', { trigger_id: '1.2.3' }))).toBe('missing_argument');
  });

  it("refuses arguments longer than the spec's maxLength with invalid_arguments and Slack's explanation", async () => {
    const res = await post(
      '/api/bookmarks.add',
      `channel_id=C0DEPLOYS&type=link&link=https://x.io&title=${'t'.repeat(257)}`,
      {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: 'Bearer xoxb-sandbox',
      },
    );
    expect(res.json).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 257 characters [json-pointer:/title]'] },
    });
  });

  it('records every call with its arguments (token removed), outcome and error', async () => {
    const client = webClient(standIn);
    await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'one' });
    await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'two' }));
    expect(standIn.callsTo('chat.postMessage').map((c) => [c.args.text, c.ok, c.error])).toEqual([
      ['one', true, undefined],
      ['two', false, 'channel_not_found'],
    ]);
    expect(standIn.calls.every((c) => !('token' in c.args))).toBe(true);
  });
});

describe('fault injection', () => {
  it('answers an injected error for the given number of calls, then behaves again', async () => {
    const client = webClient(standIn);
    standIn.failMethod('conversations.create', { error: 'name_taken' }, { times: 1 });
    expect(await slackError(client.conversations.create({ name: 'inc-1' }))).toBe('name_taken');
    expect((await client.conversations.create({ name: 'inc-1' })).ok).toBe(true);
  });

  it('rate-limits with HTTP 429 and Retry-After, which a WebClient with rejectRateLimitedCalls surfaces', async () => {
    standIn.failMethod('chat.postMessage', { status: 429, retryAfter: 7 }, { times: 1 });
    const err = await webClient(standIn)
      .chat.postMessage({ channel: 'C0DEPLOYS', text: 'hi' })
      .catch((e: unknown) => e as { code?: string; retryAfter?: number });
    expect(err).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    standIn.failMethod('chat.postMessage', { status: 429, retryAfter: 3 }, { times: 1 });
    const raw = await post('/api/chat.postMessage', 'channel=C0DEPLOYS&text=x', {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'Bearer xoxb-sandbox',
    });
    expect([raw.status, raw.headers.get('retry-after'), raw.json]).toEqual([
      429,
      '3',
      { ok: false, error: 'ratelimited' },
    ]);
    expect(standIn.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429]);
    expect(standIn.messages('deploys')).toHaveLength(0);
  });

  it('answers HTTP 500 as an HTTP error, not a platform error', async () => {
    standIn.failMethod('users.info', { status: 500 });
    const err = await webClient(standIn)
      .users.info({ user: 'U0BOB' })
      .catch((e: unknown) => e as { code?: string; statusCode?: number });
    expect(err).toMatchObject({ code: 'slack_webapi_http_error', statusCode: 500 });
    standIn.clearFaults();
    expect((await webClient(standIn).users.info({ user: 'U0BOB' })).ok).toBe(true);
  });

  it('slows a method down by delayMs and then answers normally', async () => {
    standIn.failMethod('auth.test', { delayMs: 200 }, { times: 1 });
    const started = performance.now();
    const res = await webClient(standIn).auth.test();
    expect(res.ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('refuses to inject an error the method cannot return, or a method it does not serve', () => {
    expect(() => standIn.failMethod('pins.add', { error: 'name_taken' })).toThrow(/not in its spec/);
    expect(() => standIn.failMethod('chat.scheduleMessage', { status: 500 })).toThrow(/does not serve/);
  });
});
