/** The loopback PagerDuty stand-in (REST on-calls and users, Events API v2, signed v3 webhooks) and its types. */
export type { EventOutcome, IncidentStatus, ReceivedEvent, StandInIncident } from './alert-incidents.js';
export type { FailureSpec } from './fault-plan.js';
export type { IncidentDataEventType, IncidentWebhookInput } from './incident-webhooks.js';
export { DEFAULT_ESCALATION_POLICY_ID, type OnCallAssignment, type StandInUser } from './on-call-roster.js';
export {
  DEFAULT_STAND_IN_TOKEN,
  PagerDutyStandIn,
  type PagerDutyStandInOptions,
  type RecordedRequest,
} from './pagerduty-stand-in.js';
export {
  type IncidentWebhookEventType,
  postWebhook,
  signWebhookBody,
  type WebhookDelivery,
  type WebhookEventObject,
  webhookEnvelope,
} from './webhook-sender.js';
