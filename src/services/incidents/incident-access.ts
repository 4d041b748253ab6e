import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { mention, mentionList, type RichText, rich } from '../../core/text/rich-text.js';
import type { Requester } from '../answer.js';
import type { Runtime } from '../runtime.js';

/** The role whose members may always resolve, re-rate and hand over an incident they can see. */
export const ENGINEERING_LEAD = 'engineering-lead';

/** Commands that only read an incident. */
const READS = new Set(['status', 'timeline']);
/** Commands that change who leads an incident, how bad it is, or end it. */
const LEADS = new Set(['resolve', 'severity', 'commander']);

/** Why a request on an incident was refused, as recorded in the `incident.access_refused` event. */
export type AccessRule = 'private' | 'outside_channel' | 'not_in_charge' | 'unverified';

/** What a person may do with an incident: allowed, or refused with the answer to give and the rule that refused. */
export type AccessVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly rule: AccessRule; readonly answer: RichText };

/** The answer for an incident that does not exist, or that the reader may not know exists. */
export function noSuchIncident(id: string): RichText {
  return rich`${id} does not exist. \`/incident list\` shows open incidents.`;
}

/** The people Shipgate invited before the channel existed: declarer, commander and role holders. */
function invited(incident: IncidentRecord): string[] {
  return [incident.declaredBy, incident.commander, ...Object.values(incident.roles)];
}

/**
 * Whether `userId` is in the incident's channel, asked from the workspace each time (no cache: someone just invited
 * may act at once, someone who left may not). Before the channel exists the invitees count as its members. A
 * command typed in the channel itself comes from a member (Slack lets only members type there).
 */
async function inChannel(rt: Runtime, incident: IncidentRecord, who: Requester): Promise<boolean> {
  if (incident.channelId && who.channelId === incident.channelId) return true;
  if (!incident.channelId) return invited(incident).includes(who.userId);
  return rt.workspace.isMember(incident.channelId, who.userId);
}

/**
 * Whether the incident exists for this reader: public ones for everyone, private ones for their channel's members
 * (hidden when Slack cannot say: a private incident is never shown on a guess).
 */
export async function canSeeIncident(
  rt: Runtime,
  incident: IncidentRecord,
  who: Requester,
): Promise<boolean> {
  return !incident.private || inChannel(rt, incident, who).catch(() => false);
}

/** The people who may resolve, re-rate and hand over: the commander, the engineering leads and the on-call now. */
async function inCharge(rt: Runtime, incident: IncidentRecord): Promise<string[]> {
  const service = incident.service ? ownEntry(rt.config.config.services, incident.service) : undefined;
  const onCall = service
    ? (await rt.onCall.resolve(service, rt.clock.now())).members
    : rt.roster.members('on-call-engineer');
  return [incident.commander, ...rt.roster.members(ENGINEERING_LEAD), ...onCall];
}

/**
 * Decides, from the stored incident, the workspace's channel membership and the configured roles, whether `who` may
 * run `command` on `incident`:
 * - a private incident exists only for its channel's members: everyone else is told it does not exist;
 * - `status` and `timeline` of a public incident are open to everyone in the workspace;
 * - every other command is for the channel's members, or from outside it for the roles `incidents.outside_roles`
 *   names;
 * - `resolve`, `severity` and `commander` are, besides, only the commander's, an engineering lead's or the
 *   service's on-call's (PagerDuty's, else the `on-call-engineer` role's).
 */
export async function checkIncidentAccess(
  rt: Runtime,
  incident: IncidentRecord,
  who: Requester,
  command: string,
): Promise<AccessVerdict> {
  let member: boolean;
  try {
    member = await inChannel(rt, incident, who);
  } catch {
    return {
      ok: false,
      rule: 'unverified',
      answer: rich`Shipgate could not check with Slack whether you may do that, so nothing was done. Try again in a minute.`,
    };
  }
  if (incident.private && !member) return { ok: false, rule: 'private', answer: noSuchIncident(incident.id) };
  if (READS.has(command)) return { ok: true };
  const outsiders = rt.config.config.incidents.outside_roles.flatMap((role) => rt.roster.members(role));
  if (!member && !outsiders.includes(who.userId))
    return {
      ok: false,
      rule: 'outside_channel',
      answer: rich`only members of ${incident.id}'s channel (or ${rt.config.config.incidents.outside_roles.join(', ') || 'nobody'} from outside it) can run \`${command}\` on it; join the channel and run it there.`,
    };
  if (LEADS.has(command)) {
    const allowed = await inCharge(rt, incident);
    if (!allowed.includes(who.userId))
      return {
        ok: false,
        rule: 'not_in_charge',
        answer: rich`only the incident commander (${mention(incident.commander)}), an engineering lead or the on-call can run \`${command}\` on ${incident.id}. Ask one of ${mentionList([...new Set(allowed)], 'the commander')}.`,
      };
  }
  return { ok: true };
}

/** Appends the refusal to the incident's events (an audit record; it is no incident event and no state change). */
export async function recordAccessRefused(
  rt: Runtime,
  incident: IncidentRecord,
  who: Requester,
  command: string,
  rule: AccessRule,
): Promise<void> {
  await rt.events.append({
    at: rt.clock.now(),
    actor: { id: who.userId, kind: 'human' },
    subject: incident.id,
    type: 'incident.access_refused',
    payload: { command, rule, channel: who.channelId },
  });
}
