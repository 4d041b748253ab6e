import { signSlackRequest } from '../../src/sandbox/sign-request.js';
import { TEST_SIGNING_SECRET } from './test-shipgate.js';

/** A slash-command form body with the fields Slack sends. */
export function commandBody(command: string, text: string, overrides: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0SANDBOX',
    team_domain: 'sandbox',
    channel_id: 'C0DEPLOYS',
    channel_name: 'deploys',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0SHIPGATE',
    response_url: 'http://127.0.0.1:9/respond/1',
    trigger_id: `${Date.now()}.${Math.random().toString().slice(2)}`,
    ...overrides,
  }).toString();
}

/** Options for one raw signed POST: who signs, when, and which headers to leave out or add. */
export interface PostOptions {
  secret?: string;
  timestampSec?: number;
  omit?: ('signature' | 'timestamp')[];
  headers?: Record<string, string>;
  contentType?: string;
}

/** POSTs a body to Shipgate's Slack endpoint, signed as Slack signs it (or deliberately not). */
export async function postSigned(
  baseUrl: string,
  body: string,
  options: PostOptions = {},
): Promise<Response> {
  const signed = signSlackRequest(
    options.secret ?? TEST_SIGNING_SECRET,
    body,
    options.timestampSec ?? Date.now() / 1000,
  );
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    ...options.headers,
  };
  if (!options.omit?.includes('signature')) headers['x-slack-signature'] = signed['X-Slack-Signature'];
  if (!options.omit?.includes('timestamp'))
    headers['x-slack-request-timestamp'] = signed['X-Slack-Request-Timestamp'];
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
}
