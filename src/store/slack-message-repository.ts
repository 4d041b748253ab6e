import type { Db } from './database.js';

/** Where a message Shipgate keeps up to date lives: its channel id and timestamp once posted. */
export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string | undefined;
}

/**
 * The Slack messages Shipgate edits in place (a deploy's approval message, an incident's card), keyed by subject and
 * slot, so an update after a restart edits the same message instead of posting a new one.
 */
export class SlackMessageRepository {
  constructor(private readonly db: Db) {}

  get(subject: string, slot: string): SlackMessageRef | undefined {
    const row = this.db
      .prepare('SELECT channel, ts FROM slack_messages WHERE subject = ? AND slot = ?')
      .get(subject, slot) as { channel: string; ts: string | null } | undefined;
    return row ? { channel: row.channel, ts: row.ts ?? undefined } : undefined;
  }

  set(subject: string, slot: string, channel: string, ts: string): void {
    this.db
      .prepare(
        `INSERT INTO slack_messages (subject, slot, channel, ts) VALUES (?, ?, ?, ?)
         ON CONFLICT (subject, slot) DO UPDATE SET channel = excluded.channel, ts = excluded.ts`,
      )
      .run(subject, slot, channel, ts);
  }
}
