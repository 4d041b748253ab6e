import type { ActorKind } from '../core/actor.js';
import type { NewEvent, StoredEvent } from '../core/event-record.js';
import type { EventStore } from '../services/ports/event-store.js';
import { eventHash } from './event-hash.js';
import { sql } from './sql/kysely.js';
import type { ShipgateTables } from './sql/shipgate-tables.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { EVENT_HASH_FUNCTION } from './sql/sqlite-functions.js';
import { defineStatement, rawStatement } from './sql/statement.js';

type EventRow = ShipgateTables['events'];

/**
 * SQLite: one append is one statement. It reads the chain head (`events_head`, one row), takes the next id (past the
 * head and past any row there is) and stores the row with `prev_hash` = the head's hash and `hash` computed by
 * {@link EVENT_HASH_FUNCTION} over the values as bound. A write statement takes SQLite's write lock before it reads
 * anything, so two connections or processes on one file can never read the same head and fork the chain, whether
 * or not the caller is inside a transaction; the `events_move_head` trigger then moves the head to the new row.
 */
const appendSqlite = rawStatement(
  (p) => sql`
    INSERT INTO events (id, at, actor, actor_kind, subject, type, payload, prev_hash, hash)
    SELECT next.id, ${p('at')}, ${p('actor')}, ${p('kind')}, ${p('subject')}, ${p('type')}, ${p('payload')}, next.prev,
           ${sql.raw(EVENT_HASH_FUNCTION)}(next.id, ${p('at')}, ${p('actor')}, ${p('kind')}, ${p('subject')},
             ${p('type')}, ${p('payload')}, next.prev)
    FROM (
      SELECT max(head.last_id, coalesce((SELECT max(id) FROM events), 0)) + 1 AS id, head.hash AS prev
      FROM events_head AS head
    ) AS next
    RETURNING id`,
);

/**
 * PostgreSQL: the chain head, row-locked until the appending transaction ends, with the largest id there is. A
 * second appender's lock waits for the first to commit and then reads the head that one moved (READ COMMITTED
 * re-reads a locked row that changed), so appends from every replica form one chain in commit order.
 */
const lockHeadPostgres = defineStatement((db) =>
  db
    .selectFrom('events_head')
    .select((eb) => [
      'last_id',
      'hash',
      eb
        .selectFrom('events')
        .select((inner) => inner.fn.max('id').as('max_id'))
        .as('max_id'),
    ])
    .forUpdate(),
);
const insertPostgres = defineStatement((db, p) =>
  db.insertInto('events').values({
    id: p('id'),
    at: p('at'),
    actor: p('actor'),
    actor_kind: p('kind'),
    subject: p('subject'),
    type: p('type'),
    payload: p('payload'),
    prev_hash: p('prev'),
    hash: p('hash'),
  }),
);

const bySubject = defineStatement((db, p) =>
  db.selectFrom('events').selectAll().where('subject', '=', p('subject')).orderBy('id'),
);
const countAll = defineStatement((db) =>
  db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')),
);

/**
 * Append-only access to the `events` table (updates and deletes are refused by triggers), on either store. Payloads
 * are stored with the store's secret values redacted. Every row is chained: it stores the previous row's hash and
 * its own (see `shipgate audit verify`). On SQLite an append is one statement; on PostgreSQL it locks the chain
 * head, computes the hash with {@link eventHash} and inserts, in one transaction (a savepoint of the caller's).
 */
export class EventLog implements EventStore {
  constructor(private readonly runner: SqlRunner) {}

  /** Appends one event, chained to the last, and returns its id. Call inside a transaction to group it with others. */
  async append(event: NewEvent): Promise<number> {
    const fields = {
      at: event.at.toISOString(),
      actor: event.actor.id,
      kind: event.actor.kind,
      subject: event.subject,
      type: event.type,
      payload: this.runner.secrets.json(event.payload ?? {}),
    };
    if (this.runner.dialect === 'sqlite') {
      const row = await this.runner.get<{ id: number }>(appendSqlite, fields);
      if (!row) throw new Error('the event append stored no row');
      return Number(row.id);
    }
    return await this.runner.transaction(async () => {
      const head = await this.runner.get<{ last_id: number; hash: string; max_id: number | null }>(
        lockHeadPostgres,
      );
      if (!head) throw new Error('events_head has no row: the database is not fully migrated');
      const id = Math.max(Number(head.last_id), Number(head.max_id ?? 0)) + 1;
      const hash = eventHash({ id, ...fields, actorKind: fields.kind, prevHash: head.hash });
      await this.runner.run(insertPostgres, { id, ...fields, prev: head.hash, hash });
      return id;
    });
  }

  /** Every event about `subject`, oldest first. */
  async forSubject(subject: string): Promise<StoredEvent[]> {
    return (await this.runner.all<EventRow>(bySubject, { subject })).map(toEvent);
  }

  /** The number of events stored, for tests and health checks. */
  async count(): Promise<number> {
    return Number((await this.runner.get<{ n: number | string }>(countAll))?.n ?? 0);
  }
}

function toEvent(row: EventRow): StoredEvent {
  return {
    id: Number(row.id),
    at: new Date(row.at),
    actor: row.actor,
    actorKind: row.actor_kind as ActorKind,
    subject: row.subject,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}
