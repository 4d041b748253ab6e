import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyError } from '../../../src/adapters/pagerduty/pagerduty-error.js';
import { PagerDutyEvents } from '../../../src/adapters/pagerduty/pagerduty-events.js';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/index.js';
import { ROUTING_KEY, rejection } from './pagerduty-fixture.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

describe('PagerDutyEvents against the stand-in', () => {
  let standIn: PagerDutyStandIn;
  let events: PagerDutyEvents;

  beforeAll(async () => {
    standIn = await PagerDutyStandIn.start();
    events = new PagerDutyEvents({ routingKey: ROUTING_KEY, eventsUrl: standIn.url, now: () => NOW });
  });
  afterAll(() => standIn.stop());
  beforeEach(() => standIn.clearFaults());

  it('triggers, acknowledges and resolves an incident by dedup key', async () => {
    const accepted = await events.trigger({
      dedupKey: 'shipgate-deploy-17',
      summary: 'Rollback of checkout-api 2.4.0 in production',
      source: 'checkout-api (production)',
      severity: 'error',
    });
    expect(accepted).toEqual({ dedupKey: 'shipgate-deploy-17', message: 'Event processed' });
    expect(standIn.incident('shipgate-deploy-17')?.status).toBe('triggered');
    await events.acknowledge('shipgate-deploy-17');
    expect(standIn.incident('shipgate-deploy-17')?.status).toBe('acknowledged');
    await events.resolve('shipgate-deploy-17');
    expect(standIn.incident('shipgate-deploy-17')?.status).toBe('resolved');
  });

  it('sends the routing key, payload fields, custom details and links in the Events API v2 shape', async () => {
    await events.trigger({
      dedupKey: 'inc-2026-0007',
      summary: 'SEV-1 INC-2026-0007 checkout down',
      source: 'checkout-api',
      severity: 'critical',
      component: 'payments',
      customDetails: { error_rate: '14%', baseline: '0.4%' },
      links: [{ href: 'https://slack.example.com/archives/C0INC', text: 'Incident channel' }],
      timestamp: new Date(NOW),
    });
    expect(standIn.events.at(-1)?.body).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'inc-2026-0007',
      payload: {
        summary: 'SEV-1 INC-2026-0007 checkout down',
        source: 'checkout-api',
        severity: 'critical',
        timestamp: '2026-03-02T12:00:00.000Z',
        component: 'payments',
        custom_details: { error_rate: '14%', baseline: '0.4%' },
      },
      links: [{ href: 'https://slack.example.com/archives/C0INC', text: 'Incident channel' }],
    });
  });

  it('cuts a summary longer than PagerDuty’s 1024 characters instead of being refused', async () => {
    await events.trigger({ dedupKey: 'long', summary: 'y'.repeat(3000), source: 's', severity: 'info' });
    expect(standIn.incident('long')?.summary).toHaveLength(1024);
  });

  it('throws a retryable error carrying Retry-After on 429', async () => {
    standIn.fail('/v2/enqueue', { status: 429, retryAfter: 12, times: 1 });
    const err = await rejection(events.acknowledge('shipgate-deploy-17'));
    expect(err).toBeInstanceOf(PagerDutyError);
    expect(err).toMatchObject({ api: 'events', status: 429, retryAfterMs: 12_000, retryable: true });
    expect((err as Error).message).toBe(
      'PagerDuty acknowledge of shipgate-deploy-17 answered HTTP 429: Too Many Requests',
    );
  });

  it('throws a retryable error on 5xx that leaves the wait to the backoff unless Retry-After is sent', async () => {
    standIn.fail('/v2/enqueue', { status: 502, times: 1 });
    expect(await rejection(events.resolve('x'))).toMatchObject({
      status: 502,
      retryable: true,
      retryAfterMs: undefined,
    });
    standIn.fail('/v2/enqueue', { status: 503, retryAfter: 20, times: 1 });
    expect(await rejection(events.resolve('x'))).toMatchObject({
      status: 503,
      retryable: true,
      retryAfterMs: 20_000,
    });
  });

  it('throws a retryable error with a minute’s wait on a 429 without Retry-After', async () => {
    standIn.fail('/v2/enqueue', { status: 429, times: 1 });
    expect(await rejection(events.resolve('x'))).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it('throws a non-retryable error with PagerDuty’s reasons on 400', async () => {
    const bad = new PagerDutyEvents({ routingKey: 'short', eventsUrl: standIn.url });
    const err = await rejection(bad.resolve('x'));
    expect(err).toMatchObject({ status: 400, retryable: false, retryAfterMs: undefined });
    expect((err as PagerDutyError).details).toContain(
      "Length of 'routing_key' is incorrect (should be 32 characters)",
    );
  });

  it('throws a retryable error when PagerDuty cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new PagerDutyEvents({
      routingKey: ROUTING_KEY,
      eventsUrl: `http://127.0.0.1:${port}`,
    });
    const err = await rejection(
      unreachable.trigger({ dedupKey: 'n', summary: 's', source: 's', severity: 'info' }),
    );
    expect(err).toMatchObject({ status: undefined, retryable: true, retryAfterMs: undefined });
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('throws without sending when no routing key is configured', async () => {
    const before = standIn.requests.length;
    const unconfigured = new PagerDutyEvents({ routingKey: undefined, eventsUrl: standIn.url });
    expect(String(await rejection(unconfigured.resolve('x')))).toContain('no Events API routing key');
    expect(standIn.requests.length).toBe(before);
  });
});
