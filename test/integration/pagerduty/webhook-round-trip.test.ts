import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyEvents } from '../../../src/adapters/pagerduty/pagerduty-events.js';
import {
  type PagerDutyWebhookEvent,
  parseWebhookEvent,
  verifyPagerDutySignature,
} from '../../../src/adapters/pagerduty/verify-webhook.js';
import { PagerDutyStandIn, signWebhookBody } from '../../../src/sandbox/pagerduty/index.js';
import { ADA, BOB, ROUTING_KEY } from './pagerduty-fixture.js';

const SECRET = 'whsecStandIn0123';

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly accepted: boolean;
  readonly event?: PagerDutyWebhookEvent;
}

/** A webhook receiver as Shipgate would run one: verify the raw body, then parse; 401 when the signature fails. */
async function startReceiver(deliveries: Delivery[]): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (!verifyPagerDutySignature(SECRET, raw, req.headers['x-pagerduty-signature'])) {
      deliveries.push({ headers: req.headers, accepted: false });
      res.writeHead(401).end();
      return;
    }
    deliveries.push({ headers: req.headers, accepted: true, event: parseWebhookEvent(raw) });
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pagerduty/webhook` };
}

describe('PagerDuty v3 webhooks from the stand-in to a verifying receiver', () => {
  const deliveries: Delivery[] = [];
  let standIn: PagerDutyStandIn;
  let receiver: { server: Server; url: string };

  beforeAll(async () => {
    standIn = await PagerDutyStandIn.start();
    receiver = await startReceiver(deliveries);
    const events = new PagerDutyEvents({ routingKey: ROUTING_KEY, eventsUrl: standIn.url });
    await events.trigger({
      dedupKey: 'INC-2026-0042',
      summary: 'checkout down',
      source: 'checkout',
      severity: 'critical',
    });
  });
  afterAll(async () => {
    await standIn.stop();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  });

  it('delivers a signed incident.acknowledged that verifies and parses back to the dedup key and the agent', async () => {
    const delivery = await standIn.sendWebhook(receiver.url, SECRET, {
      eventType: 'incident.acknowledged',
      dedupKey: 'INC-2026-0042',
      agent: ADA,
      assignees: [ADA],
    });
    expect(delivery.status).toBe(202);
    const received = deliveries.at(-1);
    expect(received?.accepted).toBe(true);
    expect(received?.headers['x-webhook-id']).toBe(delivery.webhookId);
    expect(received?.event).toMatchObject({
      eventType: 'incident.acknowledged',
      resourceType: 'incident',
      dedupKey: 'INC-2026-0042',
      incident: { id: standIn.incident('INC-2026-0042')?.id, status: 'acknowledged', title: 'checkout down' },
      agent: { id: ADA.id, name: ADA.name },
      assignees: [{ id: ADA.id, name: ADA.name }],
    });
    expect(standIn.incident('INC-2026-0042')?.status).toBe('acknowledged');
  });

  it('delivers reassignments and resolutions with the new assignees and status', async () => {
    await standIn.sendWebhook(receiver.url, SECRET, {
      eventType: 'incident.reassigned',
      dedupKey: 'INC-2026-0042',
      agent: ADA,
      assignees: [BOB],
    });
    expect(deliveries.at(-1)?.event?.assignees.map((a) => a.id)).toEqual([BOB.id]);
    await standIn.sendWebhook(receiver.url, SECRET, {
      eventType: 'incident.resolved',
      dedupKey: 'INC-2026-0042',
    });
    expect(deliveries.at(-1)?.event).toMatchObject({ eventType: 'incident.resolved', agent: undefined });
    expect(deliveries.at(-1)?.event?.incident?.status).toBe('resolved');
  });

  it('is accepted while secrets rotate: one of several signatures is enough', async () => {
    const delivery = await standIn.sendWebhook(receiver.url, ['retiredSecret', SECRET], {
      eventType: 'incident.reopened',
      dedupKey: 'INC-2026-0042',
    });
    expect(delivery.signature.split(',')).toHaveLength(2);
    expect(delivery.status).toBe(202);
  });

  it('is refused when signed with another secret', async () => {
    const delivery = await standIn.sendWebhook(receiver.url, 'notOurSecret', {
      eventType: 'incident.acknowledged',
      dedupKey: 'INC-2026-0042',
    });
    expect(delivery.status).toBe(401);
    expect(deliveries.at(-1)?.accepted).toBe(false);
  });

  it('is refused when the body was altered after signing', async () => {
    const original = JSON.stringify({ event: { id: 'e', event_type: 'incident.resolved' } });
    const tampered = original.replace('resolved', 'acknowledged');
    const res = await fetch(receiver.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-PagerDuty-Signature': signWebhookBody(SECRET, original),
      },
      body: tampered,
    });
    expect(res.status).toBe(401);
    expect(deliveries.at(-1)?.accepted).toBe(false);
  });

  it('refuses to report on an incident it does not know', async () => {
    await expect(
      standIn.sendWebhook(receiver.url, SECRET, { eventType: 'incident.resolved', dedupKey: 'nope' }),
    ).rejects.toThrow('no incident for dedup key nope');
  });
});
