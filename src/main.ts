import { createMailer } from './adapters/email/create-mailer.js';
import { PagerDutyEvents } from './adapters/pagerduty/pagerduty-events.js';
import { PagerDutyOnCall } from './adapters/pagerduty/pagerduty-on-call.js';
import { ConfigError, formatProblem } from './config/config-problem.js';
import { type LoadedConfig, loadConfig } from './config/load-config.js';
import { resolveConfigPath } from './config/resolve-config-path.js';
import { createLogger } from './logger.js';
import { guardProcess } from './process-guard.js';
import { isSandbox, readRuntimeEnv } from './runtime-env.js';
import type { Mailer } from './services/ports/mailer.js';
import { startShipgate } from './shipgate.js';
import { ShutdownLatch } from './shutdown-latch.js';
import { resolveBotIdentity } from './slack/resolve-bot-identity.js';

/** `npm start`: Shipgate against real Slack when tokens are set, otherwise the local sandbox. */
const env = readRuntimeEnv();
/** In the sandbox the one-line banner is the interface, so logs default to warnings unless LOG_LEVEL says otherwise. */
const logger = createLogger({ level: isSandbox(env) && !process.env.LOG_LEVEL ? 'warn' : env.LOG_LEVEL });
guardProcess(logger);
/** Armed before anything starts, so a SIGINT/SIGTERM during start-up still stops everything that started. */
const shutdown = new ShutdownLatch({
  exit: (code) => process.exit(code),
  info: (message, signal) => logger.info({ signal }, message),
  error: (message, err) => logger.error({ err }, message),
});
process.on('SIGINT', () => shutdown.signal('SIGINT'));
process.on('SIGTERM', () => shutdown.signal('SIGTERM'));

async function main(): Promise<void> {
  const config = loadConfigOrExit(resolveConfigPath());
  if (isSandbox(env)) {
    const { startSandbox } = await import('./start-sandbox.js');
    const sandbox = await startSandbox(env, config, logger);
    shutdown.started(sandbox.stop);
    return;
  }
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken)
    throw new Error('SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  const { timeouts } = config.config;
  const identity = await resolveBotIdentity(botToken, env.SLACK_API_URL, timeouts.slack.ms);
  const shipgate = await startShipgate({
    config,
    ...(env.PAGERDUTY_TOKEN
      ? {
          onCallDirectory: new PagerDutyOnCall({
            token: env.PAGERDUTY_TOKEN,
            apiUrl: env.PAGERDUTY_API_URL,
            timeoutMs: timeouts.pagerduty.ms,
          }),
        }
      : {}),
    ...(env.PAGERDUTY_WEBHOOK_SECRET ? { pagerDutyWebhookSecret: env.PAGERDUTY_WEBHOOK_SECRET } : {}),
    ...pagerFrom(config),
    ...mailerFrom(config),
    dbPath: env.SHIPGATE_DB,
    databaseUrl: env.SHIPGATE_DATABASE_URL,
    databasePoolSize: env.SHIPGATE_DATABASE_POOL,
    replicaId: env.SHIPGATE_REPLICA_ID,
    port: env.PORT,
    host: env.HOST,
    logger,
    slack: {
      botToken,
      botId: identity.botId,
      botUserId: identity.botUserId,
      ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    },
  });
  logger.info(
    {
      url: shipgate.url,
      mode: shipgate.slack.mode,
      store: shipgate.store.location,
      replica: shipgate.replicaId,
    },
    'Shipgate is running',
  );
  shutdown.started(shipgate.stop);
}

/** Loads the configuration, or prints every problem with its line and exits: Shipgate never runs on a bad config. */
function loadConfigOrExit(path: string): LoadedConfig {
  try {
    const config = loadConfig(path);
    logger.info({ config: path, environments: [...config.environments.keys()] }, 'configuration loaded');
    return config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Shipgate will not start: ${path} has problems\n`);
    for (const problem of err.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    process.exit(1);
  }
}

/**
 * The PagerDuty Events API client, when the config names the environment variable holding the routing key and
 * that variable is set (secrets never come from the YAML).
 */
function pagerFrom(config: LoadedConfig): { pager?: PagerDutyEvents } {
  const name = config.config.paging?.pagerduty?.routing_key_env;
  const routingKey = name ? process.env[name] : undefined;
  if (!routingKey) return {};
  const timeoutMs = config.config.timeouts.pagerduty.ms;
  return { pager: new PagerDutyEvents({ routingKey, eventsUrl: env.PAGERDUTY_EVENTS_URL, timeoutMs }) };
}

/** The SMTP mailer, when `notifications.email` is configured; its URL comes from `smtp_url_env` (refused if unset). */
function mailerFrom(config: LoadedConfig): { mailer?: Mailer } {
  const mailer = createMailer(config.config, process.env, config.config.timeouts.email.ms);
  return mailer ? { mailer } : {};
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'Shipgate could not start');
  process.stderr.write(`Shipgate could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
