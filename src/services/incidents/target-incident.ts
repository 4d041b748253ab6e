import type { IncidentRequest } from '../../core/commands/incident-grammar.js';
import type { UserRef } from '../../core/commands/values.js';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { mention, type RichText, rich } from '../../core/text/rich-text.js';
import type { Requester } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { noSuchIncident } from './incident-access.js';

type Req = Exclude<IncidentRequest, { kind: 'declare' | 'list' | 'help' }>;

/** Finds the incident a command is about: the id given, or the incident whose channel the command was typed in. */
export async function targetIncident(
  rt: Runtime,
  req: Req,
  who: Requester,
): Promise<IncidentRecord | RichText> {
  if (req.id) return (await rt.incidents.get(req.id)) ?? noSuchIncident(req.id);
  return (
    (await rt.incidents.byChannel(who.channelId)) ??
    rich`this is not an incident channel: run the command in one, or name the incident (\`/incident INC-2026-0007 ack\`).`
  );
}

/** A person named in a command, checked with the workspace: a human, else a sentence saying why not. */
export async function namedPerson(rt: Runtime, ref: UserRef): Promise<string | RichText> {
  if (!('id' in ref))
    return rich`mention the person with Slack's @ completion so Slack sends their id (got @${ref.handle}).`;
  const kind = await rt.people.kindOf(ref.id, rt.clock.now());
  if (kind === 'human') return ref.id;
  return rich`${mention(ref.id)} is not a person in this workspace (${kind === 'bot' ? 'a bot or unknown user' : 'an app'}).`;
}
