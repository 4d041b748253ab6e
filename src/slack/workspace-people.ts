import { WebClient } from '@slack/web-api';
import type { People } from '../services/ports/people.js';
import { DEFAULT_SLACK_TIMEOUT_MS } from './slack-timeout.js';
import { UserDirectory } from './user-directory.js';

/**
 * The workspace's people directory for a token, outside a running Shipgate (the `config check --slack` CLI): a
 * Web API client with a short retry budget, so a wrong token or an unreachable Slack fails in seconds.
 */
export function workspacePeople(
  token: string,
  apiUrl?: string,
  timeoutMs = DEFAULT_SLACK_TIMEOUT_MS,
): People {
  const client = new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    timeout: timeoutMs,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  });
  return new UserDirectory(client);
}
