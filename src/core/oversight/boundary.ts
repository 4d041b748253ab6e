import type { ActorKind } from '../actor.js';

/**
 * Every action the oversight boundary knows. Reads and the documenting actions are open to automation; the rest
 * are the chapter's "AI Agents CANNOT" and "Human MUST" lists (2.2), refused to bots, agents and (except where a
 * human's reviewed decision stands behind it) Shipgate itself.
 */
export const OVERSIGHT_ACTIONS = [
  'deploy.read',
  'incident.read',
  'watch.read',
  'deploy.recommend',
  'timeline.annotate',
  'alert.raise',
  'report.analysis',
  'deploy.request',
  'deploy.approve',
  'deploy.execute',
  'rollback.execute',
  'incident.acknowledge',
  'incident.command',
  'incident.resolve',
  'incident.severity',
  'config.change',
  'secrets.read',
  'watch.stop',
  'alert.silence',
  'clock.stop',
  'agents.switch',
] as const;

/** One of {@link OVERSIGHT_ACTIONS}. */
export type OversightAction = (typeof OVERSIGHT_ACTIONS)[number];

/**
 * What one actor kind may do with an action: `allow`; `deny`; or `human_decision`, allowed only when the caller
 * shows the human decision it carries out (approvals recorded by people for a deploy, or `rollback.automatic: true`
 * in a reviewed policy file for an automatic rollback), which the audit names as the authority.
 */
export type Permission = 'allow' | 'deny' | 'human_decision';

/** One row of the boundary: the action, its rule id, the chapter's words, and each actor kind's permission. */
export interface BoundaryRule {
  readonly action: OversightAction;
  readonly rule: string;
  /** What the action is, in a few words (the README's table). */
  readonly what: string;
  /** The chapter's wording this row enforces (2.2, 4.1, 5.1). */
  readonly chapter: string;
  readonly permissions: Readonly<Record<ActorKind, Permission>>;
}

const OPEN = { human: 'allow', bot: 'allow', agent: 'allow', shipgate: 'allow' } as const;
const PEOPLE = { human: 'allow', bot: 'deny', agent: 'deny', shipgate: 'deny' } as const;
const DECIDED = { human: 'allow', bot: 'deny', agent: 'deny', shipgate: 'human_decision' } as const;

/**
 * The oversight boundary: one table, checked by the services for every entry point (slash commands, buttons, the
 * agent API, the MCP server and timers). The README's table is generated from it.
 */
export const BOUNDARY: readonly BoundaryRule[] = [
  {
    action: 'deploy.read',
    rule: 'OB-READ-1',
    what: 'read deploys, their plans and approvals',
    chapter: 'AI Agents CAN: monitor deployment health',
    permissions: OPEN,
  },
  {
    action: 'incident.read',
    rule: 'OB-READ-2',
    what: 'read incidents and their timelines',
    chapter: 'AI Agents CAN: document deployment outcomes',
    permissions: OPEN,
  },
  {
    action: 'watch.read',
    rule: 'OB-READ-3',
    what: "read a watch's health and metric samples",
    chapter: 'AI Agents CAN: analyze post-deployment metrics',
    permissions: OPEN,
  },
  {
    action: 'deploy.recommend',
    rule: 'OB-REC-1',
    what: 'recommend continue, pause or roll back on a running or watched deploy',
    chapter: 'AI Agents CAN: suggest rollback if health checks fail; Recommend: continue, pause, or rollback',
    permissions: OPEN,
  },

  {
    action: 'timeline.annotate',
    rule: 'OB-DOC-1',
    what: "add a note to an incident's timeline",
    chapter: 'AI Agents CAN: document deployment outcomes',
    permissions: OPEN,
  },
  {
    action: 'alert.raise',
    rule: 'OB-ALERT-1',
    what: 'raise an alert that pages the on-call through the normal path',
    chapter: 'AI Agents CAN: alert on anomalies',
    permissions: OPEN,
  },
  {
    action: 'report.analysis',
    rule: 'OB-DOC-2',
    what: "attach an analysis to an incident's post-incident report",
    chapter: 'MAJOR: Human must review (AI provides analysis)',
    permissions: OPEN,
  },
  {
    action: 'deploy.request',
    rule: 'OB-DEPLOY-1',
    what: 'request a production deploy',
    chapter: 'AI Agents CANNOT: deploy without human approval',
    permissions: PEOPLE,
  },
  {
    action: 'deploy.approve',
    rule: 'OB-DEPLOY-2',
    what: 'approve a deploy',
    chapter: 'AI Agents CANNOT: bypass approval gates; Human MUST: approve all deployments',
    permissions: PEOPLE,
  },
  {
    action: 'deploy.execute',
    rule: 'OB-DEPLOY-3',
    what: 'start or advance a deploy',
    chapter: 'AI Agents CANNOT: deploy without human approval',
    permissions: DECIDED,
  },
  {
    action: 'rollback.execute',
    rule: 'OB-ROLLBACK-1',
    what: 'execute a rollback',
    chapter: 'Human MUST: execute rollback decisions',
    permissions: DECIDED,
  },
  {
    action: 'incident.acknowledge',
    rule: 'OB-INC-1',
    what: 'acknowledge an incident or its page',
    chapter: 'Human MUST: respond to incidents',
    permissions: PEOPLE,
  },
  {
    action: 'incident.command',
    rule: 'OB-INC-2',
    what: "take or assign an incident's command or roles, post its updates",
    chapter: 'Human MUST: respond to incidents',
    permissions: PEOPLE,
  },
  {
    action: 'incident.resolve',
    rule: 'OB-INC-3',
    what: 'resolve an incident or close its review',
    chapter: 'Human MUST: respond to incidents; conduct post-incident reviews',
    permissions: PEOPLE,
  },
  {
    action: 'incident.severity',
    rule: 'OB-INC-4',
    what: "change an incident's severity",
    chapter: 'Human MUST: respond to incidents',
    permissions: PEOPLE,
  },
  {
    action: 'config.change',
    rule: 'OB-CONFIG-1',
    what: 'change configuration or policy',
    chapter: 'AI Agents CANNOT: modify production configuration without review',
    permissions: PEOPLE,
  },
  {
    action: 'secrets.read',
    rule: 'OB-SECRET-1',
    what: 'read secrets or configuration values that are secrets',
    chapter: 'AI Agents CANNOT: access production secrets directly',
    permissions: { human: 'deny', bot: 'deny', agent: 'deny', shipgate: 'deny' },
  },
  {
    action: 'watch.stop',
    rule: 'OB-MON-1',
    what: 'stop a post-deploy watch',
    chapter: 'AI Agents CANNOT: disable monitoring or alerting',
    permissions: PEOPLE,
  },
  {
    action: 'alert.silence',
    rule: 'OB-MON-2',
    what: 'silence an alert or a page',
    chapter: 'AI Agents CANNOT: disable monitoring or alerting',
    permissions: PEOPLE,
  },
  {
    action: 'clock.stop',
    rule: 'OB-MON-3',
    what: "stop or silence an incident's severity clocks",
    chapter: 'AI Agents CANNOT: disable monitoring or alerting',
    permissions: PEOPLE,
  },
  {
    action: 'agents.switch',
    rule: 'OB-STOP-1',
    what: 'stop or resume every agent token (the emergency stop)',
    chapter: 'AI Agent Readiness: AI Agent emergency stop tested',
    permissions: PEOPLE,
  },
];
