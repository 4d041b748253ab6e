import { toPlainText } from '../../core/text/plain-text.js';
import type { Decision, Outcome } from '../answer.js';
import type { DeployService } from '../deploys/deploy-service.js';
import type { IncidentService } from '../incidents/incident-service.js';
import { changeConfigThroughShipgate, readSecretsThroughShipgate } from '../oversight/out-of-bounds.js';
import type { RollbackService } from '../rollback/rollback-service.js';
import type { Runtime } from '../runtime.js';
import type { AgentDoor, AgentIdentity, AgentResult } from './agent-door.js';
import {
  agentDeploy,
  agentIncident,
  agentMaySee,
  agentSamples,
  agentTimeline,
  notFound,
} from './agent-reads.js';
import { annotateIncident, attachAnalysis, raiseAlert, registerAgentAlertPaging } from './agent-writes.js';
import { postRecommendation } from './recommendations.js';

/** The services an agent's attempts reach: the same ones a person's commands and clicks reach. */
export interface AgentDoorServices {
  readonly deploys: DeployService;
  readonly rollbacks: RollbackService;
  readonly incidents: IncidentService;
}

function fromOutcome(outcome: Outcome): AgentResult<never> {
  const answer = outcome.answer;
  const reason = answer.kind === 'refused' ? toPlainText(answer.text) : 'the request was not refused';
  if (answer.kind === 'refused' && answer.rule)
    return { ok: false, status: 403, error: 'forbidden', rule: answer.rule, reason };
  return { ok: false, status: 409, error: 'conflict', reason };
}

function fromDecision(decision: Decision): AgentResult<never> {
  const reason = toPlainText(decision.message);
  if (!decision.ok && decision.rule)
    return { ok: false, status: 403, error: 'forbidden', rule: decision.rule, reason };
  return { ok: false, status: 409, error: 'conflict', reason };
}

function fromAdmission(admission: { ok: boolean; rule?: string; reason?: string }): AgentResult<never> {
  if (!admission.ok && admission.rule)
    return {
      ok: false,
      status: 403,
      error: 'forbidden',
      rule: admission.rule,
      reason: admission.reason ?? '',
    };
  return {
    ok: false,
    status: 409,
    error: 'conflict',
    reason: 'configuration changes through reviewed commits to the config files, not through Shipgate',
  };
}

function field(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * The agent door: reads straight from the stores (private incidents hidden unless the token names their channel),
 * the documenting actions through their own services, and each forbidden action through the very service a
 * person's command or click reaches, with the agent as the actor, so the boundary table answers (and records) the
 * refusal. Nothing here decides permissions itself except what a token may see. The emergency stop is checked by
 * the two doors (`/api/v1`, `/mcp`) right before they call in: they hold the request's abort signal, and read the stop
 * from SQLite then, so a stop by another process counts too.
 */
export function createAgentDoor(rt: Runtime, services: AgentDoorServices): AgentDoor {
  registerAgentAlertPaging(rt);
  const who = (agent: AgentIdentity) => ({ userId: agent.actor.id, channelId: '', actor: agent.actor });
  return {
    async listDeploys(_agent, query) {
      const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
      return {
        ok: true,
        value: await Promise.all(
          (await rt.deploys.recent(limit, query.service)).map(async (d) => await agentDeploy(rt, d)),
        ),
      };
    },
    async deploy(_agent, id) {
      const d = await rt.deploys.get(id);
      return d ? { ok: true, value: await agentDeploy(rt, d) } : notFound(id);
    },
    async samples(_agent, id) {
      return (await rt.deploys.get(id)) ? { ok: true, value: await agentSamples(rt, id) } : notFound(id);
    },
    async listIncidents(agent) {
      const seen = (await rt.incidents.list(true)).filter((i) => agentMaySee(agent, i));
      return { ok: true, value: seen.map(agentIncident) };
    },
    async incident(agent, id) {
      const i = await rt.incidents.get(id);
      return i && agentMaySee(agent, i) ? { ok: true, value: agentIncident(i) } : notFound(id);
    },
    async timeline(agent, id) {
      const i = await rt.incidents.get(id);
      return i && agentMaySee(agent, i) ? { ok: true, value: await agentTimeline(rt, id) } : notFound(id);
    },
    async recommend(agent, deployId, input) {
      return await postRecommendation(rt, agent, deployId, input);
    },
    async annotate(agent, incidentId, input) {
      return await annotateIncident(rt, agent, incidentId, input.text);
    },
    async alert(agent, input) {
      return await raiseAlert(rt, agent, input);
    },
    async analysis(agent, incidentId, input) {
      return await attachAnalysis(rt, agent, incidentId, input.markdown);
    },
    async requestDeploy(agent, body) {
      const ask = {
        kind: 'deploy' as const,
        service: field(body, 'service'),
        version: field(body, 'version'),
        env: field(body, 'env') || undefined,
        strategy: undefined,
        dryRun: false,
        emergency: undefined,
        migration: false,
        rollbackProcedure: undefined,
      };
      return fromOutcome(await services.deploys.request(ask, who(agent)));
    },
    async approveDeploy(agent, id) {
      return fromDecision(await services.deploys.approval(id, agent.actor));
    },
    async rollbackDeploy(agent, id) {
      const deploy = await rt.deploys.get(id);
      const ask = {
        kind: 'rollback' as const,
        service: deploy?.service ?? id,
        env: deploy?.env,
        to: undefined,
        reason: undefined,
        security: undefined,
        dryRun: false,
      };
      return fromOutcome(await services.rollbacks.request(ask, who(agent)));
    },
    async resolveIncident(agent, id) {
      const outcome = await services.incidents.run(
        { kind: 'resolve', id, resolution: 'resolved by an agent' },
        who(agent),
      );
      return fromOutcome(outcome);
    },
    async changeConfig(agent) {
      return fromAdmission(await changeConfigThroughShipgate(rt, agent.actor));
    },
    async readSecrets(agent) {
      return fromAdmission(await readSecretsThroughShipgate(rt, agent.actor));
    },
    async stopWatch(agent, id) {
      return fromOutcome(await services.rollbacks.stopWatch(id, who(agent)));
    },
  };
}
