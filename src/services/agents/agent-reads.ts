import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { buildIncidentTimeline } from '../../core/incidents/incident-timeline.js';
import { toPlainText } from '../../core/text/plain-text.js';
import type { Runtime } from '../runtime.js';
import type {
  AgentDeploy,
  AgentIdentity,
  AgentIncident,
  AgentResult,
  AgentSample,
  AgentTimelineEntry,
} from './agent-door.js';

/** A 404 that says the same for what does not exist and what the token may not see. */
export function notFound(what: string): AgentResult<never> {
  return { ok: false, status: 404, error: 'not_found', reason: `${what} does not exist` };
}

/** A deploy as the agent API shows it: what it is and where it stands; no config values. */
export async function agentDeploy(rt: Runtime, d: DeployRecord): Promise<AgentDeploy> {
  return {
    id: d.id,
    service: d.service,
    env: d.env,
    version: d.version,
    previousVersion: d.previousVersion ?? null,
    kind: d.kind === 'rollback' ? 'rollback' : 'deploy',
    strategy: d.strategy,
    state: d.state,
    requester: d.requester,
    approvals: (await rt.deploys.approvals(d.id)).map((a) => ({
      user: a.userId,
      role: a.role,
      at: a.at.toISOString(),
    })),
    watch: d.watch
      ? {
          state: d.watch.state,
          samples: d.watch.progress.samples,
          startedAt: d.watch.startedAt.toISOString(),
        }
      : null,
    createdAt: d.createdAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
  };
}

/** A deploy's watch samples, oldest first, from its `deploy.watch_sampled` events. */
export async function agentSamples(rt: Runtime, id: string): Promise<AgentSample[]> {
  return (await rt.events.forSubject(id))
    .filter((e) => e.type === 'deploy.watch_sampled')
    .map((e) => {
      const p = e.payload as {
        sample?: number;
        counted?: boolean;
        findings?: {
          metric: string;
          value?: number;
          baseline?: number;
          limit?: number;
          breached: boolean;
          noData?: string;
        }[];
        health?: string;
        fired?: string;
      };
      return {
        at: e.at.toISOString(),
        sample: p.sample ?? 0,
        counted: p.counted ?? false,
        findings: (p.findings ?? []).map((f) => ({
          metric: f.metric,
          value: f.value ?? null,
          baseline: f.baseline ?? null,
          limit: f.limit ?? null,
          breached: f.breached,
          ...(f.noData ? { noData: f.noData } : {}),
        })),
        ...(p.health ? { health: p.health } : {}),
        ...(p.fired ? { fired: p.fired } : {}),
      };
    });
}

/** Whether the token may see an incident: public ones always, private ones only when its scope names the channel. */
export function agentMaySee(agent: AgentIdentity, incident: IncidentRecord): boolean {
  return (
    !incident.private || (incident.channelId !== undefined && agent.channels.includes(incident.channelId))
  );
}

/** An incident as the agent API shows it. */
export function agentIncident(i: IncidentRecord): AgentIncident {
  return {
    id: i.id,
    severity: i.severity,
    title: i.title,
    status: i.status,
    commander: i.commander,
    channel: i.channelId ?? null,
    private: i.private,
    declaredAt: i.declaredAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
  };
}

/** An incident's timeline as plain text lines (the chapter 6.3 timeline, mentions shown as ids). */
export async function agentTimeline(rt: Runtime, id: string): Promise<AgentTimelineEntry[]> {
  return buildIncidentTimeline(await rt.events.forSubject(id)).map((entry) => ({
    at: entry.at.toISOString(),
    actor: entry.actor,
    actorKind: entry.actorKind,
    type: entry.type,
    text: toPlainText(entry.text),
  }));
}
