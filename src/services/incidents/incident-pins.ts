import type { Actor, ActorKind } from '../../core/actor.js';
import type { IncidentPayloadInput } from '../../core/incidents/incident-log.js';
import { transitionIncident } from '../../core/incidents/incident-state-machine.js';
import type { WorkspaceMessage } from '../ports/chat-workspace.js';
import type { Runtime } from '../runtime.js';
import { recordIncident } from './incident-lifecycle.js';

/** A message as an incident's timeline keeps it: where it is, who wrote it, what it said. */
export interface SourceMessage {
  readonly channel: string;
  readonly ts: string;
  /** The author's user id, or the bot id of a bot that posted without a user. */
  readonly author: string;
  readonly authorKind: ActorKind;
  readonly text: string;
}

/** How a 📌 ended. */
export type PinOutcome = 'pinned' | 'already_pinned' | 'not_an_incident_channel' | 'closed' | 'not_found';

/** When a message was posted, from its Slack `ts` (`1795946520.000100` = seconds.microseconds). */
export function slackTsToDate(ts: string): Date {
  const [sec = '0', frac = ''] = ts.split('.');
  return new Date(Number(sec) * 1000 + Math.floor(Number(frac.padEnd(6, '0').slice(0, 6)) / 1000));
}

/** The `incident.message_pinned` payload for a message: dated and attributed to the original message. */
export function pinnedPayload(message: SourceMessage): IncidentPayloadInput<'incident.message_pinned'> {
  return {
    channel: message.channel,
    ts: message.ts,
    author: message.author,
    authorKind: message.authorKind,
    text: message.text,
    postedAt: slackTsToDate(message.ts),
  };
}

/**
 * Who wrote a message: a message with a bot id is a bot's; otherwise the workspace is asked whether the user is a
 * person, a bot or an app (an AI agent posts as its app user). Undefined when the message names no author at all.
 */
export async function attribute(
  rt: Runtime,
  message: Pick<WorkspaceMessage, 'user' | 'botId'>,
): Promise<{ author: string; authorKind: ActorKind } | undefined> {
  if (message.botId) return { author: message.user ?? message.botId, authorKind: 'bot' };
  if (!message.user) return undefined;
  return { author: message.user, authorKind: await rt.people.kindOf(message.user, rt.clock.now()) };
}

/** True when the incident's log already holds this message (same channel and ts). */
async function isPinned(rt: Runtime, incidentId: string, channel: string, ts: string): Promise<boolean> {
  return (await rt.events.forSubject(incidentId)).some(
    (e) => e.type === 'incident.message_pinned' && e.payload.channel === channel && e.payload.ts === ts,
  );
}

/**
 * A 📌 on a message in an incident channel: the message joins the incident's timeline with its own time and author
 * (bots' messages too — alerts usually are). A message already on the timeline is not added again, whoever pins it;
 * reactions outside incident channels, and pins after the incident is resolved, change nothing.
 */
export async function pinMessage(
  rt: Runtime,
  input: { readonly channel: string; readonly ts: string; readonly pinnedBy: string },
): Promise<PinOutcome> {
  const incident = await rt.incidents.byChannel(input.channel);
  if (!incident) return 'not_an_incident_channel';
  if (!transitionIncident(incident.status, 'pin_message').ok) return 'closed';
  if (await isPinned(rt, incident.id, input.channel, input.ts)) return 'already_pinned';
  const raw = await rt.workspace.findMessage(input.channel, input.ts);
  const by = raw ? await attribute(rt, raw) : undefined;
  if (!raw || !by) return 'not_found';
  const actor: Actor = { id: input.pinnedBy, kind: await rt.people.kindOf(input.pinnedBy, rt.clock.now()) };
  const payload = pinnedPayload({ channel: input.channel, ts: input.ts, text: raw.text, ...by });
  return await rt.tx.transaction(async (): Promise<PinOutcome> => {
    if (await isPinned(rt, incident.id, input.channel, input.ts)) return 'already_pinned';
    await recordIncident(rt, incident.id, 'incident.message_pinned', actor, payload);
    return 'pinned';
  });
}
