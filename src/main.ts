import { createLogger } from './logger.js';
import { isSandbox, readRuntimeEnv } from './runtime-env.js';
import { startShipgate } from './shipgate.js';
import { resolveBotIdentity } from './slack/resolve-bot-identity.js';
import { startSandbox } from './start-sandbox.js';

/** `npm start`: Shipgate against real Slack when tokens are set, otherwise the local sandbox. */
const env = readRuntimeEnv();
const logger = createLogger({ level: env.LOG_LEVEL });

async function main(): Promise<void> {
  if (isSandbox(env)) {
    const sandbox = await startSandbox(env, logger);
    onShutdown(sandbox.stop);
    return;
  }
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken)
    throw new Error('SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  const identity = await resolveBotIdentity(botToken, env.SLACK_API_URL);
  const shipgate = await startShipgate({
    dbPath: env.SHIPGATE_DB,
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
  logger.info({ url: shipgate.url, mode: shipgate.slack.mode }, 'Shipgate is running');
  onShutdown(shipgate.stop);
}

function onShutdown(stop: () => Promise<void>): void {
  const handler = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'Shipgate could not start');
  process.stderr.write(`Shipgate could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
