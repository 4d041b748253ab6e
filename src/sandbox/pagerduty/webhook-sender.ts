import { createHmac, randomUUID } from 'node:crypto';

/**
 * The v3 outbound event types of incidents (PagerDuty/developer-docs `docs/webhooks/01-Overview.md`, "Event Types").
 */
export type IncidentWebhookEventType =
  | 'incident.acknowledged'
  | 'incident.annotated'
  | 'incident.delegated'
  | 'incident.escalated'
  | 'incident.priority_updated'
  | 'incident.reassigned'
  | 'incident.reopened'
  | 'incident.resolved'
  | 'incident.responder.added'
  | 'incident.responder.replied'
  | 'incident.status_update_published'
  | 'incident.triggered'
  | 'incident.unacknowledged';

/** The `event` object of a v3 webhook payload (developer-docs 01-Overview.md, "Webhook Payload"). */
export interface WebhookEventObject {
  readonly id: string;
  readonly event_type: string;
  readonly resource_type: string;
  readonly occurred_at: string;
  readonly agent: Readonly<Record<string, unknown>> | null;
  readonly client: Readonly<Record<string, unknown>> | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What a webhook delivery got back, plus what was sent (for assertions). */
export interface WebhookDelivery {
  readonly status: number;
  readonly responseBody: string;
  readonly rawBody: string;
  readonly signature: string;
  readonly webhookId: string;
}

/**
 * The `X-PagerDuty-Signature` value for a raw body: one `v1=<hex HMAC-SHA256 of the body>` per secret, joined by
 * commas (several during a secret rotation). Scheme from PagerDuty/developer-docs `docs/webhooks/04-Signatures.md`:
 * "computed as an HMAC of the payload body using a SHA-256 hash function. This is performed for each signing
 * secret and the results are concatenated using comma separation".
 */
export function signWebhookBody(secrets: string | readonly string[], rawBody: string): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return list.map((s) => `v1=${createHmac('sha256', s).update(rawBody, 'utf8').digest('hex')}`).join(',');
}

/** Wraps an event in the v3 envelope `{ "event": { … } }`, filling id and occurred_at when missing. */
export function webhookEnvelope(
  event: Omit<WebhookEventObject, 'id' | 'occurred_at' | 'client'> &
    Partial<Pick<WebhookEventObject, 'id' | 'occurred_at' | 'client'>>,
): { event: WebhookEventObject } {
  return {
    event: {
      id: event.id ?? randomUUID(),
      event_type: event.event_type,
      resource_type: event.resource_type,
      occurred_at: event.occurred_at ?? new Date().toISOString(),
      agent: event.agent,
      client: event.client ?? null,
      data: event.data,
    },
  };
}

/**
 * POSTs a v3 webhook as PagerDuty delivers it: JSON body `{ "event": … }`, `X-PagerDuty-Signature`, a unique
 * `X-Webhook-Id` (developer-docs `02-Behavior.md`, "At-Least-Once Delivery") and `Content-Type: application/json`.
 * Resends with the same `webhookId` to imitate a redelivery.
 */
export async function postWebhook(
  url: string,
  secrets: string | readonly string[],
  envelope: { event: WebhookEventObject },
  options: { readonly webhookId?: string; readonly signal?: AbortSignal } = {},
): Promise<WebhookDelivery> {
  const rawBody = JSON.stringify(envelope);
  const signature = signWebhookBody(secrets, rawBody);
  const webhookId = options.webhookId ?? randomUUID();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'PagerDuty-Webhook/V3.0',
      'X-PagerDuty-Signature': signature,
      'X-Webhook-Id': webhookId,
      'X-Webhook-Subscription': 'PSTANDIN',
    },
    body: rawBody,
    signal: options.signal ?? AbortSignal.timeout(5000),
  });
  return { status: response.status, responseBody: await response.text(), rawBody, signature, webhookId };
}
