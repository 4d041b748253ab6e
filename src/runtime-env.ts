import { readFileSync } from 'node:fs';
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** The environment variables of the runtime contract (design.md §3); names are fixed, operators rely on them. */
export const runtimeEnvSchema = z.object({
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SHIPGATE_CONFIG: optional,
  SHIPGATE_DB: z.string().default('data/shipgate.db'),
  /** `postgres://…`: run on PostgreSQL (several replicas may share it) instead of the SQLite file `SHIPGATE_DB`. */
  SHIPGATE_DATABASE_URL: optional.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// connection string',
  }),
  /** PostgreSQL connections this replica keeps open at most. */
  SHIPGATE_DATABASE_POOL: z.coerce.number().int().min(2).max(100).default(10),
  /** This replica's name in `/metrics`, `/readyz` and timer leases; the host name by default. */
  SHIPGATE_REPLICA_ID: optional,
  SHIPGATE_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** The sandbox's web console, on 127.0.0.1 only; 0 picks a free port. */
  SHIPGATE_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  PAGERDUTY_TOKEN: optional,
  PAGERDUTY_API_URL: optional,
  PAGERDUTY_EVENTS_URL: optional,
  PAGERDUTY_FROM: optional,
  /** Signing secret of the PagerDuty v3 webhook subscription; `POST /pagerduty/webhook` is served only when set. */
  PAGERDUTY_WEBHOOK_SECRET: optional,
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

/** Parsed runtime settings. */
export type RuntimeEnv = z.infer<typeof runtimeEnvSchema>;

/** The runtime contract's secrets: each may be given as a file instead (`SLACK_BOT_TOKEN_FILE`). */
export const SECRET_NAMES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'PAGERDUTY_TOKEN',
  'PAGERDUTY_WEBHOOK_SECRET',
  'SHIPGATE_DATABASE_URL',
] as const;

/** A secret from the environment: the variable `name`, else the trimmed contents of the file `<name>_FILE` names. */
export function readSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value) return value;
  const file = env[`${name}_FILE`];
  return file ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * Reads the runtime settings. Each secret may instead be given as a file (`SLACK_BOT_TOKEN_FILE=/run/secrets/…`),
 * the usual way container platforms hand over secrets; secrets never come from the YAML config.
 */
export function readRuntimeEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const merged: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_NAMES) merged[name] = readSecret(env, name);
  const parsed = runtimeEnvSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`Invalid environment: ${problems}`);
}

/** True when no Slack credentials are set at all: `npm start` then runs the local sandbox. */
export function isSandbox(env: RuntimeEnv): boolean {
  return !env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET;
}
