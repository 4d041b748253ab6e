import { z } from 'zod';
import { calendarDateSchema } from './calendar-date.js';
import { deployTargetSchema, validationBindingSchema } from './deploy-target-schema.js';
import { durationSchema } from './duration.js';
import {
  channelRefSchema,
  envVarNameSchema,
  pagerDutyIdSchema,
  resourceNameSchema,
  roleNameSchema,
  slackUserIdSchema,
  timeZoneSchema,
} from './identifier-schemas.js';
import { expectedMessage, noDuplicates, strictObject } from './typed-value.js';
import { metricsSchema, notificationsSchema, watchSchema } from './watch-schema.js';

/** Incident severities of chapter 6.1, most severe first. */
export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
/** An incident severity name. */
export type Severity = (typeof SEVERITIES)[number];
/** SemVer bump kinds that pick an approver role (chapter 4.1). */
export const BUMPS = ['major', 'minor', 'patch'] as const;
/** A SemVer bump kind. */
export type Bump = (typeof BUMPS)[number];

const majorEvent = strictObject({
  name: z.string().min(1).describe('The event, e.g. `Black Friday`.'),
  from: calendarDateSchema.describe('Its first day, `YYYY-MM-DD`.'),
  to: calendarDateSchema.describe('Its last day, `YYYY-MM-DD`, on or after `from`.'),
}).superRefine((event, ctx) => {
  if (event.to < event.from)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `expected a date on or after ${event.from}, got "${event.to}"`,
    });
});

const checkNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('a check name such as smoke_tests', i.input) });

const severityPolicy = strictObject({
  respond_within: durationSchema.describe(
    'The first response (`ack` or a commander) is due this long after declaring; a reminder at two thirds of it.',
  ),
  update_every: durationSchema
    .optional()
    .describe('Status updates are due this often from the acknowledgement on. Absent: no update clock.'),
  escalate_to: z
    .array(roleNameSchema)
    .superRefine(noDuplicates((r) => r, 'role'))
    .default([])
    .describe(
      'Roles a breached clock escalates to (a mention, a direct message to each member, a PagerDuty alert).',
    ),
  page: z.boolean().describe('Whether declaring pages the on-call through PagerDuty.'),
  /** Roles invited into the incident channel at declare, besides the declarer, commander and on-call. */
  invite: z
    .array(roleNameSchema)
    .superRefine(noDuplicates((r) => r, 'role'))
    .default([])
    .describe(
      'Roles invited into the incident channel at declare, besides the declarer, commander and on-call.',
    ),
}).describe("One severity's clocks (chapter 6.1).");

/** Where a service's source lives, so releases can read its commits and tag what survived production. */
const repository = strictObject({
  /** The git work tree, relative to the main config file's folder. */
  path: z.string().min(1).describe("The git work tree, relative to the main file's folder."),
  /** Version tags are `<tag_prefix><version>` (v2.5.4). */
  tag_prefix: z.string().default('v').describe('Version tags are `<tag_prefix><version>` (`v2.5.4`).'),
  /** Pushed to after tagging when set (a remote name such as origin). */
  remote: z
    .string()
    .min(1)
    .optional()
    .describe('A remote such as `origin` that new tags are pushed to. Absent: tags stay local.'),
  /** Environments whose surviving deploys are tagged (a tag means "survived production"). */
  tag_environments: z
    .array(resourceNameSchema)
    .superRefine(noDuplicates((e) => e, 'environment'))
    .default(['production'])
    .describe(
      'Environments whose surviving deploys are tagged (a tag means "survived production"); the first one is where `/release suggest` reads the running version.',
    ),
});

/** The production readiness checklist (chapter 5) and the score that gates `/deploy` per environment. */
const readiness = strictObject({
  /** The checklist file, relative to the main config file's folder. */
  checklist: z
    .string()
    .min(1)
    .default('readiness-checklist.yml')
    .describe("The checklist file, relative to the main file's folder."),
  /** Per environment, the score (0–100) a deploy needs; an environment absent here has no score gate. */
  minimum_score: z
    .record(
      resourceNameSchema.meta({ title: 'environment' }),
      z.int().min(0).max(100).describe('The score (0–100) a deploy to this environment needs.'),
    )
    .default({})
    .describe(
      'Environments with a readiness gate: `/deploy` refuses a version below the score or with a failed critical item. An environment absent here has no gate.',
    ),
  /** How long a person's checkbox attestation counts. */
  attestation_valid_for: durationSchema
    .prefault('30d')
    .describe("How long a person's tick on an attest item (and an emergency stop drill) counts."),
  /** Environments where `--emergency` skips the readiness gate (none by default: an emergency still needs it). */
  emergency_skips_gate: z
    .array(resourceNameSchema)
    .superRefine(noDuplicates((e) => e, 'environment'))
    .default([])
    .describe(
      'Environments where `--emergency` skips the readiness gate (none by default: an emergency still needs it).',
    ),
});

