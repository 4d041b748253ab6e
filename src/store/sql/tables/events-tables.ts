/** The append-only, hash-chained event log and its chain head. */
export interface EventTables {
  events: {
    id: number;
    /** ISO-8601 UTC text, as the hash covers it. */
    at: string;
    actor: string;
    actor_kind: string;
    subject: string;
    type: string;
    /** JSON object text, secret values redacted. */
    payload: string;
    /** NULL only in a row written around Shipgate. */
    prev_hash: string | null;
    hash: string | null;
  };
  /** One row (`one` = 1), moved by a trigger on every insert into `events`. */
  events_head: {
    one: number;
    last_id: number;
    hash: string;
  };
}
