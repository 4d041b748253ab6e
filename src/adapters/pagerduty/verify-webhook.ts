import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Checks a v3 webhook's `X-PagerDuty-Signature` header against the raw request body, per PagerDuty/developer-docs
 * `docs/webhooks/04-Signatures.md`: the header holds one or more comma-separated signatures (several during a
 * secret rotation); keep those of version `v1`, compute the hex HMAC-SHA256 of the unaltered body with the
 * secret, and accept when at least one matches, compared in constant time. Pass the raw bytes as received: any
 * re-serialised JSON will not match. Several secrets may be given while Shipgate's own secret is rotated.
 */
export function verifyPagerDutySignature(
  secret: string | readonly string[],
  rawBody: string | Buffer,
  header: string | readonly string[] | undefined,
): boolean {
  if (header === undefined) return false;
  const secrets = (typeof secret === 'string' ? [secret] : secret).filter((s) => s !== '');
  const presented = (typeof header === 'string' ? header : header.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => Buffer.from(s.slice(3), 'utf8'));
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  let ok = false;
  for (const key of secrets) {
    const expected = Buffer.from(createHmac('sha256', key).update(body).digest('hex'), 'utf8');
    for (const candidate of presented) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) ok = true;
    }
  }
  return ok;
}

/** A person in a webhook: the `agent` who acted, or an assignee. */
export interface WebhookPerson {
  readonly id: string;
  readonly name: string | undefined;
  /** PagerDuty's user references carry no email; look it up with `PagerDutyOnCall.person(id)`. */
  readonly email: string | undefined;
}

/** The incident a webhook is about. */
export interface WebhookIncident {
  readonly id: string;
  readonly number: number | undefined;
  readonly title: string | undefined;
  readonly status: string | undefined;
  readonly htmlUrl: string | undefined;
}

/** A v3 webhook event, reduced to what Shipgate acts on. */
export interface PagerDutyWebhookEvent {
  readonly id: string;
  /** e.g. `incident.acknowledged`, `incident.resolved`, `incident.reassigned`. */
  readonly eventType: string;
  readonly resourceType: string;
  readonly occurredAt: Date;
  readonly incident: WebhookIncident | undefined;
  /** The incident's `incident_key`: the Events API `dedup_key` Shipgate triggered it with, when it did. */
  readonly dedupKey: string | undefined;
  /** Who acted; undefined when PagerDuty itself did (`agent: null`). */
  readonly agent: WebhookPerson | undefined;
  readonly assignees: readonly WebhookPerson[];
}

/** A webhook body that is not a PagerDuty v3 event. */
export class InvalidWebhookError extends Error {
  override readonly name = 'InvalidWebhookError';
}

const personSchema = z.object({
  id: z.string(),
  summary: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});
const envelopeSchema = z.object({
  event: z.object({
    id: z.string(),
    event_type: z.string(),
    resource_type: z.string(),
    occurred_at: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date-time'),
    agent: personSchema.nullable().optional(),
    data: z.record(z.string(), z.unknown()),
  }),
});
const incidentSchema = z.object({
  id: z.string(),
  type: z.literal('incident'),
  number: z.number().optional(),
  title: z.string().optional(),
  status: z.string().optional(),
  html_url: z.string().optional(),
  incident_key: z.string().nullable().optional(),
  assignees: z.array(personSchema).optional(),
});
const incidentRefSchema = z.object({
  incident: z.object({ id: z.string(), summary: z.string().optional(), html_url: z.string().optional() }),
});

function person(p: z.infer<typeof personSchema>): WebhookPerson {
  return { id: p.id, name: p.name ?? p.summary, email: p.email };
}

/**
 * Parses a v3 webhook body (`{ "event": { id, event_type, resource_type, occurred_at, agent, data } }`,
 * developer-docs `docs/webhooks/01-Overview.md`). `data` is an incident for most incident events, or holds an
 * `incident` reference (notes, responders, status updates). Throws `InvalidWebhookError` on anything else.
 * Verify the signature first.
 */
export function parseWebhookEvent(rawBody: string | Buffer): PagerDutyWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw new InvalidWebhookError('PagerDuty webhook body is not JSON');
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new InvalidWebhookError(`PagerDuty webhook body is not a v3 event: ${where}`);
  }
  const { event } = parsed.data;
  const incident = incidentSchema.safeParse(event.data);
  const reference = incidentRefSchema.safeParse(event.data);
  let found: WebhookIncident | undefined;
  if (incident.success) {
    const i = incident.data;
    found = { id: i.id, number: i.number, title: i.title, status: i.status, htmlUrl: i.html_url };
  } else if (reference.success) {
    const r = reference.data.incident;
    found = { id: r.id, number: undefined, title: r.summary, status: undefined, htmlUrl: r.html_url };
  }
  return {
    id: event.id,
    eventType: event.event_type,
    resourceType: event.resource_type,
    occurredAt: new Date(event.occurred_at),
    incident: found,
    dedupKey: incident.success ? (incident.data.incident_key ?? undefined) : undefined,
    agent: event.agent ? person(event.agent) : undefined,
    assignees: incident.success ? (incident.data.assignees ?? []).map(person) : [],
  };
}
