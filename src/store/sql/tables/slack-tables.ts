/** The Slack messages Shipgate keeps up to date and the side effects it began. */
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
}
