import type { z } from 'zod';
import type { AgentDoor, AgentIdentity, AgentResult, AgentScope } from '../../services/agents/agent-door.js';
import {
  alertBodySchema,
  analysisBodySchema,
  anyBodySchema,
  deployListSchema,
  deployQuerySchema,
  deploySchema,
  eventCreatedSchema,
  incidentListSchema,
  incidentSchema,
  noteBodySchema,
  recommendationBodySchema,
  recommendationCreatedSchema,
  sampleListSchema,
  timelineSchema,
} from './api-schemas.js';
import { defined } from './defined-fields.js';
import { wrapResult } from './wrap-result.js';

/** The HTTP methods the agent API uses. */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a route is called with once its request is valid: the `{id}` of its path, its query and its body. */
export interface ApiInput<Q = unknown, B = unknown> {
  readonly id: string;
  readonly query: Q;
  readonly body: B;
}

/** One route of `/api/v1`: the router serves it and the OpenAPI document describes it, from this one entry. */
export interface ApiRoute {
  readonly method: ApiMethod;
  /** Under `/api/v1`, with `{id}` for the one path parameter. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  /** The scope it needs; undefined for a forbidden route, which needs only a valid token (the boundary answers). */
  readonly scope: AgentScope | undefined;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The answer when the door agrees; absent on a forbidden route, which the door always refuses with `403`. */
  readonly success?: { readonly status: 200 | 201; readonly schema: z.ZodType; readonly description: string };
  readonly call: (
    door: AgentDoor,
    agent: AgentIdentity,
    input: ApiInput,
  ) => AgentResult<unknown> | Promise<AgentResult<unknown>>;
}

type RouteSpec<Q, B> = Omit<ApiRoute, 'query' | 'body' | 'call'> & {
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  readonly call: (
    door: AgentDoor,
    agent: AgentIdentity,
    input: ApiInput<Q, B>,
  ) => AgentResult<unknown> | Promise<AgentResult<unknown>>;
};

/** Types a route's call by its own query and body schemas. */
function route<Q = undefined, B = undefined>(spec: RouteSpec<Q, B>): ApiRoute {
  return spec as unknown as ApiRoute;
}

const FORBIDDEN =
  'Forbidden to agents: the oversight boundary answers 403 with its rule, and the refusal is recorded.';
const read = (summary: string, description: string) => ({ scope: 'read' as const, summary, description });
const ok = (schema: z.ZodType, description: string) => ({ status: 200 as const, schema, description });
const created = (schema: z.ZodType, description: string) => ({ status: 201 as const, schema, description });

