import type { OversightAction } from '../../src/core/oversight/boundary.js';
import { decideBoundary } from '../../src/core/oversight/decide-boundary.js';
import type {
  AgentDeploy,
  AgentDoor,
  AgentIdentity,
  AgentIncident,
  AgentResult,
  AgentSample,
  AgentTimelineEntry,
} from '../../src/services/agents/agent-door.js';

/** One call the door received: the method, the agent's name and the arguments after the agent. */
export interface DoorCall {
  readonly method: keyof AgentDoor;
  readonly agent: string;
  readonly args: readonly unknown[];
}

/** A deploy as the test door answers it, with a field outside the contract the API must not pass on. */
export const CHECKOUT_DEPLOY: AgentDeploy & { readonly internalNote: string } = {
  id: 'dep-checkout-1',
  service: 'checkout',
  env: 'production',
  version: '2.5.4',
  previousVersion: '2.5.3',
  kind: 'deploy',
  strategy: 'canary',
  state: 'watching',
  requester: 'U0ALICE',
  approvals: [{ user: 'U0BOB', role: 'team-lead', at: '2026-11-24T09:00:00.000Z' }],
  watch: { state: 'healthy', samples: 3, startedAt: '2026-11-24T09:30:00.000Z' },
  createdAt: '2026-11-24T08:55:00.000Z',
  finishedAt: null,
  internalNote: 'not for agents',
};

/** The incident the test door knows. */
export const INCIDENT: AgentIncident = {
  id: 'INC-2026-0007',
  severity: 'SEV-2',
  title: 'Checkout errors',
  status: 'acknowledged',
  commander: 'U0BOB',
  channel: 'C0INC7',
  private: false,
  declaredAt: '2026-11-24T09:40:00.000Z',
  resolvedAt: null,
};

const SAMPLE: AgentSample = {
  at: '2026-11-24T09:31:00.000Z',
  sample: 1,
  counted: true,
  findings: [{ metric: 'error_rate', value: 0.02, baseline: 0.01, limit: 0.05, breached: false }],
};

const ENTRY: AgentTimelineEntry = {
  at: '2026-11-24T09:40:00.000Z',
  actor: 'U0BOB',
  actorKind: 'human',
  type: 'incident.declared',
  text: 'Declared SEV-2',
};

const ok = <T>(value: T): AgentResult<T> => ({ ok: true, value });
const notFound = (what: string): AgentResult<never> => ({
  ok: false,
  status: 404,
  error: 'not_found',
  reason: `no ${what}`,
});

/**
 * A test double of the agent door's port: records every call and answers from a fixed deploy and incident; the
 * forbidden methods answer the boundary's own refusal (from `src/core`) as the services would.
 */
export class RecordingAgentDoor implements AgentDoor {
  readonly calls: DoorCall[] = [];
  /** When set, the next door call throws it (the API must answer 500 and keep serving). */
  failNext: Error | undefined;
  /** When set, `deploy()` answers this instead of the fixed deploy (to break the contract on purpose). */
  deployAnswer: unknown;

  private record(method: keyof AgentDoor, agent: AgentIdentity, ...args: unknown[]): void {
    this.calls.push({ method, agent: agent.name, args });
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }

  /** The calls of one method. */
  callsOf(method: keyof AgentDoor): DoorCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private refuse(agent: AgentIdentity, action: OversightAction): AgentResult<never> {
    const decision = decideBoundary(agent.actor, action);
    if (decision.allowed) throw new Error(`the boundary allows ${action} to ${agent.actor.kind}`);
    return { ok: false, status: 403, error: 'forbidden', rule: decision.rule, reason: decision.reason };
  }

