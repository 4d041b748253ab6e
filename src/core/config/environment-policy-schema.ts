import { z } from 'zod';
import { durationSchema } from './duration.js';
import { exactlyOneKey } from './exactly-one-key.js';
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
  .record(
    stepName.meta({ title: 'check' }),
    z
      .enum(['required', 'optional'])
      .describe(
        '`required`: a failure refuses the deploy (before it; so does a check that is not bound) or fires a rollback trigger (after it); `optional`: shown, never blocking.',
      ),
    { error: (i) => expectedMessage('an entry such as "smoke_tests: required"', i.input) },
  )
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
  })
  .meta({ minProperties: 1, maxProperties: 1 });

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
      .optional()
      .describe('Fires on this many failing health checks in a row; a passing one resets the count.'),
    error_rate_increase: percentageSchema
      .optional()
      .describe('Fires when the error rate exceeds the baseline by this much, e.g. `10%`: baseline × 1.10.'),
    latency_increase: percentageSchema
      .optional()
      .describe('Fires when any latency metric (p95 or p99) exceeds its baseline by this much, e.g. `50%`.'),
    business_metric_degradation: percentageSchema
      .optional()
      .describe('Fires when a business metric moves this much the bad way, e.g. `5%`.'),
    security_incident: z
      .literal(true, { error: (i) => expectedMessage('true', i.input) })
      .optional()
      .describe(
        '`true`: a security incident for the service (`/incident declare SEV-1 … --security --service <svc>`) fires it on a watched release.',
      ),
    relative: z
      .boolean()
      .optional()
      .describe(
        '`false` (error rate only) compares in percentage points over the baseline instead of relative to it.',
      ),
  },
  'a trigger such as "error_rate_increase: 10%"',
);

const PERCENT_TRIGGERS = ['error_rate_increase', 'latency_increase', 'business_metric_degradation'];
const TRIGGER_KINDS = ['health_check_failures', ...PERCENT_TRIGGERS, 'security_incident'];

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
  })
  .meta({
    ...exactlyOneKey(TRIGGER_KINDS),
    dependentSchemas: { relative: { anyOf: PERCENT_TRIGGERS.map((kind) => ({ required: [kind] })) } },
  })
  .describe('One trigger per item, e.g. `health_check_failures: 3` or `error_rate_increase: 10%`.');

const approval = strictObject({
  required: z.boolean().describe('Whether people must approve a deploy here; production requires approval.'),
  approvers: z
    .array(roleNameSchema)
    .superRefine(noDuplicates((r) => r, 'role'))
    .default([])
    .describe(
      "Roles that must each approve, on top of the bump's role from `bump_approvers`; each role is filled by a different human.",
    ),
  timeout: durationSchema
    .optional()
    .describe(
      'How long approvers have (needed when approval is required): a reminder at two thirds of it; at the timeout the request escalates to `escalation_on_timeout`, and after the same time again it expires.',
    ),
  escalation_on_timeout: roleNameSchema
    .optional()
    .describe(
      'The role whose members may approve in place of all missing roles after the timeout. Absent: the request expires at the timeout.',
    ),
})
  .superRefine((value, ctx) => {
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
  })
  .meta({
    if: { properties: { required: { const: true } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited
    then: { required: ['approvers', 'timeout'], properties: { approvers: { type: 'array', minItems: 1 } } },
  })
  .describe('Who approves a deploy to this environment, and how long they have.');

const metricName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('a metric name such as error_rate', i.input) });

