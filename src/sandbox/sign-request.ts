import { createHmac } from 'node:crypto';

/** The two headers Slack adds to every request it sends an app. */
export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/**
 * Signs a request body exactly as Slack does: `v0=` + hex HMAC-SHA256 of `v0:${timestampSec}:${body}` under the
 * app's signing secret. Shared by the stand-in, integration tests and the benchmark so all sign the same way.
 */
export function signSlackRequest(secret: string, body: string, timestampSec: number): SlackSignatureHeaders {
  const ts = String(Math.floor(timestampSec));
  const digest = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': ts };
}
