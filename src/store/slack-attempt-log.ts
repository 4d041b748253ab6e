import type { Db } from './database.js';
import { Statements } from './statements.js';

/** One side effect Shipgate started in Slack: where, when, and what Slack answered once it did. */
export interface SlackAttempt {
  readonly key: string;
  /** The channel id (or, for a channel being created, its intended name). */
  readonly channel: string;
  /** The message ts (or channel id) Slack answered; undefined while the outcome is unknown. */
  readonly ts: string | undefined;
  readonly attemptedAt: Date;
}

/**
 * The record of Slack side effects begun and finished, written before each call (its own committed statement) so
 * that a retry after a crash, a timeout or a lost answer knows an earlier attempt may have taken effect and looks
 * for it in Slack instead of doing it again. Slack itself has no idempotency keys.
 */
export class SlackAttemptLog {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  get(key: string): SlackAttempt | undefined {
    const row = this.sql
      .get('SELECT key, channel, ts, attempted_at FROM slack_attempts WHERE key = ?')
      .get(key) as { key: string; channel: string; ts: string | null; attempted_at: number } | undefined;
    return row
      ? {
          key: row.key,
          channel: row.channel,
          ts: row.ts ?? undefined,
          attemptedAt: new Date(row.attempted_at),
        }
      : undefined;
  }

  /** Records that the call for `key` is about to be made (again) in `channel`. */
  begin(key: string, channel: string, at: Date): void {
    this.sql
      .get(
        `INSERT INTO slack_attempts (key, channel, attempted_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, attempted_at = excluded.attempted_at`,
      )
      .run(key, channel, at.getTime());
  }

  /** Records what Slack answered (or what an earlier attempt was found to have done). */
  finish(key: string, channel: string, ts: string, at: Date): void {
    this.sql
      .get(
        `INSERT INTO slack_attempts (key, channel, ts, attempted_at, done_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, ts = excluded.ts, done_at = excluded.done_at`,
      )
      .run(key, channel, ts, at.getTime(), at.getTime());
  }

  /** Forgets finished attempts older than `before` (their retries are long over); returns how many. */
  prune(before: Date): number {
    return this.sql
      .get('DELETE FROM slack_attempts WHERE done_at IS NOT NULL AND done_at < ?')
      .run(before.getTime()).changes;
  }
}
