import { replanIncidentClocks } from './incident-clock-timers.js';
import { INCIDENT_SLOTS, type IncidentContext } from './incident-context.js';
import { recordIncident } from './incident-lifecycle.js';

/**
 * Marks the post-incident review done (chapter 6.2: within 48 hours), which stops its reminders. Only the incident
 * commander or an engineering lead may, and only a person; the engineering lead is named for the report's sign-off.
 */
export function completeReview(
  ctx: IncidentContext,
  id: string,
  userId: string,
  kind: 'human' | 'bot' | 'agent',
): string {
  const incident = ctx.incidents.get(id);
  if (!incident) return `${id} does not exist.`;
  if (incident.status !== 'resolved')
    return `${id} is ${incident.status}; the review can be marked done once it is resolved.`;
  const leads = ctx.config.config.roles['engineering-lead'] ?? [];
  if (kind !== 'human' || (userId !== incident.commander && !leads.includes(userId))) {
    return `Only the incident commander (<@${incident.commander}>) or an engineering lead can mark the review done.`;
  }
  recordIncident(
    ctx,
    id,
    'incident.review_completed',
    { id: userId, kind },
    leads.includes(userId) ? { engineeringLead: userId } : {},
    {
      status: 'reviewed',
      reviewedAt: ctx.clock.now(),
    },
  );
  replanIncidentClocks(ctx, id);
  ctx.sync.request(INCIDENT_SLOTS.card, id, ctx.clock.now());
  return `The post-incident review of ${id} is done; its reminders stop.`;
}
