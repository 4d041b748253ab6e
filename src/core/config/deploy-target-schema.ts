import { z } from 'zod';
import { durationSchema } from './duration.js';
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
  });

/** Environment handed to commands: literal values, plus names passed through from Shipgate's own environment. */
const commandEnvironment = {
  cwd: z.string().min(1).optional(),
  env: z.record(envVarNameSchema, z.string()).default({}),
  pass_env: z.array(envVarNameSchema).default([]),
};

/**
 * The `command` adapter: each step kind runs a configured command line as a real child process (argv split like a
 * shell, placeholders filled per argument, no shell in between), with a timeout.
 */
const commandTarget = strictObject({
  adapter: z.literal('command'),
  timeout: durationSchema.optional(),
  ...commandEnvironment,
  steps: strictObject({
    deploy: templateSchema,
    smoke_test: templateSchema.optional(),
    switch_traffic: templateSchema.optional(),
    set_traffic: templateSchema.optional(),
    health_check: templateSchema.optional(),
    /** Rollback steps (chapter 4.3): stop a canary rollout, terminate its instances, record the rollback. */
    canary_stop: templateSchema.optional(),
    terminate_canary: templateSchema.optional(),
    document_rollback: templateSchema.optional(),
  }),
});

/** The `http` adapter: each step is a JSON POST signed with HMAC-SHA256 (key from `secret_env`), optionally polled. */
const httpTarget = strictObject({
  adapter: z.literal('http'),
  url: templateSchema,
  secret_env: envVarNameSchema,
  status_url: templateSchema.optional(),
  poll_every: durationSchema.optional(),
  timeout: durationSchema.optional(),
});

/** Where a service's deploy steps run. */
export const deployTargetSchema = z.discriminatedUnion('adapter', [commandTarget, httpTarget], {
  error: (i) => expectedMessage('adapter: command or adapter: http', i.input),
});

/** A pre-deployment validation bound to a command (exit 0 passes) or an HTTP GET (2xx passes). */
export const validationBindingSchema = strictObject({
  command: templateSchema.optional(),
  http: templateSchema.optional(),
  timeout: durationSchema.optional(),
  ...commandEnvironment,
}).superRefine((binding, ctx) => {
  if ((binding.command === undefined) === (binding.http === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'expected exactly one of command or http' });
  }
});

/** A service's deploy target settings. */
export type DeployTargetConfig = z.output<typeof deployTargetSchema>;
/** One validation binding. */
export type ValidationBinding = z.output<typeof validationBindingSchema>;