const service = strictObject({
  channel: channelRefSchema.describe(
    "Where deploy requests and results are posted: `'#name'` (quoted: `#` starts a YAML comment) or a channel id (`C…`).",
  ),
  environments: z
    .array(resourceNameSchema)
    .min(1)
    .superRefine(noDuplicates((e) => e, 'environment'))
    .describe('The environments (from `environments_dir`) this service deploys to.'),
  pagerduty: strictObject({
    service_id: pagerDutyIdSchema.describe('The PagerDuty service paged for this service (`P…`).'),
    escalation_policy_id: pagerDutyIdSchema
      .optional()
      .describe(
        'The escalation policy whose on-call approves as on-call engineer when there is no `schedule_id`.',
      ),
    schedule_id: pagerDutyIdSchema
      .optional()
      .describe('The schedule whose on-call right now approves as on-call engineer.'),
  })
    .optional()
    .describe('PagerDuty ids used when paging for this service; its on-call approves as on-call engineer.'),
  deploy: deployTargetSchema
    .optional()
    .describe(
      'The deploy adapter: where the deploy steps run (`adapter: command` or `adapter: http`, see [Deploy adapters](#deploy-adapters)); needed for environments whose approval is required.',
    ),
  validations: z
    .record(checkNameSchema.meta({ title: 'check' }), validationBindingSchema)
    .default({})
    .describe(
      'How each pre-deployment check the environments require (`smoke_tests: required`, …) is run: bound to a command or an HTTP check.',
    ),
  watch: watchSchema
    .optional()
    .describe(
      'The post-deploy watch: what the rollback triggers, alerts and post-deployment checks sample (see [Post-deploy watch and rollback](#post-deploy-watch-and-rollback)). Absent: a deploy succeeds at once, unwatched.',
    ),
  repository: repository
    .optional()
    .describe(
      'Where the source lives, so releases can read its commits and tag what survived (see [Releases](#releases)).',
    ),
}).describe('One service Shipgate deploys.');

const roleMembers = z
  .array(slackUserIdSchema, {
    error: (i) => expectedMessage('a list of Slack user ids such as [U0BOB]', i.input),
  })
  .superRefine(noDuplicates((u) => u, 'member'))
  .describe("The role's members: Slack user ids (`U…`/`W…`), never names.");

