import { z } from 'zod';
import { durationSchema } from './duration.js';
import { hourRangeSchema } from './hour-range.js';
import { resourceNameSchema, roleNameSchema } from './identifier-schemas.js';
import { percentageSchema } from './percentage.js';
import { thresholdSchema } from './threshold.js';
import { expectedMessage, noDuplicates, strictObject } from './typed-value.js';
import { weekdaySchema } from './weekday.js';

/** Deployment strategies of chapter 3.1; `recreate` is refused for production unless `allow_recreate: true`. */
export const DEPLOYMENT_STRATEGIES = ['blue-green', 'canary', 'rolling', 'recreate'] as const;
/** Channels a rollback notifies (chapter 3.4). */
export const NOTIFICATION_CHANNELS = ['slack', 'pagerduty', 'email'] as const;
/** What a monitoring alert does when its threshold is crossed. */
export const ALERT_ACTIONS = ['alert_oncall', 'notify_channel', 'recommend_rollback'] as const;
/** Named blackout periods of `change_window.blackout_periods` (inputs live in the main config). */
export const BLACKOUT_PERIODS = ['holidays', 'end_of_month', 'major_events'] as const;

const stepName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('a check name such as smoke_tests', i.input) });

/** One `- smoke_tests: required` list item, parsed to `{ name, level }`. */
const validationStep = z
  .record(stepName, z.enum(['required', 'optional']), {
    error: (i) => expectedMessage('an entry such as "smoke_tests: required"', i.input),
  })
  .superRefine((entry, ctx) => {
    const count = Object.keys(entry).length;
    if (count !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one "name: required|optional" per item, got ${count}`,
      });
  })
  .transform((entry) => {
    const [name = '', level = 'required'] = Object.entries(entry)[0] ?? [];
    return { name, level };
  });

const validationSteps = z
  .array(validationStep)
  .superRefine(noDuplicates((s) => s.name, 'check'))
  .default([]);

/** A rollback trigger of chapter 4.3, one per list item (`- error_rate_increase: 10%`). */
export type RollbackTrigger =
  | { readonly kind: 'health_check_failures'; readonly consecutive: number }
  | { readonly kind: 'error_rate_increase'; readonly percent: number; readonly relative: boolean }
  | { readonly kind: 'latency_increase'; readonly percent: number; readonly relative: boolean }
  | { readonly kind: 'business_metric_degradation'; readonly percent: number; readonly relative: boolean }
  | { readonly kind: 'security_incident' };

const triggerFields = strictObject(
  {
    health_check_failures: z
      .int({ error: (i) => expectedMessage('a whole number of consecutive failures such as 3', i.input) })
      .positive()
      .optional(),
    error_rate_increase: percentageSchema.optional(),
    latency_increase: percentageSchema.optional(),
    business_metric_degradation: percentageSchema.optional(),
    security_incident: z.literal(true, { error: (i) => expectedMessage('true', i.input) }).optional(),
    /** `relative: false` (error rate only) compares in percentage points over the baseline instead of relative to it. */
    relative: z.boolean().optional(),
  },
  'a trigger such as "error_rate_increase: 10%"',
);

const rollbackTrigger = triggerFields
  .superRefine((entry, ctx) => {
    const count = Object.keys(entry).filter((k) => k !== 'relative').length;
    if (count !== 1)
      ctx.addIssue({ code: 'custom', message: `expected exactly one trigger per item, got ${count}` });
    const percentKind =
      entry.error_rate_increase !== undefined ||
      entry.latency_increase !== undefined ||
      entry.business_metric_degradation !== undefined;
    if (entry.relative !== undefined && !percentKind)
      ctx.addIssue({
        code: 'custom',
        path: ['relative'],
        message:
          'relative applies only to error_rate_increase, latency_increase and business_metric_degradation',
      });
  })
  .transform((entry): RollbackTrigger => {
    const relative = entry.relative ?? true;
    if (entry.health_check_failures !== undefined)
      return { kind: 'health_check_failures', consecutive: entry.health_check_failures };
    if (entry.error_rate_increase !== undefined)
      return { kind: 'error_rate_increase', percent: entry.error_rate_increase, relative };
    if (entry.latency_increase !== undefined)
      return { kind: 'latency_increase', percent: entry.latency_increase, relative };
    if (entry.business_metric_degradation !== undefined)
      return { kind: 'business_metric_degradation', percent: entry.business_metric_degradation, relative };
    return { kind: 'security_incident' };
  });

const approval = strictObject({
  required: z.boolean(),
  approvers: z
    .array(roleNameSchema)
    .superRefine(noDuplicates((r) => r, 'role'))
    .default([]),
  timeout: durationSchema.optional(),
  escalation_on_timeout: roleNameSchema.optional(),
}).superRefine((value, ctx) => {
  if (!value.required) return;
  if (value.approvers.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['approvers'],
      message: 'a required approval needs at least one approver role',
    });
  if (value.timeout === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['timeout'],
      message: 'missing; a required approval needs a timeout such as 30m',
    });
});

const metricName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('a metric name such as error_rate', i.input) });

/** Zod schema of one environment policy file: the chapter's `production-deployment.yml` format (section 3.4). */
export const environmentPolicySchema = strictObject({
  environment: resourceNameSchema,
  deployment_strategy: z.enum(DEPLOYMENT_STRATEGIES),
  allow_recreate: z.boolean().default(false),
  approval,
  validation: strictObject({ pre_deployment: validationSteps, post_deployment: validationSteps }).prefault(
    {},
  ),
  rollback: strictObject({
    automatic: z.boolean(),
    triggers: z.array(rollbackTrigger).superRefine(noDuplicates((t) => t.kind, 'trigger')),
    timeout: durationSchema,
    notification: z
      .array(z.enum(NOTIFICATION_CHANNELS))
      .superRefine(noDuplicates((n) => n, 'notification'))
      .default([]),
  }),
  monitoring: strictObject({
    duration: durationSchema,
    metrics: z
      .array(metricName)
      .min(1)
      .superRefine(noDuplicates((m) => m, 'metric')),
    alerts: z.array(strictObject({ threshold: thresholdSchema, action: z.enum(ALERT_ACTIONS) })).default([]),
  }),
  change_window: strictObject({
    allowed_days: z
      .array(weekdaySchema)
      .min(1)
      .superRefine(noDuplicates((d) => d, 'day')),
    allowed_hours: z.array(hourRangeSchema).min(1),
    blackout_periods: z
      .array(z.enum(BLACKOUT_PERIODS))
      .superRefine(noDuplicates((b) => b, 'blackout period'))
      .default([]),
  }).optional(),
});

/** A parsed environment policy; durations, thresholds, hours and days are typed values. No `change_window` = any time. */
export type EnvironmentPolicy = z.output<typeof environmentPolicySchema>;
/** One parsed validation check (`smoke_tests: required`). */
export type ValidationStep = z.output<typeof validationStep>;
/** The deployment strategy names. */
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];
/** The blackout period names. */
export type BlackoutPeriod = (typeof BLACKOUT_PERIODS)[number];
