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
  name: z.string().min(1),
  from: calendarDateSchema,
  to: calendarDateSchema,
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
  respond_within: durationSchema,
  update_every: durationSchema.optional(),
  escalate_to: z
    .array(roleNameSchema)
    .superRefine(noDuplicates((r) => r, 'role'))
    .default([]),
  page: z.boolean(),
  /** Roles invited into the incident channel at declare, besides the declarer, commander and on-call. */
  invite: z
    .array(roleNameSchema)
    .superRefine(noDuplicates((r) => r, 'role'))
    .default([]),
});

/** Where a service's source lives, so releases can read its commits and tag what survived production. */
const repository = strictObject({
  /** The git work tree, relative to the main config file's folder. */
  path: z.string().min(1),
  /** Version tags are `<tag_prefix><version>` (v2.5.4). */
  tag_prefix: z.string().default('v'),
  /** Pushed to after tagging when set (a remote name such as origin). */
  remote: z.string().min(1).optional(),
  /** Environments whose surviving deploys are tagged (a tag means "survived production"). */
  tag_environments: z
    .array(resourceNameSchema)
    .superRefine(noDuplicates((e) => e, 'environment'))
    .default(['production']),
});

/** The production readiness checklist (chapter 5) and the score that gates `/deploy` per environment. */
const readiness = strictObject({
  /** The checklist file, relative to the main config file's folder. */
  checklist: z.string().min(1).default('readiness-checklist.yml'),
  /** Per environment, the score (0–100) a deploy needs; an environment absent here has no score gate. */
  minimum_score: z.record(resourceNameSchema, z.int().min(0).max(100)).default({}),
  /** How long a person's checkbox attestation counts. */
  attestation_valid_for: durationSchema.prefault('30d'),
  /** Environments where `--emergency` skips the readiness gate (none by default: an emergency still needs it). */
  emergency_skips_gate: z
    .array(resourceNameSchema)
    .superRefine(noDuplicates((e) => e, 'environment'))
    .default([]),
});

const service = strictObject({
  channel: channelRefSchema,
  environments: z
    .array(resourceNameSchema)
    .min(1)
    .superRefine(noDuplicates((e) => e, 'environment')),
  pagerduty: strictObject({
    service_id: pagerDutyIdSchema,
    escalation_policy_id: pagerDutyIdSchema.optional(),
    schedule_id: pagerDutyIdSchema.optional(),
  }).optional(),
  deploy: deployTargetSchema.optional(),
  validations: z.record(checkNameSchema, validationBindingSchema).default({}),
  watch: watchSchema.optional(),
  repository: repository.optional(),
});

const roleMembers = z
  .array(slackUserIdSchema, {
    error: (i) => expectedMessage('a list of Slack user ids such as [U0BOB]', i.input),
  })
  .superRefine(noDuplicates((u) => u, 'member'));

/** Zod schema of the main config file (`config/shipgate.yml`); see `config/shipgate.example.yml` for each key. */
export const shipgateConfigSchema = strictObject({
  timezone: timeZoneSchema,
  holidays: strictObject({
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: (i) => expectedMessage('a country code such as DE', i.input) }),
    state: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
  }).optional(),
  environments_dir: z.string().min(1).default('environments'),
  change_calendar: strictObject({
    end_of_month_business_days: z.int().min(1).max(10).default(2),
    major_events: z.array(majorEvent).default([]),
  }).prefault({}),
  roles: z.record(roleNameSchema, roleMembers),
  bump_approvers: strictObject({ major: roleNameSchema, minor: roleNameSchema, patch: roleNameSchema }),
  services: z.record(resourceNameSchema, service),
  incidents: strictObject({
    channel: channelRefSchema,
    status_channel: channelRefSchema,
    severities: strictObject({
      'SEV-1': severityPolicy,
      'SEV-2': severityPolicy,
      'SEV-3': severityPolicy,
      'SEV-4': severityPolicy,
    }),
    review_within: durationSchema,
    archive_after: durationSchema.optional(),
    /** Roles whose members may act on any incident by id from outside its channel (never on a private one they are not in). */
    outside_roles: z.array(resourceNameSchema).default(['engineering-lead']),
  }),
  paging: strictObject({
    pagerduty: strictObject({
      routing_key_env: envVarNameSchema,
      escalation_contacts: z.array(slackUserIdSchema).default([]),
    }).optional(),
  }).optional(),
  /** How long one call to Slack's Web API or to PagerDuty (Events and REST) may take before it is given up. */
  timeouts: strictObject({
    slack: durationSchema.prefault('10s'),
    pagerduty: durationSchema.prefault('10s'),
    email: durationSchema.prefault('10s'),
  }).prefault({}),
  /**
   * How long a Slack message Shipgate sends (live messages, thread replies, queued posts) is retried through
   * transient failures — 5xx, 429, timeouts, network errors — counted from when it was queued.
   */
  outbox: strictObject({
    retry_for: durationSchema.prefault('24h'),
  }).prefault({}),
  metrics: metricsSchema.optional(),
  notifications: notificationsSchema.prefault({}),
  readiness: readiness.optional(),
  /** What a rollback opens: the severity of the incident it declares. */
  rollback: strictObject({
    incident_severity: z.enum(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4']).default('SEV-2'),
  }).prefault({}),
  /** The agent API and MCP server (`/api/v1`, `/mcp`): requests per minute each agent token may make. */
  agents: strictObject({
    rate_limit: z.int().min(1).max(100_000).default(60),
  }).prefault({}),
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
