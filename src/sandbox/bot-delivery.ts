/** Per-request options: Slack's retry headers, a fixed timestamp, or a different secret (to test rejection). */
export interface DeliveryOptions {
  readonly retryNum?: number;
  readonly retryReason?: string;
  readonly timestamp?: number;
  readonly signingSecret?: string;
}

/** The bot's HTTP answer: status, raw text, and the body parsed as JSON when it is JSON. */
export interface BotReply {
  readonly status: number;
  readonly text: string;
  /** Parsed JSON body; the raw text for a non-JSON body; null for an empty one. */
  readonly body: unknown;
}
