import type { ActorKind } from '../core/actor.js';
import type { NewEvent, StoredEvent } from '../core/event-record.js';
import type { SecretValues } from '../core/text/secret-values.js';
import { type Db, storedSecrets } from './database.js';

interface EventRow {
  id: number;
  at: string;
  actor: string;
  actor_kind: ActorKind;
  subject: string;
  type: string;
  payload: string;
}

/**
 * Append-only access to the `events` table (updates and deletes are refused by triggers). Payloads are stored with
 * the database's secret values redacted.
 */
export class EventLog {
  private readonly insert;
  private readonly bySubject;
  private readonly secrets: SecretValues;

  constructor(private readonly db: Db) {
    this.secrets = storedSecrets(db);
    this.insert = db.prepare(
      'INSERT INTO events (at, actor, actor_kind, subject, type, payload) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.bySubject = db.prepare<[string], EventRow>('SELECT * FROM events WHERE subject = ? ORDER BY id');
  }

  /** Appends one event and returns its id. Call inside a transaction to group it with other writes. */
  append(event: NewEvent): number {
    const result = this.insert.run(
      event.at.toISOString(),
      event.actor.id,
      event.actor.kind,
      event.subject,
      event.type,
      this.secrets.json(event.payload ?? {}),
    );
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
