import { z } from 'zod';
import { durationSchema } from './duration.js';
import { envVarNameSchema } from './identifier-schemas.js';
import { expectedMessage, strictObject } from './typed-value.js';

/** Placeholders a watch query or health-check URL may use. */
export const WATCH_PLACEHOLDERS = ['service', 'env', 'version', 'color', 'track'] as const;

/** A PromQL query or URL whose `{placeholder}`s are all watch placeholders (PromQL's own `{…}` label sets pass). */
const watchTemplate = z
  .string({ error: (i) => expectedMessage('a PromQL query or URL', i.input) })
  .min(1)
  .superRefine((text, ctx) => {
    for (const [, name] of text.matchAll(/\{([a-z_]+)\}/g))
      if (!(WATCH_PLACEHOLDERS as readonly string[]).includes(name ?? ''))
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}; expected one of ${WATCH_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        });
  });

const metricKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('a metric name such as error_rate', i.input) });

/** A business metric: its query and which way is good (orders per minute: higher is better). */
const businessMetric = strictObject({
  query: watchTemplate,
  higher_is_better: z.boolean().default(true),
});

/**
 * A service's post-deploy watch (issue #9): one sample per `interval` for the environment's `monitoring.duration`,
 * compared with a baseline of the stable version captured before traffic moves.
 */
export const watchSchema = strictObject({
  interval: durationSchema.prefault('10s'),
  baseline: durationSchema.prefault('5m'),
  min_samples: z.int().positive().default(3),
  no_data: z.enum(['pause', 'fail']).default('pause'),
  /** How long a `pause` may stop the watch clock before the watch ends inconclusive (default: the monitoring duration). */
  max_no_data: durationSchema.optional(),
  /** How long each canary step (5 %, 25 %, 50 %) is judged before traffic moves on (default: min_samples × interval). */
  step_window: durationSchema.optional(),
  /** How often the metrics-vs-baseline line in the thread is edited. */
  report_every: durationSchema.prefault('5m'),
  health_check: strictObject({
    url: watchTemplate,
    expect_status: z.int().min(100).max(599).default(200),
    timeout: durationSchema.prefault('2s'),
  }).optional(),
  queries: z.record(metricKey, watchTemplate).default({}),
  business_metrics: z.record(metricKey, businessMetric).default({}),
});

/**
 * Where the watch's metrics come from (`metrics` in the main file), exactly one of: `prometheus` (each watch query is
 * PromQL) or `http_json` (the service reports its own rates: a URL per track answering JSON, each watch query a
 * field path into it such as `error_rate` or `latency.p99`).
 */
export const metricsSchema = strictObject({
  prometheus: strictObject({
    url: z.url({ error: (i) => expectedMessage('a URL such as http://127.0.0.1:9090', i.input) }),
    timeout: durationSchema.prefault('5s'),
  }).optional(),
  http_json: strictObject({
    url: watchTemplate.refine((url) => /^https?:\/\/[^/\s]+/.test(url), {
      error: (i) =>
        expectedMessage('a URL such as http://127.0.0.1:8080/{service}/{track}/metrics.json', i.input),
    }),
    timeout: durationSchema.prefault('5s'),
  }).optional(),
}).superRefine((metrics, ctx) => {
  const set = [metrics.prometheus, metrics.http_json].filter((m) => m !== undefined).length;
  if (set !== 1)
    ctx.addIssue({
      code: 'custom',
      message: `expected exactly one of prometheus or http_json, got ${set === 0 ? 'neither' : 'both'}`,
    });
});

/** Email after a rollback (`notifications.email`): the SMTP URL comes from an environment variable. */
export const notificationsSchema = strictObject({
  email: strictObject({
    smtp_url_env: envVarNameSchema,
    from: z.email({ error: (i) => expectedMessage('an address such as shipgate@example.com', i.input) }),
    to: z
      .array(z.email({ error: (i) => expectedMessage('an address such as oncall@example.com', i.input) }))
      .min(1),
  }).optional(),
});

/** A service's watch settings. */
export type WatchConfig = z.output<typeof watchSchema>;
/** The metrics source settings. */
export type MetricsConfig = z.output<typeof metricsSchema>;
/** The notification settings. */
export type NotificationsConfig = z.output<typeof notificationsSchema>;
