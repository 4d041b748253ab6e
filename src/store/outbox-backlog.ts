import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement, statementShapes } from './sql/statement.js';

/** How many Slack side effects wait to be delivered, and when the oldest of them was queued (epoch ms). */
export interface OutboxBacklogSize {
  readonly pending: number;
  readonly oldestQueuedAt: number | undefined;
}

/** The pending timers of `kinds` kinds (`k0`, `k1`, …): how many, and the oldest one's `created_at`. */
const backlogOf = statementShapes((kinds: number) =>
  defineStatement((db, p) =>
    db
      .selectFrom('timers')
      .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('created_at').as('oldest')])
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .where(
        'kind',
        'in',
        Array.from({ length: kinds }, (_, i) => p(`k${i}`)),
      ),
  ),
);

/**
 * The backlog of Slack side effects: pending timers of the given kinds (queued posts, live-message syncs, thread
 * replies), whether due or waiting out a backoff, on either store. Read when `/metrics` or `/readyz` is asked.
 */
export class OutboxBacklog {
  private readonly statement;
  private readonly args: Readonly<Record<string, string>>;

  constructor(
    private readonly runner: SqlRunner,
    kinds: readonly string[],
  ) {
    if (kinds.length === 0) throw new Error('an outbox backlog needs at least one timer kind');
    this.statement = backlogOf(kinds.length);
    this.args = Object.fromEntries(kinds.map((kind, i) => [`k${i}`, kind]));
  }

  /** The backlog now: one aggregate query over the pending timers. */
  async size(): Promise<OutboxBacklogSize> {
    const row = await this.runner.get<{ pending: number | string; oldest: number | string | null }>(
      this.statement,
      this.args,
    );
    return {
      pending: Number(row?.pending ?? 0),
      oldestQueuedAt: row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest),
    };
  }
}
