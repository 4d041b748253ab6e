import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement } from './sql/statement.js';

/** One side effect Shipgate started in Slack: where, when, and what Slack answered once it did. */
export interface SlackAttempt {
  readonly key: string;
  /** The channel id (or, for a channel being created, its intended name). */
  readonly channel: string;
  /** The message ts (or channel id) Slack answered; undefined while the outcome is unknown. */
  readonly ts: string | undefined;
  readonly attemptedAt: Date;
}

const byKey = defineStatement((db, p) =>
  db
    .selectFrom('slack_attempts')
    .select(['key', 'channel', 'ts', 'attempted_at'])
    .where('key', '=', p('key')),
);
const begin = defineStatement((db, p) =>
  db
    .insertInto('slack_attempts')
    .values({ key: p('key'), channel: p('channel'), attempted_at: p('at') })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        channel: eb.ref('excluded.channel'),
        attempted_at: eb.ref('excluded.attempted_at'),
      })),
    ),
);
const finish = defineStatement((db, p) =>
  db
    .insertInto('slack_attempts')
    .values({
      key: p('key'),
      channel: p('channel'),
      ts: p('ts'),
      attempted_at: p('at'),
      done_at: p('doneAt'),
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        channel: eb.ref('excluded.channel'),
        ts: eb.ref('excluded.ts'),
        done_at: eb.ref('excluded.done_at'),
      })),
    ),
);
const prune = defineStatement((db, p) =>
  db.deleteFrom('slack_attempts').where('done_at', 'is not', null).where('done_at', '<', p('before')),
);

/**
 * The record of Slack side effects begun and finished, written before each call (its own committed statement) so
 * that a retry after a crash, a timeout or a lost answer knows an earlier attempt may have taken effect and looks
 * for it in Slack instead of doing it again. Slack itself has no idempotency keys. On either store.
 */
export class SlackAttemptLog {
  constructor(private readonly runner: SqlRunner) {}

  async get(key: string): Promise<SlackAttempt | undefined> {
    const row = await this.runner.get<{
      key: string;
      channel: string;
      ts: string | null;
      attempted_at: number;
    }>(byKey, { key });
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
  async begin(key: string, channel: string, at: Date): Promise<void> {
    await this.runner.run(begin, { key, channel, at: at.getTime() });
  }

  /** Records what Slack answered (or what an earlier attempt was found to have done). */
  async finish(key: string, channel: string, ts: string, at: Date): Promise<void> {
    await this.runner.run(finish, { key, channel, ts, at: at.getTime(), doneAt: at.getTime() });
  }

  /** Forgets finished attempts older than `before` (their retries are long over); returns how many. */
  prune(before: Date): Promise<number> {
    return this.runner.run(prune, { before: before.getTime() });
  }
}
