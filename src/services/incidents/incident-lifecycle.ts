import type { Actor } from '../../core/actor.js';
import type { IncidentEventType, IncidentPayloadInput } from '../../core/incidents/incident-log.js';
import type { IncidentRecord } from '../../store/incident-repository.js';
import { INCIDENT_SLOTS, type IncidentContext } from './incident-context.js';

/**
 * Records one incident event (the timeline, clocks and report are read from these) together with the stored
 * incident's change, in one transaction, and redraws the pinned card — and the channel topic when what it shows
 * (severity, status, commander) changed.
 */
export function recordIncident<T extends IncidentEventType>(
  ctx: IncidentContext,
  id: string,
  type: T,
  actor: Actor,
  payload: IncidentPayloadInput<T>,
  patch: Partial<Omit<IncidentRecord, 'id'>> = {},
): IncidentRecord {
  return ctx.db.transaction(() => {
    const now = ctx.clock.now();
    const before = ctx.incidents.get(id);
    const updated = ctx.incidents.update(id, patch, now);
    ctx.events.append({ at: now, actor, subject: id, type, payload: payload as Record<string, unknown> });
    if (updated.channelId) {
      ctx.sync.request(INCIDENT_SLOTS.card, id, now);
      const topic = topicOf(updated);
      if (!before || topicOf(before) !== topic) {
        ctx.outbox.enqueue('conversations.setTopic', { channel: updated.channelId, topic }, id, now);
      }
    }
    return updated;
  })();
}

/** The channel topic: severity, status and commander at a glance (Slack allows 250 characters). */
export function topicOf(incident: IncidentRecord): string {
  const status = {
    declared: 'Investigating',
    acknowledged: 'Responding',
    resolved: 'Resolved',
    reviewed: 'Reviewed',
  }[incident.status];
  return `${incident.severity} · ${status} · IC <@${incident.commander}> · ${incident.id}: ${incident.title}`.slice(
    0,
    250,
  );
}

/** Posts a message in the incident channel through the durable outbox (after the channel exists). */
export function postInChannel(ctx: IncidentContext, incident: IncidentRecord, text: string): void {
  if (!incident.channelId) return;
  ctx.outbox.enqueue('chat.postMessage', { channel: incident.channelId, text }, incident.id, ctx.clock.now());
}

/** Changes stored state that is not a timeline event (PagerDuty's page state) and redraws the card. */
export function patchIncident(
  ctx: IncidentContext,
  id: string,
  patch: Partial<Omit<IncidentRecord, 'id'>>,
): IncidentRecord {
  const now = ctx.clock.now();
  const updated = ctx.incidents.update(id, patch, now);
  if (updated.channelId) ctx.sync.request(INCIDENT_SLOTS.card, id, now);
  return updated;
}
