import type { ActorKind } from '../core/actor.js';
import type { NewEvent, StoredEvent } from '../core/event-record.js';
import type { SecretValues } from '../core/text/secret-values.js';
import { type Db, storedSecrets } from './database.js';
import { eventHash } from './event-hash.js';

interface EventRow {
  id: number;
  at: string;
  actor: string;
  actor_kind: ActorKind;
  subject: string;
  type: string;
  payload: string;
}

/** The SQL function {@link APPEND} hashes with; registered once per connection. */
const HASH_FUNCTION = 'shipgate_event_hash';

/**
 * One append is one statement: it reads the chain head (`events_head`, one row), takes the next id (past the head
 * and past any row there is) and stores the row with `prev_hash` = the head's hash and `hash` computed by
 * {@link eventHash} over the values as bound. A write statement takes SQLite's write lock before it reads
 * anything, so two connections or processes on one file can never read the same head and fork the chain, whether
 * or not the caller is inside a transaction; the `events_move_head` trigger then moves the head to the new row.
 */
const APPEND = `
  INSERT INTO events (id, at, actor, actor_kind, subject, type, payload, prev_hash, hash)
  SELECT next.id, @at, @actor, @kind, @subject, @type, @payload, next.prev,
         ${HASH_FUNCTION}(next.id, @at, @actor, @kind, @subject, @type, @payload, next.prev)
  FROM (
    SELECT max(head.last_id, coalesce((SELECT max(id) FROM events), 0)) + 1 AS id, head.hash AS prev
    FROM events_head AS head
  ) AS next`;

const withHashFunction = new WeakSet<Db>();

/** Registers {@link HASH_FUNCTION} on `db` (deterministic: the same fields always hash the same). */
function registerHashFunction(db: Db): void {
  if (withHashFunction.has(db)) return;
  db.function(
    HASH_FUNCTION,
    { deterministic: true },
    (id, at, actor, actorKind, subject, type, payload, prevHash) =>
      eventHash({
        id: Number(id),
        at: String(at),
        actor: String(actor),
        actorKind: String(actorKind),
        subject: String(subject),
        type: String(type),
        payload: String(payload),
        prevHash: String(prevHash),
      }),
  );
  withHashFunction.add(db);
}

/**
 * Append-only access to the `events` table (updates and deletes are refused by triggers). Payloads are stored with
 * the database's secret values redacted. Every row is chained: it stores the previous row's hash and its own
 * (see `shipgate audit verify`).
 */
export class EventLog {
  private readonly insert;
  private readonly bySubject;
  private readonly secrets: SecretValues;

  constructor(private readonly db: Db) {
    this.secrets = storedSecrets(db);
    registerHashFunction(db);
    this.insert = db.prepare<{
      at: string;
      actor: string;
      kind: ActorKind;
      subject: string;
      type: string;
      payload: string;
    }>(APPEND);
    this.bySubject = db.prepare<[string], EventRow>('SELECT * FROM events WHERE subject = ? ORDER BY id');
  }

  /** Appends one event, chained to the last, and returns its id. Call inside a transaction to group it with others. */
  append(event: NewEvent): number {
    const result = this.insert.run({
      at: event.at.toISOString(),
      actor: event.actor.id,
      kind: event.actor.kind,
      subject: event.subject,
      type: event.type,
      payload: this.secrets.json(event.payload ?? {}),
    });
    return Number(result.lastInsertRowid);
  }

  /** Every event about `subject`, oldest first. */
  forSubject(subject: string): StoredEvent[] {
    return this.bySubject.all(subject).map(toEvent);
  }

  /** The number of events stored, for tests and health checks. */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }
}

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    at: new Date(row.at),
    actor: row.actor,
    actorKind: row.actor_kind,
    subject: row.subject,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}
