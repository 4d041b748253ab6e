import type { Db } from './database.js';

/** How many Slack side effects wait to be delivered, and when the oldest of them was queued (epoch ms). */
export interface OutboxBacklogSize {
  readonly pending: number;
  readonly oldestQueuedAt: number | undefined;
}

/**
 * The backlog of Slack side effects: pending timers of the given kinds (queued posts, live-message syncs, thread
 * replies), whether due or waiting out a backoff. Read when `/metrics` or `/readyz` is asked.
 */
export class OutboxBacklog {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly kinds: readonly string[],
  ) {
    this.stmt = db.prepare<{ kinds: string }, { pending: number; oldest: number | null }>(
      `SELECT count(*) AS pending, min(created_at) AS oldest FROM timers
       WHERE fired_at IS NULL AND cancelled_at IS NULL AND kind IN (SELECT value FROM json_each(@kinds))`,
    );
  }

  size(): OutboxBacklogSize {
    const row = this.stmt.get({ kinds: JSON.stringify(this.kinds) });
    return { pending: row?.pending ?? 0, oldestQueuedAt: row?.oldest ?? undefined };
  }
}