  async listDeploys(
    agent: AgentIdentity,
    query: { service?: string; limit?: number },
  ): Promise<AgentResult<AgentDeploy[]>> {
    this.record('listDeploys', agent, query);
    return ok(query.service && query.service !== 'checkout' ? [] : [CHECKOUT_DEPLOY]);
  }
  async deploy(agent: AgentIdentity, id: string): Promise<AgentResult<AgentDeploy>> {
    this.record('deploy', agent, id);
    if (this.deployAnswer !== undefined) return ok(this.deployAnswer as AgentDeploy);
    return id === CHECKOUT_DEPLOY.id ? ok(CHECKOUT_DEPLOY) : notFound(`deploy ${id}`);
  }
  async samples(agent: AgentIdentity, id: string): Promise<AgentResult<AgentSample[]>> {
    this.record('samples', agent, id);
    return id === CHECKOUT_DEPLOY.id ? ok([SAMPLE]) : notFound(`deploy ${id}`);
  }
  async listIncidents(agent: AgentIdentity): Promise<AgentResult<AgentIncident[]>> {
    this.record('listIncidents', agent);
    return ok([INCIDENT]);
  }
  async incident(agent: AgentIdentity, id: string): Promise<AgentResult<AgentIncident>> {
    this.record('incident', agent, id);
    return id === INCIDENT.id ? ok(INCIDENT) : notFound(`incident ${id}`);
  }
  async timeline(agent: AgentIdentity, id: string): Promise<AgentResult<AgentTimelineEntry[]>> {
    this.record('timeline', agent, id);
    return id === INCIDENT.id ? ok([ENTRY]) : notFound(`incident ${id}`);
  }
  async recommend(
    agent: AgentIdentity,
    deployId: string,
    input: unknown,
  ): Promise<AgentResult<{ id: string }>> {
    this.record('recommend', agent, deployId, input);
    return deployId === CHECKOUT_DEPLOY.id ? ok({ id: 'rec-1' }) : notFound(`deploy ${deployId}`);
  }
  async annotate(
    agent: AgentIdentity,
    incidentId: string,
    input: unknown,
  ): Promise<AgentResult<{ id: number }>> {
    this.record('annotate', agent, incidentId, input);
    return incidentId === INCIDENT.id ? ok({ id: 41 }) : notFound(`incident ${incidentId}`);
  }
  async alert(agent: AgentIdentity, input: unknown): Promise<AgentResult<{ id: number }>> {
    this.record('alert', agent, input);
    return ok({ id: 42 });
  }
  async analysis(
    agent: AgentIdentity,
    incidentId: string,
    input: unknown,
  ): Promise<AgentResult<{ id: number }>> {
    this.record('analysis', agent, incidentId, input);
    return incidentId === INCIDENT.id ? ok({ id: 43 }) : notFound(`incident ${incidentId}`);
  }
  async requestDeploy(agent: AgentIdentity, body: unknown): Promise<AgentResult<never>> {
    this.record('requestDeploy', agent, body);
    return this.refuse(agent, 'deploy.request');
  }
  async approveDeploy(agent: AgentIdentity, id: string): Promise<AgentResult<never>> {
    this.record('approveDeploy', agent, id);
    return this.refuse(agent, 'deploy.approve');
  }
  async rollbackDeploy(agent: AgentIdentity, id: string): Promise<AgentResult<never>> {
    this.record('rollbackDeploy', agent, id);
    return this.refuse(agent, 'rollback.execute');
  }
  async resolveIncident(agent: AgentIdentity, id: string): Promise<AgentResult<never>> {
    this.record('resolveIncident', agent, id);
    return this.refuse(agent, 'incident.resolve');
  }
  async changeConfig(agent: AgentIdentity, body: unknown): Promise<AgentResult<never>> {
    this.record('changeConfig', agent, body);
    return this.refuse(agent, 'config.change');
  }
  async readSecrets(agent: AgentIdentity): Promise<AgentResult<never>> {
    this.record('readSecrets', agent);
    return this.refuse(agent, 'secrets.read');
  }
  async stopWatch(agent: AgentIdentity, id: string): Promise<AgentResult<never>> {
    this.record('stopWatch', agent, id);
    return this.refuse(agent, 'watch.stop');
  }
}
