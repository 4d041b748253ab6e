import type { AlertIncidents, IncidentStatus, StandInIncident } from './alert-incidents.js';
import { DEFAULT_ESCALATION_POLICY_ID, type StandInUser } from './on-call-roster.js';
import { reference } from './rest-objects.js';
import type { IncidentWebhookEventType, WebhookEventObject } from './webhook-sender.js';
import { webhookEnvelope } from './webhook-sender.js';

/** Incident event types whose `event.data` is an `incident` object (developer-docs 01-Overview.md). */
export type IncidentDataEventType = Exclude<
  IncidentWebhookEventType,
  | 'incident.annotated'
  | 'incident.responder.added'
  | 'incident.responder.replied'
  | 'incident.status_update_published'
>;

/** What `sendWebhook` reports: which incident (by dedup key or id), what happened and who did it. */
export interface IncidentWebhookInput {
  readonly eventType: IncidentDataEventType;
  /** The `dedup_key` of an incident opened through the Events API (becomes `incident_key`). */
  readonly dedupKey?: string;
  /** Or the incident's PagerDuty id. */
  readonly incidentId?: string;
  /** The user who acted (`agent`, a user_reference); `null`/omitted when PagerDuty itself acted. */
  readonly agent?: StandInUser | null;
  readonly assignees?: readonly StandInUser[];
  readonly occurredAt?: Date;
  /** The event id (default: a random UUID). */
  readonly id?: string;
}

const STATUS_AFTER: Partial<Record<IncidentDataEventType, IncidentStatus>> = {
  'incident.acknowledged': 'acknowledged',
  'incident.unacknowledged': 'triggered',
  'incident.reopened': 'triggered',
  'incident.resolved': 'resolved',
};

function incidentData(incident: StandInIncident, assignees: readonly StandInUser[]) {
  return {
    id: incident.id,
    type: 'incident',
    self: `https://api.pagerduty.com/incidents/${incident.id}`,
    html_url: `https://subdomain.pagerduty.com/incidents/${incident.id}`,
    number: incident.number,
    status: incident.status,
    incident_key: incident.dedupKey,
    created_at: incident.createdAt.toISOString(),
    title: incident.summary,
    service: {
      id: 'PSTANDINSVC',
      type: 'service_reference',
      summary: incident.source,
      self: 'https://api.pagerduty.com/services/PSTANDINSVC',
      html_url: 'https://subdomain.pagerduty.com/services/PSTANDINSVC',
    },
    assignees: assignees.map((u) => reference('user', u.id, u.name)),
    escalation_policy: reference('escalation_policy', DEFAULT_ESCALATION_POLICY_ID, 'Default'),
    teams: [],
    priority: null,
    urgency: 'high',
    conference_bridge: null,
    resolve_reason: null,
  };
}

/**
 * Builds the v3 webhook for a change made "in PagerDuty" to an incident the stand-in knows, and applies the change
 * to the incident's state first (an acknowledge in the PagerDuty app makes the incident acknowledged), so that
 * `event.data.status` is the status after the event, as PagerDuty sends it.
 */
export function incidentWebhook(
  incidents: AlertIncidents,
  input: IncidentWebhookInput,
): { event: WebhookEventObject } {
  const incident =
    (input.dedupKey !== undefined ? incidents.byDedupKey(input.dedupKey) : undefined) ??
    (input.incidentId !== undefined ? incidents.byId(input.incidentId) : undefined);
  if (!incident) {
    throw new Error(`no incident for dedup key ${input.dedupKey ?? '-'} / id ${input.incidentId ?? '-'}`);
  }
  const occurredAt = input.occurredAt ?? new Date();
  const status = STATUS_AFTER[input.eventType];
  if (status) incidents.setStatus(incident, status, input.eventType, occurredAt);
  const agent = input.agent ? reference('user', input.agent.id, input.agent.name) : null;
  return webhookEnvelope({
    ...(input.id !== undefined ? { id: input.id } : {}),
    event_type: input.eventType,
    resource_type: 'incident',
    occurred_at: occurredAt.toISOString(),
    agent,
    client: null,
    data: incidentData(incident, input.assignees ?? []),
  });
}
