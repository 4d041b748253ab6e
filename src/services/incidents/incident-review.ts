import type { ActorKind } from '../../core/actor.js';
import { mention, type RichText, rich } from '../../core/text/rich-text.js';
import { admitActor } from '../oversight/admit.js';
import type { Runtime } from '../runtime.js';
import { replanIncidentClocks } from './incident-clock-timers.js';
import { recordIncident } from './incident-lifecycle.js';

/**
 * Marks the post-incident review done (chapter 6.2: within 48 hours), which stops its reminders. Only the incident
 * commander or an engineering lead may, and only a person; the engineering lead is named for the report's sign-off.
 * The status moves to `reviewed` through the incident state machine.
 */
export async function completeReview(
  rt: Runtime,
  id: string,
  userId: string,
  kind: ActorKind,
): Promise<RichText> {
  const incident = await rt.incidents.get(id);
  if (!incident) return rich`${id} does not exist.`;
  if (incident.status !== 'resolved')
    return rich`${id} is ${incident.status}; the review can be marked done once it is resolved.`;
  const admitted = await admitActor(rt, { id: userId, kind }, 'incident.resolve', id);
  if (!admitted.ok) return admitted.message;
  const leads = rt.roster.members('engineering-lead');
  if (userId !== incident.commander && !leads.includes(userId))
    return rich`Only the incident commander (${mention(incident.commander)}) or an engineering lead can mark the review done.`;
  await rt.tx.transaction(async () => {
    await recordIncident(
      rt,
      id,
      'incident.review_completed',
      { id: userId, kind },
      leads.includes(userId) ? { engineeringLead: userId } : {},
      { reviewedAt: rt.clock.now() },
    );
    await replanIncidentClocks(rt, id);
  });
  return rich`The post-incident review of ${id} is done; its reminders stop.`;
}
