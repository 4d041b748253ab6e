import { z } from 'zod';
import { durationSchema } from './duration.js';
import { exactlyOneKey } from './exactly-one-key.js';
import { envVarNameSchema } from './identifier-schemas.js';
import { expectedMessage, strictObject } from './typed-value.js';

/** Placeholders a command or URL template may use; anything else in braces is a config mistake. */
export const PLACEHOLDERS = [
  'service',
  'version',
  'previous_version',
  'env',
  'color',
  'percent',
  'deploy_id',
] as const;

/** What `templateSchema` accepts, as a JSON Schema `pattern`: every `{…}` is a placeholder (a lone `{` is text). */
export const TEMPLATE_PATTERN = `^(?:[^{]|\\{(?:${PLACEHOLDERS.join('|')})\\})*(?:\\{[^}]*)?$`;

/** A command line or URL with `{service}`-style placeholders; unknown placeholders are refused. */
export const templateSchema = z
  .string({ error: (i) => expectedMessage('a command such as "./deploy.sh {service} {version}"', i.input) })
  .min(1)
  .superRefine((text, ctx) => {
    for (const [, name] of text.matchAll(/\{([^}]*)\}/g)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}; expected one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        });
      }
    }
  })
  .meta({ pattern: TEMPLATE_PATTERN });

const TIMEOUT =
  'How long one step may take before it fails (default 10m); a command then gets SIGTERM, and SIGKILL 5 s later.';
const ADAPTER =
  '`command` runs one command line per step kind as a child process; `http` POSTs each step, signed, to `url`.';

/** Environment handed to commands: literal values, plus names passed through from Shipgate's own environment. */
const commandEnvironment = {
  cwd: z
    .string()
    .min(1)
    .optional()
    .describe("The commands' working directory, relative to the main file's folder (default: that folder)."),
  env: z
    .record(envVarNameSchema.meta({ title: 'NAME' }), z.string().describe("The variable's literal value."))
    .default({})
    .describe('Literal variables for the commands, e.g. `{ DEPLOY_REGION: eu-central-1 }`.'),
  pass_env: z
    .array(envVarNameSchema)
    .default([])
    .describe("Names copied from Shipgate's own environment (e.g. a cloud token); nothing else is passed."),
};

/**
 * The `command` adapter: each step kind runs a configured command line as a real child process (argv split like a
 * shell, placeholders filled per argument, no shell in between), with a timeout.
 */
const commandTarget = strictObject({
  adapter: z.literal('command').describe(ADAPTER),
  timeout: durationSchema.optional().describe(TIMEOUT),
  ...commandEnvironment,
  steps: strictObject({
    deploy: templateSchema.describe('Deploys the version: to the idle colour, the canary or the instances.'),
    smoke_test: templateSchema
      .optional()
      .describe('Blue-green: smoke-tests the idle colour before the switch.'),
    switch_traffic: templateSchema
      .optional()
      .describe('Blue-green: switches traffic to `{color}` (a rollback switches it back).'),
    set_traffic: templateSchema
      .optional()
      .describe(
        'Canary: routes `{percent}` of traffic to the canary (25 %, 50 %, 100 %; 0 % on a rollback).',
      ),
    health_check: templateSchema
      .optional()
      .describe(
        'Checks the new version after each step (canary, rolling, recreate) and after a switch back.',
      ),
    canary_stop: templateSchema.optional().describe('Rollback of a canary: stops the rollout.'),
    terminate_canary: templateSchema
      .optional()
      .describe("Rollback of a canary: terminates the canary's instances."),
    document_rollback: templateSchema.optional().describe('Runs last in every rollback, to record it.'),
  }).describe(
    'One command line per step kind; the strategy decides which run. Lines are split like a shell would, then `{service} {version} {previous_version} {env} {color} {percent} {deploy_id}` are filled in per argument; no shell runs them. Exit 0 means the step is done.',
  ),
});

/** The `http` adapter: each step is a JSON POST signed with HMAC-SHA256 (key from `secret_env`), optionally polled. */
const httpTarget = strictObject({
  adapter: z.literal('http').describe(ADAPTER),
  url: templateSchema.describe(
    'Each step is a JSON POST here (`{ deploy_id, service, version, previous_version, env, step, color, percent }`); a non-2xx answer fails the step.',
  ),
  secret_env: envVarNameSchema.describe(
    'The variable holding the secret that signs each request (`X-Shipgate-Signature`, HMAC-SHA256).',
  ),
  status_url: templateSchema
    .optional()
    .describe(
      'Polled after each step (signed GET) until it answers `{"status":"succeeded"}` or `"failed"`, or `timeout` passes.',
    ),
  poll_every: durationSchema.optional().describe('How often `status_url` is polled (default 5s).'),
  timeout: durationSchema.optional().describe(TIMEOUT),
});

/** Where a service's deploy steps run. */
export const deployTargetSchema = z.discriminatedUnion('adapter', [commandTarget, httpTarget], {
  error: (i) => expectedMessage('adapter: command or adapter: http', i.input),
});

/** A pre-deployment validation bound to a command (exit 0 passes) or an HTTP GET (2xx passes). */
export const validationBindingSchema = strictObject({
  command: templateSchema
    .optional()
    .describe(
      'A command line; exit 0 passes (split and filled like the deploy steps, plus `SHIPGATE_CHECK`).',
    ),
  http: templateSchema.optional().describe('A URL to GET; a 2xx answer passes.'),
  timeout: durationSchema.optional().describe('How long the check may take (default 5m).'),
  ...commandEnvironment,
})
  .superRefine((binding, ctx) => {
    if ((binding.command === undefined) === (binding.http === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'expected exactly one of command or http' });
    }
  })
  .meta(exactlyOneKey(['command', 'http']))
  .describe('One check, bound to exactly one of `command` or `http`.');

/** A service's deploy target settings. */
export type DeployTargetConfig = z.output<typeof deployTargetSchema>;
/** One validation binding. */
export type ValidationBinding = z.output<typeof validationBindingSchema>;
