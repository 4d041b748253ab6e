import type { Actor } from '../../core/actor.js';
import type { IncidentEventType, IncidentPayloadInput } from '../../core/incidents/incident-log.js';
import type { IncidentPatch, IncidentRecord } from '../../core/incidents/incident-record.js';
import { MACHINE_EVENT_OF, transitionIncident } from '../../core/incidents/incident-state-machine.js';
import { mention, type RichText, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';

/** Why a change did not apply: the incident's state does not take it (it moved on meanwhile). */
export class StaleIncidentError extends Error {}

const STATUS_WORD = {
  declared: 'Investigating',
  acknowledged: 'Responding',
  resolved: 'Resolved',
  reviewed: 'Reviewed',
} as const;

/** The longest title the topic shows (Slack allows 250 characters in all). */
const TOPIC_TITLE_MAX = 150;

/** The channel topic: severity, status and commander at a glance, then the incident and its title. */
export function topicOf(incident: IncidentRecord): RichText {
  const title =
    incident.title.length > TOPIC_TITLE_MAX
      ? `${incident.title.slice(0, TOPIC_TITLE_MAX - 1)}…`
      : incident.title;
  return rich`${incident.severity} · ${STATUS_WORD[incident.status]} · IC ${mention(incident.commander)} · ${incident.id}: ${title}`;
}

/** What the topic shows, to tell whether it needs setting again. */
function topicKey(incident: IncidentRecord): string {
  return `${incident.severity}|${incident.status}|${incident.commander}|${incident.title}`;
}

/**
 * Records one incident event (the timeline, clocks and report are read from these) together with the stored
 * incident's change, in one transaction: the event passes the state machine's transition table first, which sets
 * the status (a change the incident's state does not take throws {@link StaleIncidentError}). Redraws the pinned
 * card, and the channel topic when what it shows (severity, status, commander) changed.
 */
export async function recordIncident<T extends IncidentEventType>(
  rt: Runtime,
  id: string,
  type: T,
  actor: Actor,
  payload: IncidentPayloadInput<T>,
  patch: Omit<IncidentPatch, 'status'> = {},
): Promise<IncidentRecord> {
  return await rt.tx.transaction(async () => {
    const now = rt.clock.now();
    const before = await rt.incidents.get(id);
    if (!before) throw new StaleIncidentError(`${id} does not exist`);
    const next = transitionIncident(before.status, MACHINE_EVENT_OF[type]);
    if (!next.ok) throw new StaleIncidentError(next.reason);
    const updated = await rt.incidents.update(id, { ...patch, status: next.state }, now);
    await rt.events.append({
      at: now,
      actor,
      subject: id,
      type,
      payload: payload as Record<string, unknown>,
    });
    if (updated.channelId) {
      await rt.notifier.redraw('incident-card', id, now);
      if (topicKey(before) !== topicKey(updated))
        await rt.notifier.setTopic(updated.channelId, topicOf(updated), id, now);
    }
    return updated;
  });
}

/**
 * Records a change to the incident's bookkeeping that is not a step of its lifecycle (its channel, PagerDuty's page
 * state, a setup problem) with its audit event, and redraws the card.
 */
export async function noteIncident(
  rt: Runtime,
  id: string,
  type: string,
  actor: Actor,
  payload: Record<string, unknown>,
  patch: Omit<IncidentPatch, 'status'> = {},
): Promise<IncidentRecord> {
  return await rt.tx.transaction(async () => {
    const now = rt.clock.now();
    const updated = await rt.incidents.update(id, patch, now);
    await rt.events.append({ at: now, actor, subject: id, type, payload });
    if (updated.channelId) await rt.notifier.redraw('incident-card', id, now);
    return updated;
  });
}

/** Posts a message in the incident channel through the durable outbox (after the channel exists). */
export async function postInChannel(rt: Runtime, incident: IncidentRecord, text: RichText): Promise<void> {
  if (!incident.channelId) return;
  await rt.notifier.post(incident.channelId, text, incident.id, rt.clock.now());
}
