import type { ShipgateConfig } from './core/config/shipgate-config-schema.js';
import { SecretValues } from './core/text/secret-values.js';
import { readSecret, SECRET_NAMES } from './runtime-env.js';

/** A `pass_env` name that looks like it holds a secret. */
const SECRET_LOOKING = /TOKEN|SECRET|KEY|PASSWORD/i;

/**
 * The environment variables whose values are secrets: the runtime contract's tokens and signing secrets, the
 * PagerDuty routing key (`paging.pagerduty.routing_key_env`), every HTTP deploy target's `secret_env`, and every
 * `pass_env` name of a deploy target or validation that looks secret (`*TOKEN*`, `*SECRET*`, `*KEY*`,
 * `*PASSWORD*`).
 */
export function secretEnvNames(config: ShipgateConfig): string[] {
  const names = new Set<string>(SECRET_NAMES);
  const routingKey = config.paging?.pagerduty?.routing_key_env;
  if (routingKey) names.add(routingKey);
  const smtp = config.notifications.email?.smtp_url_env;
  if (smtp) names.add(smtp);
  for (const service of Object.values(config.services)) {
    const deploy = service.deploy;
    if (deploy?.adapter === 'http') names.add(deploy.secret_env);
    const passed = [
      ...(deploy?.adapter === 'command' ? deploy.pass_env : []),
      ...Object.values(service.validations).flatMap((v) => v.pass_env),
    ];
    for (const name of passed) if (SECRET_LOOKING.test(name)) names.add(name);
  }
  return [...names];
}

/**
 * Every secret value Shipgate knows, gathered once at start-up: the variables {@link secretEnvNames} lists (or
 * the files their `<NAME>_FILE` variables name), the password in `SHIPGATE_DATABASE_URL`, plus `known` values handed over directly (the Slack tokens and
 * signing secrets the app was started with).
 */
export function gatherSecretValues(
  config: ShipgateConfig,
  env: NodeJS.ProcessEnv,
  known: readonly (string | undefined)[] = [],
): SecretValues {
  return SecretValues.of([
    ...secretEnvNames(config).map((name) => readSecret(env, name)),
    databasePassword(readSecret(env, 'SHIPGATE_DATABASE_URL')),
    ...known,
  ]);
}

/** The password inside a `postgres://user:password@host/db` connection string, decoded as the driver sends it. */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
