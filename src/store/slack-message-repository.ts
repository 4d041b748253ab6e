import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement } from './sql/statement.js';

/** Where a message Shipgate keeps up to date lives, and a fingerprint of what was last sent for it. */
export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string | undefined;
  /** Fingerprint of the payload Slack last accepted for this message, so an identical redraw is skipped. */
  readonly rendered: string | undefined;
}

const byKey = defineStatement((db, p) =>
  db
    .selectFrom('slack_messages')
    .select(['channel', 'ts', 'rendered'])
    .where('subject', '=', p('subject'))
    .where('slot', '=', p('slot')),
);
const upsert = defineStatement((db, p) =>
  db
    .insertInto('slack_messages')
    .values({
      subject: p('subject'),
      slot: p('slot'),
      channel: p('channel'),
      ts: p('ts'),
      rendered: p('rendered'),
    })
    .onConflict((oc) =>
      oc.columns(['subject', 'slot']).doUpdateSet((eb) => ({
        channel: eb.ref('excluded.channel'),
        ts: eb.ref('excluded.ts'),
        rendered: eb.ref('excluded.rendered'),
      })),
    ),
);
const setRendered = defineStatement((db, p) =>
  db
    .updateTable('slack_messages')
    .set({ rendered: p('rendered') })
    .where('subject', '=', p('subject'))
    .where('slot', '=', p('slot')),
);

/**
 * The Slack messages Shipgate edits in place (a deploy's approval message, an incident's card), keyed by subject and
 * slot, so an update after a restart edits the same message instead of posting a new one. On either store.
 */
export class SlackMessageRepository {
  constructor(private readonly runner: SqlRunner) {}

  async get(subject: string, slot: string): Promise<SlackMessageRef | undefined> {
    const row = await this.runner.get<{ channel: string; ts: string | null; rendered: string | null }>(
      byKey,
      {
        subject,
        slot,
      },
    );
    return row
      ? { channel: row.channel, ts: row.ts ?? undefined, rendered: row.rendered ?? undefined }
      : undefined;
  }

  /** Records where the message was posted and the fingerprint of what it shows. */
  async set(subject: string, slot: string, channel: string, ts: string, rendered: string): Promise<void> {
    await this.runner.run(upsert, { subject, slot, channel, ts, rendered });
  }

  /** Records the fingerprint of what an edited message now shows. */
  async setRendered(subject: string, slot: string, rendered: string): Promise<void> {
    await this.runner.run(setRendered, { subject, slot, rendered });
  }
}
