import { ownEntry } from '../../core/own-entry.js';
import { type RichText, rich } from '../../core/text/rich-text.js';
import { postInChannel, recordIncident } from '../incidents/incident-lifecycle.js';
import { admitActor } from '../oversight/admit.js';
import type { Runtime } from '../runtime.js';
import type { AgentIdentity, AgentResult, AlertInput } from './agent-door.js';
import { agentMaySee, notFound } from './agent-reads.js';

/** The durable timer that pages the on-call about an agent's alert (retried like every page). */
export const AGENT_ALERT_PAGE = 'agent.alert_page';

/** The event an agent's alert is stored as (subject `alert:<service>`). */
export const ALERT_RAISED = 'agent.alert_raised';

function forbidden(rule: string, reason: string): AgentResult<never> {
  return { ok: false, status: 403, error: 'forbidden', rule, reason };
}

/**
 * Records what an agent documents on an incident — a timeline note or an analysis for the report — with the agent
 * as actor, and says so in the incident's channel. A private incident the token may not see does not exist for it.
 */
async function documentIncident(
  rt: Runtime,
  agent: AgentIdentity,
  incidentId: string,
  entry:
    | { action: 'timeline.annotate'; type: 'incident.note_added'; payload: { text: string }; said: RichText }
    | {
        action: 'report.analysis';
        type: 'incident.analysis_attached';
        payload: { markdown: string };
        said: RichText;
      },
): Promise<AgentResult<{ id: number }>> {
  const incident = await rt.incidents.get(incidentId);
  if (!incident || !agentMaySee(agent, incident)) return notFound(incidentId);
  const admitted = await admitActor(rt, agent.actor, entry.action, incidentId);
  if (!admitted.ok) return forbidden(admitted.rule, admitted.reason);
  const id = await rt.tx.transaction(async () => {
    await recordIncident(rt, incidentId, entry.type, agent.actor, entry.payload);
    await postInChannel(rt, incident, entry.said);
    return (await rt.events.forSubject(incidentId)).at(-1)?.id ?? 0;
  });
  rt.notifier.flush();
  return { ok: true, value: { id } };
}

/** An agent's note on an incident's timeline (`incident.note_added`), also posted in the incident's channel. */
export async function annotateIncident(
  rt: Runtime,
  agent: AgentIdentity,
  incidentId: string,
  text: string,
): Promise<AgentResult<{ id: number }>> {
  return await documentIncident(rt, agent, incidentId, {
    action: 'timeline.annotate',
    type: 'incident.note_added',
    payload: { text },
    said: rich`:robot_face: Note from agent ${agent.name}: ${text}`,
  });
}

/**
 * An agent's analysis for the post-incident report (chapter 4.1: "AI provides analysis"): stored as
 * `incident.analysis_attached`, rendered in the report's Analysis section and its timeline, said in the channel.
 */
export async function attachAnalysis(
  rt: Runtime,
  agent: AgentIdentity,
  incidentId: string,
  markdown: string,
): Promise<AgentResult<{ id: number }>> {
  return await documentIncident(rt, agent, incidentId, {
    action: 'report.analysis',
    type: 'incident.analysis_attached',
    payload: { markdown },
    said: rich`:robot_face: Agent ${agent.name} attached an analysis to the report of ${incidentId}; people review it.`,
  });
}

/**
 * An agent's alert (chapter 2.2: "AI Agents CAN: alert on anomalies"): recorded, posted in the incidents channel
 * for people to decide whether it is an incident, and paged to the on-call through PagerDuty when paging is
 * configured (a durable timer; the dedup key is the alert's event id, so a retry never pages twice). It declares
 * nothing: declaring, acknowledging and resolving stay with people.
 */
export async function raiseAlert(
  rt: Runtime,
  agent: AgentIdentity,
  input: AlertInput,
): Promise<AgentResult<{ id: number }>> {
  if (!ownEntry(rt.config.config.services, input.service))
    return {
      ok: false,
      status: 400,
      error: 'bad_request',
      reason: `service: ${input.service} is not configured`,
    };
  const admitted = await admitActor(rt, agent.actor, 'alert.raise', `alert:${input.service}`);
  if (!admitted.ok) return forbidden(admitted.rule, admitted.reason);
  const now = rt.clock.now();
  const id = await rt.tx.transaction(async () => {
    const eventId = await rt.events.append({
      at: now,
      actor: agent.actor,
      subject: `alert:${input.service}`,
      type: ALERT_RAISED,
      payload: { ...input },
    });
    await rt.notifier.post(
      rt.config.config.incidents.channel,
      rich`:rotating_light: Agent ${agent.name} raised a ${input.severity} alert for ${input.service}: ${input.summary}\nA person decides whether this is an incident (\`/incident declare …\`).`,
      `alert:${eventId}`,
      now,
    );
    if (rt.pager)
      await rt.timers.arm(AGENT_ALERT_PAGE, `alert:${input.service}`, now, {
        key: `agent-alert:${eventId}`,
        ...input,
        agent: agent.name,
      });
    return eventId;
  });
  rt.notifier.flush();
  return { ok: true, value: { id } };
}

/** Sends the page of an agent's alert (registered once with the agent door). */
export function registerAgentAlertPaging(rt: Runtime): void {
  rt.timers.on(AGENT_ALERT_PAGE, async (timer) => {
    if (!rt.pager) return;
    const p = timer.payload as Record<string, string>;
    await rt.pager.trigger({
      dedupKey: String(p.key),
      summary: `${String(p.service)}: ${String(p.summary)} (alert from agent ${String(p.agent)})`,
      source: 'shipgate',
      severity: (p.severity as AlertInput['severity']) ?? 'warning',
      component: String(p.service),
      customDetails: { agent: String(p.agent) },
    });
  });
}
