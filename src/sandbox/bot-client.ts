import type { BotReply, DeliveryOptions } from './bot-delivery.js';
import { signSlackRequest } from './sign-request.js';
import type { SocketModeServer } from './socket-mode-server.js';

export type { BotReply, DeliveryOptions } from './bot-delivery.js';

/** Where the bot listens and the secret Slack signs with. */
export interface BotEndpoint {
  readonly url: string;
  readonly signingSecret: string;
}

/**
 * Sends requests to the bot exactly as Slack does: signed (`X-Slack-Signature`, `X-Slack-Request-Timestamp`),
 * `application/x-www-form-urlencoded` for commands and `payload=` interactivity, `application/json` for events,
 * with `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` on retries. While a Socket Mode client is connected, the
 * same payloads go over its WebSocket as envelopes instead.
 */
export class BotClient {
  private endpoint: BotEndpoint | undefined;

  constructor(private readonly socket?: SocketModeServer) {}

  /** Points the client at the bot. */
  connect(endpoint: BotEndpoint): void {
    this.endpoint = endpoint;
  }

  /** True once `connect` was called or a Socket Mode client is connected. */
  get connected(): boolean {
    return this.endpoint !== undefined || this.socket?.connected === true;
  }

  /** Posts a form-encoded body (a slash command). */
  postForm(fields: Record<string, string>, options: DeliveryOptions = {}): Promise<BotReply> {
    if (this.socket?.connected) return this.socket.deliver('slash_commands', fields, options);
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Posts an interactivity payload as `payload=<json>`. */
  postPayload(payload: unknown, options: DeliveryOptions = {}): Promise<BotReply> {
    if (this.socket?.connected) return this.socket.deliver('interactive', payload, options);
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, 'application/x-www-form-urlencoded', options);
  }

  /** Posts a JSON body (an Events API envelope). */
  postJson(body: unknown, options: DeliveryOptions = {}): Promise<BotReply> {
    if (this.socket?.connected) return this.socket.deliver('events_api', body, options);
    return this.send(JSON.stringify(body), 'application/json', options);
  }

  private async send(body: string, contentType: string, options: DeliveryOptions): Promise<BotReply> {
    const endpoint = this.endpoint;
    if (!endpoint)
      throw new Error('no bot connected: call connectBot({ url, signingSecret }) or use Socket Mode');
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signSlackRequest(options.signingSecret ?? endpoint.signingSecret, body, timestamp),
    };
    if (options.retryNum !== undefined) {
      headers['X-Slack-Retry-Num'] = String(options.retryNum);
      headers['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
    }
    const response = await fetch(endpoint.url, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, body: parseReply(text) };
  }
}

function parseReply(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
