import type { Db } from './database.js';
import { Statements } from './statements.js';

/** Where a message Shipgate keeps up to date lives, and a fingerprint of what was last sent for it. */
export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string | undefined;
  /** Fingerprint of the payload Slack last accepted for this message, so an identical redraw is skipped. */
  readonly rendered: string | undefined;
}

/**
 * The Slack messages Shipgate edits in place (a deploy's approval message, an incident's card), keyed by subject and
 * slot, so an update after a restart edits the same message instead of posting a new one.
 */
export class SlackMessageRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  get(subject: string, slot: string): SlackMessageRef | undefined {
    const row = this.sql
      .get('SELECT channel, ts, rendered FROM slack_messages WHERE subject = ? AND slot = ?')
      .get(subject, slot) as { channel: string; ts: string | null; rendered: string | null } | undefined;
    return row
      ? { channel: row.channel, ts: row.ts ?? undefined, rendered: row.rendered ?? undefined }
      : undefined;
  }

  /** Records where the message was posted and the fingerprint of what it shows. */
  set(subject: string, slot: string, channel: string, ts: string, rendered: string): void {
    this.sql
      .get(
        `INSERT INTO slack_messages (subject, slot, channel, ts, rendered) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subject, slot) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
           rendered = excluded.rendered`,
      )
      .run(subject, slot, channel, ts, rendered);
  }

  /** Records the fingerprint of what an edited message now shows. */
  setRendered(subject: string, slot: string, rendered: string): void {
    this.sql
      .get('UPDATE slack_messages SET rendered = ? WHERE subject = ? AND slot = ?')
      .run(rendered, subject, slot);
  }
}
