import { z } from 'zod';
import type { AgentDoor, AgentIdentity, AgentResult, AgentScope } from '../../services/agents/agent-door.js';
import {
  alertBodySchema,
  analysisBodySchema,
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
} from '../api/api-schemas.js';
import { defined } from '../api/defined-fields.js';
import { wrapResult } from '../api/wrap-result.js';

/** One MCP tool: what it does for an agent, the scope it needs, its input and output, and the door call. */
export interface AgentTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly scope: AgentScope;
  readonly readOnly: boolean;
  /** An inline object schema: the API's named schemas would become a `$ref`, which a tool's input may not be. */
  readonly input: z.ZodObject;
  /** Keeps only the fields of the contract in what the door answered. */
  readonly output: z.ZodType;
  readonly call: (
    door: AgentDoor,
    agent: AgentIdentity,
    args: never,
  ) => AgentResult<unknown> | Promise<AgentResult<unknown>>;
}

/** Types a tool's call by its own input schema. */
function tool<I extends z.ZodObject>(
  spec: Omit<AgentTool, 'input' | 'call'> & {
    readonly input: I;
    readonly call: (
      door: AgentDoor,
      agent: AgentIdentity,
      args: z.output<I>,
    ) => AgentResult<unknown> | Promise<AgentResult<unknown>>;
  },
): AgentTool {
  return spec as AgentTool;
}

const deployId = z.string().min(1).max(100).describe('The deploy id');
const incidentId = z.string().min(1).max(100).describe('The incident id, e.g. INC-2026-0007');
const READ = 'Read-only. Needs the read scope.';

/**
 * The MCP tools of the agent door: exactly what agents may do. There is no tool to deploy, approve, roll back,
 * resolve, change configuration, read secrets or stop a watch: those stay with people.
 */
export const AGENT_TOOLS: readonly AgentTool[] = [
  tool({
    name: 'list_deploys',
    title: 'List deploys',
    description: `Lists recent deploys, newest first, optionally of one service. ${READ}`,
    scope: 'read',
    readOnly: true,
    input: z.strictObject(deployQuerySchema.shape),
    output: deployListSchema,
    call: async (door, agent, args) =>
      wrapResult(await door.listDeploys(agent, defined(args)), (deploys) => ({ deploys })),
  }),
  tool({
    name: 'get_deploy',
    title: 'Get a deploy',
    description: `Gets one deploy: its plan, state, approvals and post-deploy watch. ${READ}`,
    scope: 'read',
    readOnly: true,
    input: z.strictObject({ deploy_id: deployId }),
    output: deploySchema,
    call: async (door, agent, args) => await door.deploy(agent, args.deploy_id),
  }),
  tool({
    name: 'get_watch_samples',
    title: 'Get watch samples',
    description: `Gets the post-deploy watch's metric samples of a deploy, oldest first, to judge its health. ${READ}`,
    scope: 'read',
    readOnly: true,
    input: z.strictObject({ deploy_id: deployId }),
    output: sampleListSchema,
    call: async (door, agent, args) =>
      wrapResult(await door.samples(agent, args.deploy_id), (samples) => ({ samples })),
  }),
  tool({
    name: 'list_incidents',
    title: 'List incidents',
    description: `Lists the incidents this token may see (private ones only in its channels). ${READ}`,
    scope: 'read',
    readOnly: true,
    input: z.strictObject({}),
    output: incidentListSchema,
    call: async (door, agent) => wrapResult(await door.listIncidents(agent), (incidents) => ({ incidents })),
  }),
  tool({
    name: 'get_incident',
    title: 'Get an incident',
    description: `Gets one incident: severity, status, commander, channel. ${READ}`,
    scope: 'read',
    readOnly: true,
    input: z.strictObject({ incident_id: incidentId }),
    output: incidentSchema,
    call: async (door, agent, args) => await door.incident(agent, args.incident_id),
  }),
  tool({
    name: 'get_incident_timeline',
    title: 'Get an incident timeline',
    description: `Gets an incident's timeline as plain text entries, oldest first. ${READ}`,
    scope: 'read',
    readOnly: true,
    input: z.strictObject({ incident_id: incidentId }),
    output: timelineSchema,
    call: async (door, agent, args) =>
      wrapResult(await door.timeline(agent, args.incident_id), (timeline) => ({ timeline })),
  }),
  tool({
    name: 'recommend',
    title: 'Recommend on a deploy',
    description:
      'Recommends continue, pause or rollback on a running or watched deploy, with your reasoning and the metrics ' +
      'behind it. It is only a recommendation shown to people: a human decides, and agents can never roll back, ' +
      'pause or approve a deploy themselves. Needs the recommend scope.',
    scope: 'recommend',
    readOnly: false,
    input: recommendationBodySchema.extend({ deploy_id: deployId }),
    output: recommendationCreatedSchema,
    call: (door, agent, { deploy_id, ...body }) => door.recommend(agent, deploy_id, defined(body)),
  }),
  tool({
    name: 'add_timeline_note',
    title: 'Add a timeline note',
    description:
      "Adds a note to an incident's timeline, marked as written by this agent. It documents; it does not " +
      'acknowledge, command or resolve the incident. Needs the annotate scope.',
    scope: 'annotate',
    readOnly: false,
    input: noteBodySchema.extend({ incident_id: incidentId }),
    output: eventCreatedSchema,
    call: (door, agent, { incident_id, ...body }) => door.annotate(agent, incident_id, body),
  }),
  tool({
    name: 'raise_alert',
    title: 'Raise an alert',
    description:
      'Raises an alert on a service that reaches the on-call through the normal paging path. Agents can raise ' +
      'alerts, never silence them or stop monitoring. Needs the alert scope.',
    scope: 'alert',
    readOnly: false,
    input: z.strictObject(alertBodySchema.shape),
    output: eventCreatedSchema,
    call: (door, agent, args) => door.alert(agent, args),
  }),
  tool({
    name: 'attach_analysis',
    title: 'Attach an analysis',
    description:
      "Attaches a Markdown analysis to an incident's post-incident report for people to review; it closes " +
      'nothing. Needs the annotate scope.',
    scope: 'annotate',
    readOnly: false,
    input: analysisBodySchema.extend({ incident_id: incidentId }),
    output: eventCreatedSchema,
    call: (door, agent, { incident_id, ...body }) => door.analysis(agent, incident_id, body),
  }),
];