/** Every route of the agent API, in the order the OpenAPI document lists them. */
export const API_ROUTES: readonly ApiRoute[] = [
  route<z.output<typeof deployQuerySchema>>({
    method: 'GET',
    path: '/deploys',
    operationId: 'listDeploys',
    ...read('List deploys', 'Recent deploys, newest first, optionally of one service.'),
    query: deployQuerySchema,
    success: ok(deployListSchema, 'The deploys'),
    call: async (door, agent, { query }) =>
      wrapResult(await door.listDeploys(agent, defined(query)), (deploys) => ({ deploys })),
  }),
  route({
    method: 'GET',
    path: '/deploys/{id}',
    operationId: 'getDeploy',
    ...read('Get a deploy', 'One deploy: its plan, state, approvals and watch.'),
    success: ok(deploySchema, 'The deploy'),
    call: async (door, agent, { id }) => await door.deploy(agent, id),
  }),
  route({
    method: 'GET',
    path: '/deploys/{id}/samples',
    operationId: 'getWatchSamples',
    ...read('Get watch samples', "The post-deploy watch's metric samples of a deploy, oldest first."),
    success: ok(sampleListSchema, 'The samples'),
    call: async (door, agent, { id }) =>
      wrapResult(await door.samples(agent, id), (samples) => ({ samples })),
  }),
  route({
    method: 'GET',
    path: '/incidents',
    operationId: 'listIncidents',
    ...read('List incidents', "Incidents this token may see (private ones only in the token's --channels)."),
    success: ok(incidentListSchema, 'The incidents'),
    call: async (door, agent) => wrapResult(await door.listIncidents(agent), (incidents) => ({ incidents })),
  }),
  route({
    method: 'GET',
    path: '/incidents/{id}',
    operationId: 'getIncident',
    ...read('Get an incident', 'One incident.'),
    success: ok(incidentSchema, 'The incident'),
    call: async (door, agent, { id }) => await door.incident(agent, id),
  }),
  route({
    method: 'GET',
    path: '/incidents/{id}/timeline',
    operationId: 'getIncidentTimeline',
    ...read('Get an incident timeline', "An incident's timeline as plain text entries, oldest first."),
    success: ok(timelineSchema, 'The timeline'),
    call: async (door, agent, { id }) =>
      wrapResult(await door.timeline(agent, id), (timeline) => ({ timeline })),
  }),
  route<undefined, z.output<typeof recommendationBodySchema>>({
    method: 'POST',
    path: '/deploys/{id}/recommendations',
    operationId: 'recommend',
    scope: 'recommend',
    summary: 'Recommend continue, pause or roll back',
    description:
      'Posts a recommendation on a running or watched deploy for people to decide on. It changes nothing by ' +
      'itself: a human decides, and agents can never roll back, pause or approve themselves.',
    body: recommendationBodySchema,
    success: created(recommendationCreatedSchema, 'The recommendation was recorded and shown to people'),
    call: (door, agent, { id, body }) => door.recommend(agent, id, defined(body)),
  }),
  route<undefined, z.output<typeof noteBodySchema>>({
    method: 'POST',
    path: '/incidents/{id}/notes',
    operationId: 'addTimelineNote',
    scope: 'annotate',
    summary: "Add a note to an incident's timeline",
    description: "Adds a note, marked as the agent's, to the incident's timeline.",
    body: noteBodySchema,
    success: created(eventCreatedSchema, 'The note was added'),
    call: (door, agent, { id, body }) => door.annotate(agent, id, body),
  }),
  route<undefined, z.output<typeof alertBodySchema>>({
    method: 'POST',
    path: '/alerts',
    operationId: 'raiseAlert',
    scope: 'alert',
    summary: 'Raise an alert',
    description:
      'Raises an alert that reaches the on-call through the normal path. Agents can raise alerts, never ' +
      'silence them or stop a watch.',
    body: alertBodySchema,
    success: created(eventCreatedSchema, 'The alert was raised'),
    call: (door, agent, { body }) => door.alert(agent, body),
  }),
  route<undefined, z.output<typeof analysisBodySchema>>({
    method: 'POST',
    path: '/incidents/{id}/analysis',
    operationId: 'attachAnalysis',
    scope: 'annotate',
    summary: 'Attach an analysis to an incident',
    description: "Attaches Markdown analysis to the incident's post-incident report, for people to review.",
    body: analysisBodySchema,
    success: created(eventCreatedSchema, 'The analysis was attached'),
    call: (door, agent, { id, body }) => door.analysis(agent, id, body),
  }),
  route<undefined, unknown>({
    method: 'POST',
    path: '/deploys',
    operationId: 'requestDeploy',
    scope: undefined,
    summary: 'Request a deploy (forbidden)',
    description: `${FORBIDDEN} Deploys are requested by people (OB-DEPLOY-1).`,
    body: anyBodySchema,
    call: (door, agent, { body }) => door.requestDeploy(agent, body),
  }),
  route({
    method: 'POST',
    path: '/deploys/{id}/approve',
    operationId: 'approveDeploy',
    scope: undefined,
    summary: 'Approve a deploy (forbidden)',
    description: `${FORBIDDEN} Only people approve deploys (OB-DEPLOY-2).`,
    call: (door, agent, { id }) => door.approveDeploy(agent, id),
  }),
  route({
    method: 'POST',
    path: '/deploys/{id}/rollback',
    operationId: 'rollbackDeploy',
    scope: undefined,
    summary: 'Roll back a deploy (forbidden)',
    description: `${FORBIDDEN} People execute rollbacks; agents may recommend one (OB-ROLLBACK-1).`,
    call: (door, agent, { id }) => door.rollbackDeploy(agent, id),
  }),
  route({
    method: 'POST',
    path: '/incidents/{id}/resolve',
    operationId: 'resolveIncident',
    scope: undefined,
    summary: 'Resolve an incident (forbidden)',
    description: `${FORBIDDEN} People resolve incidents (OB-INC-3).`,
    call: (door, agent, { id }) => door.resolveIncident(agent, id),
  }),
  route<undefined, unknown>({
    method: 'PUT',
    path: '/config',
    operationId: 'changeConfig',
    scope: undefined,
    summary: 'Change configuration (forbidden)',
    description: `${FORBIDDEN} Configuration changes go through review by people (OB-CONFIG-1).`,
    body: anyBodySchema,
    call: (door, agent, { body }) => door.changeConfig(agent, body),
  }),
  route({
    method: 'GET',
    path: '/secrets',
    operationId: 'readSecrets',
    scope: undefined,
    summary: 'Read secrets (forbidden)',
    description: `${FORBIDDEN} Nobody reads secrets through Shipgate (OB-SECRET-1).`,
    call: (door, agent) => door.readSecrets(agent),
  }),
  route({
    method: 'DELETE',
    path: '/deploys/{id}/watch',
    operationId: 'stopWatch',
    scope: undefined,
    summary: 'Stop a post-deploy watch (forbidden)',
    description: `${FORBIDDEN} Agents never disable monitoring (OB-MON-1).`,
    call: (door, agent, { id }) => door.stopWatch(agent, id),
  }),
];
