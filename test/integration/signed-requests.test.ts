import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shipgate } from '../../src/shipgate.js';
import { AT_LEAST_ONE, metricLine, metricValue } from '../support/metric-line.js';
import { commandBody, postSigned } from '../support/signed-post.js';
import { storeCount } from '../support/store-query.js';
import { startTestShipgate } from '../support/test-shipgate.js';

let shipgate: Shipgate;

beforeAll(async () => {
  shipgate = await startTestShipgate();
});
afterAll(async () => {
  await shipgate.stop();
});

const traces = async () => ({
  events: await shipgate.events.count(),
  inbound: await storeCount(shipgate)`SELECT count(*) AS n FROM inbound_requests`,
  timers: await storeCount(shipgate)`SELECT count(*) AS n FROM timers`,
  signatures: await storeCount(shipgate)`SELECT count(*) AS n FROM slack_request_signatures`,
});

describe('Slack request verification over real HTTP', () => {
  it('handles a validly signed /deploy help and answers with the usage, ephemeral', async () => {
    const res = await postSigned(shipgate.url, commandBody('/deploy', 'help'));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; text: string };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('/deploy &lt;service&gt; &lt;version&gt;');
  });

  it('answers a mistake with what was wrong plus the usage', async () => {
    const res = await postSigned(shipgate.url, commandBody('/incident', 'declare SEV-7 Checkout down'));
    const reply = (await res.json()) as { text: string };
    expect(reply.text).toContain('severity: expected a severity SEV-1, SEV-2, SEV-3 or SEV-4');
    expect(reply.text).toContain('/incident declare &lt;SEV-1..4&gt; &lt;title&gt;');
  });

  const rejected: [string, (body: string) => Promise<Response>][] = [
    ['a wrong signing secret', (body) => postSigned(shipgate.url, body, { secret: 'not-the-secret' })],
    [
      'a timestamp older than 5 minutes',
      (body) => postSigned(shipgate.url, body, { timestampSec: Date.now() / 1000 - 301 }),
    ],
    [
      'a timestamp 301 s in the future',
      (body) => postSigned(shipgate.url, body, { timestampSec: Date.now() / 1000 + 301 }),
    ],
    [
      'a timestamp an hour in the future',
      (body) => postSigned(shipgate.url, body, { timestampSec: Date.now() / 1000 + 3600 }),
    ],
    [
      'a timestamp 30 days in the future',
      (body) => postSigned(shipgate.url, body, { timestampSec: Date.now() / 1000 + 30 * 86_400 }),
    ],
    ['no signature header', (body) => postSigned(shipgate.url, body, { omit: ['signature'] })],
    ['no timestamp header', (body) => postSigned(shipgate.url, body, { omit: ['timestamp'] })],
    [
      'no Slack headers at all',
      (body) => postSigned(shipgate.url, body, { omit: ['signature', 'timestamp'] }),
    ],
  ];

  it.each(rejected)('rejects %s with 401 and leaves no trace in the database', async (_name, send) => {
    const before = await traces();
    const res = await send(commandBody('/deploy', 'checkout 2.5.4'));
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(await traces()).toEqual(before);
  });

  it.each([
    ['4 minutes ahead', 240],
    ['4 minutes behind', -240],
  ])('accepts a timestamp %s of this machine’s clock (clock skew within the window)', async (_name, skew) => {
    const res = await postSigned(shipgate.url, commandBody('/deploy', 'help'), {
      timestampSec: Date.now() / 1000 + skew,
    });
    expect(res.status).toBe(200);
  });

  it('rejects a body altered after signing', async () => {
    const body = commandBody('/deploy', 'help');
    const signed = await postSigned(shipgate.url, body, { headers: {} });
    expect(signed.status).toBe(200);
    const tampered = await fetch(`${shipgate.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=0000000000000000000000000000000000000000000000000000000000000000',
      },
      body: body.replace('help', 'checkout%202.5.4'),
    });
    expect(tampered.status).toBe(401);
  });

  it('acts once on a slash command that Slack retries', async () => {
    const count = async () => {
      const text = await (await fetch(`${shipgate.url}/metrics`)).text();
      return metricValue(text, 'shipgate_commands_total', { command: '/readiness', outcome: 'help' }) ?? 0;
    };
    const body = commandBody('/readiness', 'help', { trigger_id: 'retry.test.1' });
    const sentAt = Math.floor(Date.now() / 1000);
    const first = await postSigned(shipgate.url, body, { timestampSec: sentAt });
    expect(first.status).toBe(200);
    // Slack signs every delivery afresh, so a retry carries a new timestamp and signature.
    const retry = await postSigned(shipgate.url, body, {
      timestampSec: sentAt + 1,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe('');
    expect(await count()).toBe(1);
  });
});

describe('operational endpoints', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${shipgate.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness of the database and the scheduler on /readyz', async () => {
    const res = await fetch(`${shipgate.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.scheduler?.ok).toBe(true);
  });

  it('exposes command counts and the ack latency histogram on /metrics', async () => {
    await postSigned(shipgate.url, commandBody('/rollback', 'help'));
    const text = await (await fetch(`${shipgate.url}/metrics`)).text();
    expect(text).toMatch(
      metricLine('shipgate_commands_total', { command: '/rollback', outcome: 'help' }, AT_LEAST_ONE),
    );
    expect(text).toMatch(
      metricLine('shipgate_ack_latency_seconds_count', { endpoint: 'slack' }, AT_LEAST_ONE),
    );
    expect(text).toMatch(metricLine('shipgate_slack_requests_total', { status: '401' }, AT_LEAST_ONE));
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${shipgate.url}/nope`)).status).toBe(404);
  });
});
