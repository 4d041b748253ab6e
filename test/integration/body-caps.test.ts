import { type IncomingMessage, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookBody } from '../../src/sandbox/pagerduty/index.js';
import { signSlackRequest } from '../../src/sandbox/sign-request.js';
import type { Shipgate } from '../../src/shipgate.js';
import { AT_LEAST_ONE, metricLine } from '../support/metric-line.js';
import { commandBody, postSigned } from '../support/signed-post.js';
import { startTestShipgate, TEST_SIGNING_SECRET } from '../support/test-shipgate.js';

const KIB = 1024;
const PAGERDUTY_SECRET = 'whsecBodyCaps0123';
let shipgate: Shipgate;

beforeAll(async () => {
  shipgate = await startTestShipgate({ pagerDutyWebhookSecret: PAGERDUTY_SECRET });
});
afterAll(async () => {
  await shipgate.stop();
});

/** The answer to a raw request, and whether the connection was closed after it. */
interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly connection: string | undefined;
}

/**
 * Sends `first` of a body to `path` with the given headers and resolves with the answer as soon as it comes —
 * without ever sending the rest when `rest` is omitted, so an answer proves the server did not wait for it.
 */
function rawPost(
  path: string,
  headers: Record<string, string | number>,
  first: Buffer,
  rest?: Buffer,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${shipgate.url}${path}`, { method: 'POST', headers });
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(first);
    if (rest) req.end(rest);
  });
}

const slackHeaders = (body: string) => ({
  'content-type': 'application/x-www-form-urlencoded',
  ...signSlackRequest(TEST_SIGNING_SECRET, body, Date.now() / 1000),
});

/** A slash command whose form body is exactly `bytes` long (its text padded). */
function commandOfSize(bytes: number): string {
  const base = commandBody('/deploy', '');
  return base.replace('text=', `text=${'x'.repeat(bytes - base.length)}`);
}

describe('bodies to /slack/events are capped at 256 KiB', () => {
  it('answers 413 to a declared Content-Length over the cap before the body is sent, and closes', async () => {
    const answer = await rawPost(
      '/slack/events',
      { ...slackHeaders('forged'), 'content-length': 300 * KIB },
      Buffer.alloc(16 * KIB, 'x'),
    );
    expect(answer).toEqual({ status: 413, text: 'body larger than 262144 bytes', connection: 'close' });
  });

  it('answers 413 to a validly signed chunked body once it streams past the cap', async () => {
    const body = commandOfSize(300 * KIB);
    const bytes = Buffer.from(body);
    const answer = await rawPost(
      '/slack/events',
      slackHeaders(body),
      bytes.subarray(0, 200 * KIB),
      bytes.subarray(200 * KIB),
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
  });

  it('reads a body without Content-Length only to 16 KiB: a signed chunked 12 KiB command is taken, 20 KiB is not', async () => {
    const small = commandOfSize(12 * KIB);
    const taken = await rawPost('/slack/events', slackHeaders(small), Buffer.from(small), Buffer.alloc(0));
    expect(taken.status).toBe(200);
    const large = Buffer.from(commandOfSize(20 * KIB));
    const refused = await rawPost(
      '/slack/events',
      slackHeaders(large.toString()),
      large.subarray(0, 10 * KIB),
      large.subarray(10 * KIB),
    );
    expect(refused.status).toBe(413);
  });

  it('takes a validly signed command of exactly 256 KiB', async () => {
    const body = commandOfSize(256 * KIB);
    expect(Buffer.byteLength(body)).toBe(256 * KIB);
    const res = await postSigned(shipgate.url, body);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toContain('reads at most 1000');
  });

  it('counts refused bodies under shipgate_slack_requests_total{status="413"}', async () => {
    await rawPost('/slack/events', { ...slackHeaders('x'), 'content-length': 1024 * KIB }, Buffer.alloc(1));
    const metrics = await (await fetch(`${shipgate.url}/metrics`)).text();
    expect(metrics).toMatch(metricLine('shipgate_slack_requests_total', { status: '413' }, AT_LEAST_ONE));
  });

  it('answers Slack’s unsigned ssl_check with 200 and an unsigned command with 401', async () => {
    const check = await fetch(`${shipgate.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=legacy-verification-token',
    });
    expect(check.status).toBe(200);
    expect(await check.text()).toBe('');
    const unsigned = await postSigned(shipgate.url, commandBody('/deploy', 'help'), {
      omit: ['signature', 'timestamp'],
    });
    expect(unsigned.status).toBe(401);
  });
});

describe('unverified bodies being read share a 1 MiB budget', () => {
  it('answers 503 with Retry-After once bodies that never finish hold 1 MiB, and takes requests again after', async () => {
    const pending: ReturnType<typeof request>[] = [];
    const refused = new Promise<{ status: number; retryAfter: string | undefined }>((resolve) => {
      for (let i = 0; i < 9; i++) {
        const body = commandOfSize(250 * KIB);
        const req = request(`${shipgate.url}/slack/events`, {
          method: 'POST',
          headers: { ...slackHeaders(body), 'content-length': Buffer.byteLength(body) },
        });
        req.on('response', (res) =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }),
        );
        req.on('error', () => undefined);
        req.write(Buffer.from(body).subarray(0, 240 * KIB));
        pending.push(req);
      }
    });
    expect(await refused).toEqual({ status: 503, retryAfter: '1' });
    for (const req of pending) req.destroy();
    await expect
      .poll(async () => (await postSigned(shipgate.url, commandBody('/deploy', 'help'))).status)
      .toBe(200);
    const metrics = await (await fetch(`${shipgate.url}/metrics`)).text();
    expect(metrics).toMatch(metricLine('shipgate_slack_requests_total', { status: '503' }, AT_LEAST_ONE));
  });
});

describe('bodies to /pagerduty/webhook are capped at 1 MiB', () => {
  it('answers 413 to a declared Content-Length over the cap before the body is sent, and closes', async () => {
    const answer = await rawPost(
      '/pagerduty/webhook',
      { 'content-type': 'application/json', 'x-pagerduty-signature': 'v1=00', 'content-length': 2048 * KIB },
      Buffer.alloc(16 * KIB, 'x'),
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
  });

  it('reads a validly signed body under the cap (600 KiB) and judges what it says', async () => {
    const body = JSON.stringify({ event: { id: 'x' }, padding: 'x'.repeat(600 * KIB) });
    const res = await fetch(`${shipgate.url}/pagerduty/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-pagerduty-signature': signWebhookBody(PAGERDUTY_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(400);
  });
});
