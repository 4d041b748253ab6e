import { z } from 'zod';
import { durationSchema } from './duration.js';
import { exactlyOneKey } from './exactly-one-key.js';
import { envVarNameSchema } from './identifier-schemas.js';
import { expectedMessage, strictObject } from './typed-value.js';

/** Placeholders a watch query or health-check URL may use. */
export const WATCH_PLACEHOLDERS = ['service', 'env', 'version', 'color', 'track'] as const;

/** No `{name}` but watch placeholders (a lookahead, so a pattern can carry it into other patterns). */
const KNOWN_PLACEHOLDERS_ONLY = `(?![\\s\\S]*\\{(?!(?:${WATCH_PLACEHOLDERS.join('|')})\\})[a-z_]+\\})`;

/** What a watch query accepts, as a JSON Schema `pattern`. */
export const WATCH_TEMPLATE_PATTERN = `^${KNOWN_PLACEHOLDERS_ONLY}[\\s\\S]*$`;

/** What `metrics.http_json.url` accepts, as a JSON Schema `pattern`: an http(s) URL with watch placeholders. */
export const HTTP_JSON_URL_PATTERN = `^(?=https?://[^/\\s]+)${KNOWN_PLACEHOLDERS_ONLY}[\\s\\S]*$`;

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
  })
  .meta({ pattern: WATCH_TEMPLATE_PATTERN });

const metricKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('a metric name such as error_rate', i.input) });

/** A business metric: its query and which way is good (orders per minute: higher is better). */
const businessMetric = strictObject({
  query: watchTemplate.describe('The query, like those under `queries`.'),
  higher_is_better: z
    .boolean()
    .default(true)
    .describe(
      'Which way is good (orders per minute: higher); `business_metric_degradation` fires the other way.',
    ),
}).describe('A business metric, e.g. `orders_per_minute`.');

/**
 * A service's post-deploy watch (issue #9): one sample per `interval` for the environment's `monitoring.duration`,
 * compared with a baseline of the stable version captured before traffic moves.
 */
export const watchSchema = strictObject({
  interval: durationSchema.prefault('10s').describe('One sample per interval.'),
  baseline: durationSchema
    .prefault('5m')
    .describe("The stable version's level is its average over this long, captured before traffic moves."),
  min_samples: z.int().positive().default(3).describe('No metric trigger fires before this many samples.'),
  no_data: z
    .enum(['pause', 'fail'])
    .default('pause')
    .describe(
      'No data is never healthy: `pause` stops the watch clock, `fail` counts an empty sample as a breach.',
    ),
  max_no_data: durationSchema
    .optional()
    .describe(
      'How long a `pause` may stop the watch clock before the watch ends inconclusive (default: the monitoring duration).',
    ),
  step_window: durationSchema
    .optional()
    .describe(
      'How long each canary step (5 %, 25 %, 50 %) is judged before traffic moves on (default: `min_samples` × `interval`).',
    ),
  report_every: durationSchema
    .prefault('5m')
    .describe('How often the metrics-vs-baseline line in the thread is edited.'),
  health_check: strictObject({
    url: watchTemplate.describe(
      'The health endpoint, asked once per sample; `{service} {env} {version} {track} {color}` filled in.',
    ),
    expect_status: z.int().min(100).max(599).default(200).describe('The HTTP status that counts as healthy.'),
    timeout: durationSchema.prefault('2s').describe('How long one health request may take.'),
  })
    .optional()
    .describe(
      'The health check behind `health_check_failures` and the `health_checks` post-deployment check.',
    ),
  queries: z
    .record(
      metricKey.meta({ title: 'metric' }),
      watchTemplate.describe(
        'PromQL (or, with `metrics.http_json`, a JSON field path such as `latency.p99`); `{service} {env} {version} {track} {color}` filled in.',
      ),
    )
    .default({})
    .describe('One query per `monitoring.metrics` name that a trigger or alert needs.'),
  business_metrics: z
    .record(metricKey.meta({ title: 'metric' }), businessMetric)
    .default({})
    .describe(
      'Business metrics, for `business_metric_degradation` and the `business_metrics` post-deployment check.',
    ),
});

/**
 * Where the watch's metrics come from (`metrics` in the main file), exactly one of: `prometheus` (each watch query is
 * PromQL) or `http_json` (the service reports its own rates: a URL per track answering JSON, each watch query a
 * field path into it such as `error_rate` or `latency.p99`).
 */
export const metricsSchema = strictObject({
  prometheus: strictObject({
    url: z
      .url({ error: (i) => expectedMessage('a URL such as http://127.0.0.1:9090', i.input) })
      .describe('The Prometheus HTTP API the post-deploy watch queries, e.g. `http://127.0.0.1:9090`.'),
    timeout: durationSchema.prefault('5s').describe('How long one query may take.'),
  })
    .optional()
    .describe('Prometheus: each watch query is PromQL.'),
  http_json: strictObject({
    url: watchTemplate
      .refine((url) => /^https?:\/\/[^/\s]+/.test(url), {
        error: (i) =>
          expectedMessage('a URL such as http://127.0.0.1:8080/{service}/{track}/metrics.json', i.input),
      })
      .meta({ pattern: HTTP_JSON_URL_PATTERN })
      .describe(
        'A URL per track, `{service}`/`{track}` filled in, answering JSON; a missing field, `null`, a non-number, an HTTP error, a body that is not JSON or a timeout is no data with its reason, never healthy.',
      ),
    timeout: durationSchema.prefault('5s').describe('How long one request may take.'),
  })
    .optional()
    .describe(
      'For services that report their own rates: every watch query is then a JSON field path such as `error_rate` or `latency.p99`.',
    ),
})
  .superRefine((metrics, ctx) => {
    const set = [metrics.prometheus, metrics.http_json].filter((m) => m !== undefined).length;
    if (set !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one of prometheus or http_json, got ${set === 0 ? 'neither' : 'both'}`,
      });
  })
  .meta(exactlyOneKey(['prometheus', 'http_json']));

/** Email after a rollback (`notifications.email`): the SMTP URL comes from an environment variable. */
export const notificationsSchema = strictObject({
  email: strictObject({
    smtp_url_env: envVarNameSchema.describe(
      'The variable holding the SMTP URL; Shipgate (outside the sandbox) refuses to start when it is unset.',
    ),
    from: z
      .email({ error: (i) => expectedMessage('an address such as shipgate@example.com', i.input) })
      .describe('The sender address.'),
    to: z
      .array(z.email({ error: (i) => expectedMessage('an address such as oncall@example.com', i.input) }))
      .min(1)
      .describe('The recipients.'),
  })
    .optional()
    .describe('Email after a rollback, for policies that list `email` under `rollback.notification`.'),
});

/** A service's watch settings. */
export type WatchConfig = z.output<typeof watchSchema>;
/** The metrics source settings. */
export type MetricsConfig = z.output<typeof metricsSchema>;
/** The notification settings. */
export type NotificationsConfig = z.output<typeof notificationsSchema>;