/** Zod schema of the main config file (`config/shipgate.yml`); see `config/shipgate.example.yml` for each key. */
export const shipgateConfigSchema = strictObject({
  timezone: timeZoneSchema.describe(
    'IANA zone for change windows and human-facing times (e.g. `Europe/Berlin`).',
  ),
  holidays: strictObject({
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: (i) => expectedMessage('a country code such as DE', i.input) })
      .describe('The country code, e.g. `DE`.'),
    state: z.string().min(1).optional().describe('A state or province code within the country, e.g. `BY`.'),
    region: z.string().min(1).optional().describe('A region code within the state.'),
  })
    .optional()
    .describe(
      'The [date-holidays](https://github.com/commenthol/date-holidays) calendar used by the `holidays` blackout.',
    ),
  environments_dir: z
    .string()
    .min(1)
    .default('environments')
    .describe(
      'Folder of environment policies, relative to the main file. Every `*.yml` there is one environment, named by its `environment:` key.',
    ),
  change_calendar: strictObject({
    end_of_month_business_days: z
      .int()
      .min(1)
      .max(10)
      .default(2)
      .describe('How many last business days of each month the `end_of_month` blackout covers.'),
    major_events: z
      .array(majorEvent)
      .default([])
      .describe('Date ranges for the `major_events` blackout (inclusive, in `timezone`).'),
  })
    .prefault({})
    .describe("Inputs of the environments' `blackout_periods`."),
  roles: z
    .record(roleNameSchema.meta({ title: 'role' }), roleMembers)
    .describe(
      'Role → list of Slack user ids (`U…`/`W…`). The only place people are bound to roles: approvals, escalations and severities name roles, never people.',
    ),
  bump_approvers: strictObject({
    major: roleNameSchema.describe('Approves a MAJOR bump (the chapter: `engineering-lead`).'),
    minor: roleNameSchema.describe('Approves a MINOR bump (the chapter: `team-lead`).'),
    patch: roleNameSchema.describe('Approves a PATCH bump (the chapter: `on-call-engineer`).'),
  }).describe(
    "The role that must approve each SemVer bump, on top of the environment's `approval.approvers` (chapter 4.1).",
  ),
  services: z
    .record(resourceNameSchema.meta({ title: 'service' }), service)
    .describe('The services Shipgate deploys.'),
  incidents: strictObject({
    channel: channelRefSchema.describe('Where new incidents are announced.'),
    status_channel: channelRefSchema.describe('Where approved customer notices are posted.'),
    severities: strictObject({
      'SEV-1': severityPolicy,
      'SEV-2': severityPolicy,
      'SEV-3': severityPolicy,
      'SEV-4': severityPolicy,
    }).describe('The clocks and escalation of each severity (chapter 6.1).'),
    review_within: durationSchema.describe(
      'The post-incident review is due this long after resolution (chapter 6.2), e.g. `48h`.',
    ),
    archive_after: durationSchema
      .optional()
      .describe('The incident channel is archived this long after resolution. Absent: never.'),
    outside_roles: z
      .array(resourceNameSchema)
      .default(['engineering-lead'])
      .describe(
        'Roles whose members may act on any incident by id from outside its channel (never on a private one they are not in).',
      ),
  }).describe('Incident response (chapter 6).'),
  paging: strictObject({
    pagerduty: strictObject({
      routing_key_env: envVarNameSchema.describe(
        'The *name* of the variable holding the Events API routing key.',
      ),
      escalation_contacts: z
        .array(slackUserIdSchema)
        .default([])
        .describe('Slack user ids shown when paging fails.'),
    })
      .optional()
      .describe('Paging through PagerDuty.'),
  })
    .optional()
    .describe('Paging. Absent: Shipgate only posts in Slack.'),
  timeouts: strictObject({
    slack: durationSchema.prefault('10s').describe("How long one call to Slack's Web API may take."),
    pagerduty: durationSchema
      .prefault('10s')
      .describe('How long one call to PagerDuty (Events and REST) may take.'),
    email: durationSchema.prefault('10s').describe('How long one exchange with the SMTP server may take.'),
  })
    .prefault({})
    .describe(
      'How long one call may take before it is given up and retried. Deploy targets and validations keep their own `timeout`.',
    ),
  outbox: strictObject({
    retry_for: durationSchema
      .prefault('24h')
      .describe(
        'How long a Slack message or call that fails transiently (5xx, 429, timeout, network) is retried, counted from when it was queued.',
      ),
  })
    .prefault({})
    .describe('Retries of what Shipgate sends to Slack (live messages, thread replies, queued posts).'),
  metrics: metricsSchema
    .optional()
    .describe(
      'Where the post-deploy watch reads metrics: exactly one of `prometheus` or `http_json`. Absent: the watch queries are never sampled (`config check` warns).',
    ),
  notifications: notificationsSchema.prefault({}).describe('Notifications besides Slack and PagerDuty.'),
  readiness: readiness
    .optional()
    .describe(
      'Production readiness: the checklist `/readiness` scores and the score `/deploy` needs per environment (see [Production readiness](#production-readiness)). Absent: no readiness at all.',
    ),
  rollback: strictObject({
    incident_severity: z
      .enum(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'])
      .default('SEV-2')
      .describe('The severity of the incident a rollback declares.'),
  })
    .prefault({})
    .describe('What a rollback opens.'),
  agents: strictObject({
    rate_limit: z
      .int()
      .min(1)
      .max(100_000)
      .default(60)
      .describe(
        'Requests a minute per agent token on `/api/v1` and `/mcp` (per replica) before it is answered 429.',
      ),
  })
    .prefault({})
    .describe(
      'AI agents holding an agent token (see [Human oversight](#human-oversight-agents-the-boundary-and-the-audit)).',
    ),
});

/** The parsed main config: typed durations and dates, roles bound to Slack user ids. */
export type ShipgateConfig = z.output<typeof shipgateConfigSchema>;
/** One service's deploy settings. */
export type ServiceConfig = z.output<typeof service>;
/** A service's source repository settings. */
export type RepositoryConfig = z.output<typeof repository>;
/** The readiness settings of the main config. */
export type ReadinessConfig = z.output<typeof readiness>;
/** One severity's clocks and escalation (chapter 6.1). */
export type SeverityPolicy = z.output<typeof severityPolicy>;
/** The agent API's settings of the main config. */
export type AgentsConfig = z.output<typeof shipgateConfigSchema>['agents'];
/** A named event during which deploys are blacked out. */
export type MajorEvent = z.output<typeof majorEvent>;