/** Zod schema of one environment policy file: the chapter's `production-deployment.yml` format (section 3.4). */
export const environmentPolicySchema = strictObject({
  environment: resourceNameSchema.describe(
    "The environment's name, e.g. `production`; services list it under `environments`.",
  ),
  deployment_strategy: z
    .enum(DEPLOYMENT_STRATEGIES)
    .describe(
      'The default strategy (chapter 3.1): `blue-green`, `canary`, `rolling` or `recreate` (see [Strategies](#strategies)).',
    ),
  allow_recreate: z
    .boolean()
    .default(false)
    .describe('`recreate` is refused where approval is required unless this is `true`.'),
  approval,
  validation: strictObject({
    pre_deployment: validationSteps.describe(
      "Checks run one by one before anyone is asked to approve, each bound per service under the service's `validations`.",
    ),
    post_deployment: validationSteps.describe(
      'Checks judged once at the first watch sample after traffic moved: `health_checks`, `smoke_tests`, `monitoring_verification`, `business_metrics`.',
    ),
  })
    .prefault({})
    .describe('Checks as lists of `name: required|optional`.'),
  rollback: strictObject({
    automatic: z
      .boolean()
      .describe(
        '`true`: a fired trigger rolls back at once. `false`: a message recommends **Roll back now** or **Keep** and the on-call is paged.',
      ),
    triggers: z
      .array(rollbackTrigger)
      .superRefine(noDuplicates((t) => t.kind, 'trigger'))
      .describe('What the post-deploy watch rolls back on, one trigger per item.'),
    timeout: durationSchema.describe(
      'A rollback must complete within this long; an overrun pages the on-call and escalates to the engineering lead.',
    ),
    notification: z
      .array(z.enum(NOTIFICATION_CHANNELS))
      .superRefine(noDuplicates((n) => n, 'notification'))
      .default([])
      .describe('Who hears of a rollback: `slack`, `pagerduty`, `email` (needs `notifications.email`).'),
  }).describe('When and how a release is rolled back (chapter 4.3).'),
  monitoring: strictObject({
    duration: durationSchema.describe('How long the post-deploy watch runs (doubled for a MAJOR bump).'),
    metrics: z
      .array(metricName)
      .min(1)
      .superRefine(noDuplicates((m) => m, 'metric'))
      .describe('The metrics watched; every metric an alert names must be listed here.'),
    alerts: z
      .array(
        strictObject({
          threshold: thresholdSchema.describe(
            'A metric, `>` `>=` `<` `<=` and a number, e.g. `error_rate > 1%` or `latency_p99 > 500ms`.',
          ),
          action: z
            .enum(ALERT_ACTIONS)
            .describe('`alert_oncall` pages through PagerDuty; the others post in the thread.'),
        }).describe('An alert, raised once per watch; alerts never roll back.'),
      )
      .default([])
      .describe('Alerts raised once per watch when a threshold is crossed.'),
  }).describe('The post-deploy watch.'),
  change_window: strictObject({
    allowed_days: z
      .array(weekdaySchema)
      .min(1)
      .superRefine(noDuplicates((d) => d, 'day'))
      .describe('Days deploys may run, `monday`…`sunday`.'),
    allowed_hours: z
      .array(hourRangeSchema)
      .min(1)
      .describe("Hours deploys may run, e.g. `10:00-16:00`, in the main file's `timezone`."),
    blackout_periods: z
      .array(z.enum(BLACKOUT_PERIODS))
      .superRefine(noDuplicates((b) => b, 'blackout period'))
      .default([])
      .describe(
        '`holidays` (the `holidays` calendar), `end_of_month` (`change_calendar.end_of_month_business_days`), `major_events` (`change_calendar.major_events`).',
      ),
  })
    .optional()
    .describe('When deploys may run; `--emergency` overrides only this. Absent: any time.'),
});

/** A parsed environment policy; durations, thresholds, hours and days are typed values. No `change_window` = any time. */
export type EnvironmentPolicy = z.output<typeof environmentPolicySchema>;
/** One parsed validation check (`smoke_tests: required`). */
export type ValidationStep = z.output<typeof validationStep>;
/** The deployment strategy names. */
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];
/** The blackout period names. */
export type BlackoutPeriod = (typeof BLACKOUT_PERIODS)[number];
