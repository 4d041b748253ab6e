import type { Actor } from '../../core/actor.js';

/** What an agent token may be used for (`agent add --scopes`). */
export const AGENT_SCOPES = ['read', 'recommend', 'annotate', 'alert'] as const;

/** One of {@link AGENT_SCOPES}. */
export type AgentScope = (typeof AGENT_SCOPES)[number];

/** The agent behind a verified bearer token, as the services see it. */
export interface AgentIdentity {
  /** `agent add <name>`. */
  readonly name: string;
  readonly scopes: readonly AgentScope[];
  /** Private incident channels this token may see (`--channels`); others are invisible to it. */
  readonly channels: readonly string[];
  /** `{ id: 'agent:<name>', kind: 'agent' }`: recorded on every event the agent causes. */
  readonly actor: Actor;
}

/**
 * What the agent door answers: a value, or a refusal the HTTP API turns into its status (`403` carries the
 * boundary's rule id) and the MCP server into a tool error.
 */
export type AgentResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 403 | 404 | 409;
      readonly error: 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';
      readonly reason: string;
      /** The boundary rule a `403` names. */
      readonly rule?: string;
    };

/** A deploy as an agent reads it (no secrets, no config values). */
export interface AgentDeploy {
  readonly id: string;
  readonly service: string;
  readonly env: string;
  readonly version: string;
  readonly previousVersion: string | null;
  readonly kind: 'deploy' | 'rollback';
  readonly strategy: string;
  readonly state: string;
  readonly requester: string;
  readonly approvals: readonly { readonly user: string; readonly role: string; readonly at: string }[];
  readonly watch: { readonly state: string; readonly samples: number; readonly startedAt: string } | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** One watch sample of a deploy (the `deploy.watch_sampled` event). */
export interface AgentSample {
  readonly at: string;
  readonly sample: number;
  readonly counted: boolean;
  readonly findings: readonly {
    readonly metric: string;
    readonly value: number | null;
    readonly baseline: number | null;
    readonly limit: number | null;
    readonly breached: boolean;
    readonly noData?: string;
  }[];
  readonly health?: string;
  readonly fired?: string;
}

/** An incident as an agent reads it. */
export interface AgentIncident {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly status: string;
  readonly commander: string;
  readonly channel: string | null;
  readonly private: boolean;
  readonly declaredAt: string;
  readonly resolvedAt: string | null;
}

/** One timeline entry of an incident, as plain text (mentions shown as ids). */
export interface AgentTimelineEntry {
  readonly at: string;
  readonly actor: string;
  readonly actorKind: string;
  readonly type: string;
  readonly text: string;
}

/** `POST /api/v1/deploys/{id}/recommendations`. */
export interface RecommendationInput {
  readonly action: 'continue' | 'pause' | 'rollback';
  readonly reasoning: string;
  readonly metrics?: Readonly<Record<string, number>>;
}

/** `POST /api/v1/alerts`. */
export interface AlertInput {
  readonly service: string;
  readonly summary: string;
  readonly severity: 'critical' | 'error' | 'warning' | 'info';
}

/**
 * Everything an agent can ask of Shipgate, one method per route of `/api/v1` and per MCP tool. The forbidden
 * methods exist so the boundary is visible: each goes to the same service a person's command or click reaches,
 * which refuses the agent with the boundary's rule (and records the refusal). Implemented in `src/services/agents`.
 */
export interface AgentDoor {
  listDeploys(
    agent: AgentIdentity,
    query: { service?: string; limit?: number },
  ): Promise<AgentResult<AgentDeploy[]>>;
  deploy(agent: AgentIdentity, id: string): Promise<AgentResult<AgentDeploy>>;
  samples(agent: AgentIdentity, id: string): Promise<AgentResult<AgentSample[]>>;
  listIncidents(agent: AgentIdentity): Promise<AgentResult<AgentIncident[]>>;
  incident(agent: AgentIdentity, id: string): Promise<AgentResult<AgentIncident>>;
  timeline(agent: AgentIdentity, id: string): Promise<AgentResult<AgentTimelineEntry[]>>;
  recommend(
    agent: AgentIdentity,
    deployId: string,
    input: RecommendationInput,
  ): Promise<AgentResult<{ id: string }>>;
  annotate(
    agent: AgentIdentity,
    incidentId: string,
    input: { text: string },
  ): Promise<AgentResult<{ id: number }>>;
  alert(agent: AgentIdentity, input: AlertInput): Promise<AgentResult<{ id: number }>>;
  analysis(
    agent: AgentIdentity,
    incidentId: string,
    input: { markdown: string },
  ): Promise<AgentResult<{ id: number }>>;
  /** Forbidden: each answers the boundary's 403 from the service that would have done it. */
  requestDeploy(agent: AgentIdentity, body: unknown): Promise<AgentResult<never>>;
  approveDeploy(agent: AgentIdentity, id: string): Promise<AgentResult<never>>;
  rollbackDeploy(agent: AgentIdentity, id: string): Promise<AgentResult<never>>;
  resolveIncident(agent: AgentIdentity, id: string): Promise<AgentResult<never>>;
  changeConfig(agent: AgentIdentity, body: unknown): Promise<AgentResult<never>>;
  readSecrets(agent: AgentIdentity): Promise<AgentResult<never>>;
  stopWatch(agent: AgentIdentity, id: string): Promise<AgentResult<never>>;
}
