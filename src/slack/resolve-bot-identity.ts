import { WebClient } from '@slack/web-api';
import { DEFAULT_SLACK_TIMEOUT_MS } from './slack-timeout.js';

/** The bot's own ids, needed by Bolt (and to ignore the bot's own messages). */
export interface BotIdentity {
  readonly botId: string;
  readonly botUserId: string;
  readonly teamId: string | undefined;
}

/**
 * Asks Slack who the bot token belongs to (`auth.test`) once at start-up, with a short retry budget, so a wrong
 * token fails start-up in seconds with a clear message instead of Bolt retrying for half an hour.
 */
export async function resolveBotIdentity(
  token: string,
  apiUrl?: string,
  timeoutMs = DEFAULT_SLACK_TIMEOUT_MS,
): Promise<BotIdentity> {
  const client = new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    timeout: timeoutMs,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000 },
  });
  const result = await client.auth.test();
  if (!result.user_id || !result.bot_id) {
    throw new Error('auth.test did not return a bot user: SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  }
  return { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id };
}
