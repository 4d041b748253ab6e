import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/index.js';
import { enqueue, ROUTING_KEY } from './pagerduty-fixture.js';

const trigger = (dedupKey: string | undefined, payload: Record<string, unknown> = {}) => ({
  routing_key: ROUTING_KEY,
  event_action: 'trigger',
  ...(dedupKey === undefined ? {} : { dedup_key: dedupKey }),
  payload: {
    summary: 'checkout-api error rate 14%',
    source: 'checkout-api',
    severity: 'critical',
    ...payload,
  },
});

describe('PagerDuty stand-in Events API v2', () => {
  let standIn: PagerDutyStandIn;

  beforeAll(async () => {
    standIn = await PagerDutyStandIn.start();
  });
  afterAll(() => standIn.stop());

  it('refuses an acknowledge without dedup_key with 400 invalid event', async () => {
    const res = await enqueue(standIn.url, { routing_key: ROUTING_KEY, event_action: 'acknowledge' });
    expect(res).toEqual({
      status: 400,
      body: {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["'dedup_key' is required for acknowledge events"],
      },
    });
  });

  it('refuses a routing key that is not 32 alphanumeric characters, in PagerDuty’s words', async () => {
    const res = await enqueue(standIn.url, { ...trigger('k-rk'), routing_key: 'e+23rschqsESqk9Q6_-g' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      "Length of 'routing_key' is incorrect (should be 32 characters)",
      "'routing_key' cannot contain non-alphanumeric characters.",
    ]);
  });

  it('refuses a trigger without summary, source or a severity from the spec’s enum', async () => {
    const res = await enqueue(standIn.url, {
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'k-missing',
      payload: { severity: 'sev1' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      "'payload.summary' is missing or blank",
      "'payload.source' is missing or blank",
      "'payload.severity' must be one of critical, warning, error, info (got 'sev1')",
    ]);
  });

  it('refuses an unknown event_action, a summary over 1024 characters and a link without href', async () => {
    expect((await enqueue(standIn.url, { ...trigger('k1'), event_action: 'escalate' })).status).toBe(400);
    const long = await enqueue(standIn.url, trigger('k2', { summary: 'x'.repeat(1025) }));
    expect(long.body.errors).toEqual(["'payload.summary' is longer than 1024 characters"]);
    const link = await enqueue(standIn.url, { ...trigger('k3'), links: [{ text: 'runbook' }] });
    expect(link.body.errors).toEqual(["'links[0].href' is missing or blank"]);
    expect(standIn.incident('k1') ?? standIn.incident('k2') ?? standIn.incident('k3')).toBeUndefined();
  });

  it('answers a body that is not JSON with the spec’s Unrecognized object error', async () => {
    const res = await enqueue(standIn.url, '{"routing_key":');
    expect(res).toEqual({
      status: 400,
      body: {
        status: 'Unrecognized object',
        message: 'Event object format is unrecognized',
        errors: ['JSON parse error'],
      },
    });
  });

  it('opens an incident on trigger, acknowledges and resolves it by dedup_key', async () => {
    const opened = await enqueue(standIn.url, trigger('deploy-42'));
    expect(opened).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'deploy-42' },
    });
    expect(standIn.incident('deploy-42')).toMatchObject({ status: 'triggered', severity: 'critical' });
    await enqueue(standIn.url, {
      routing_key: ROUTING_KEY,
      event_action: 'acknowledge',
      dedup_key: 'deploy-42',
    });
    expect(standIn.incident('deploy-42')?.status).toBe('acknowledged');
    await enqueue(standIn.url, { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'deploy-42' });
    expect(standIn.incident('deploy-42')?.log.map((l) => l.action)).toEqual([
      'trigger',
      'acknowledge',
      'resolve',
    ]);
    expect(standIn.events.filter((e) => e.dedupKey === 'deploy-42').map((e) => e.outcome)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
    ]);
  });

  it('adds a repeated trigger to the open incident and opens a new one after it is resolved', async () => {
    await enqueue(standIn.url, trigger('flap'));
    await enqueue(standIn.url, trigger('flap'));
    const first = standIn.incident('flap');
    expect(first?.log).toHaveLength(2);
    await enqueue(standIn.url, { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'flap' });
    await enqueue(standIn.url, trigger('flap'));
    expect(standIn.incident('flap')?.id).not.toBe(first?.id);
    expect(standIn.incident('flap')?.status).toBe('triggered');
  });

  it('accepts but drops an acknowledge for an unknown dedup_key, as PagerDuty does', async () => {
    const res = await enqueue(standIn.url, {
      routing_key: ROUTING_KEY,
      event_action: 'acknowledge',
      dedup_key: 'ghost',
    });
    expect(res.status).toBe(202);
    expect(standIn.incident('ghost')).toBeUndefined();
    expect(standIn.events.at(-1)).toMatchObject({ dedupKey: 'ghost', outcome: 'dropped' });
  });

  it('generates and returns a dedup_key for a trigger without one', async () => {
    const res = await enqueue(standIn.url, trigger(undefined));
    expect(res.status).toBe(202);
    const key = String(res.body.dedup_key);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(standIn.incident(key)?.status).toBe('triggered');
  });

  it('answers injected failures on /v2/enqueue in the Events API’s body shape', async () => {
    standIn.fail('/v2/enqueue', { status: 503, times: 1 });
    const res = await enqueue(standIn.url, trigger('k-503'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', errors: [] });
    expect(standIn.incident('k-503')).toBeUndefined();
    expect((await enqueue(standIn.url, trigger('k-503'))).status).toBe(202);
  });
});
