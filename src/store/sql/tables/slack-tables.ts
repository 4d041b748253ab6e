/** The Slack messages Shipgate keeps up to date, the side effects it began and the request signatures it took in. */
export interface SlackTables {
  slack_messages: {
    subject: string;
    slot: string;
    channel: string;
    ts: string | null;
    rendered: string | null;
  };
  slack_attempts: {
    key: string;
    channel: string;
    ts: string | null;
    attempted_at: number;
    done_at: number | null;
  };
  /** `X-Slack-Signature` (32 bytes) with its `X-Slack-Request-Timestamp` (epoch seconds). */
  slack_request_signatures: {
    timestamp: number;
    signature: Buffer;
  };
}
